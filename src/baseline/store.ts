import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative } from 'node:path'
import { PerfgateError } from '../errors/index.ts'
import type { BaselineEntry } from './entry.ts'

/**
 * Where `toMatchBaseline` keeps and finds baselines, keyed by spec file and entry name. Matchers get
 * one from their runner's setup (`perfgate/vitest`, `perfgate/jest`) and do no file I/O themselves.
 */
export interface BaselineStore {
  /** Where the baselines of this spec live, as messages name it. */
  locate(testPath: string): string
  read(testPath: string, key: string): BaselineEntry | undefined
  write(testPath: string, key: string, entry: BaselineEntry): void
}

/**
 * The environment variable the reporters set (before test workers start) to the folder holding
 * baselines, for the runners' setup to configure the file store with.
 */
export const BASELINE_DIR_ENV = 'PERFGATE_BASELINE_DIR'

/**
 * The baseline store on disk: `__perf__/<spec>.baseline.json` beside each spec, or under the
 * folder `dir()` returns (asked at each use, so a setup may read configuration late).
 *
 * @example
 * const store = fileBaselineStore(() => undefined)
 * store.locate('/repo/perf/api.perf.ts') // '/repo/perf/__perf__/api.perf.ts.baseline.json'
 */
export function fileBaselineStore(dir: () => string | undefined = () => undefined): BaselineStore {
  return {
    locate: (testPath) => baselinePath(testPath, dir()),
    read: (testPath, key) => readBaselineFile(baselinePath(testPath, dir())).entries[key],
    write: (testPath, key, entry) => writeBaselineEntry(baselinePath(testPath, dir()), key, entry),
  }
}

/** The version of baseline files; entries are keyed by test name like snapshots. */
export const BASELINE_SCHEMA_VERSION = 1

/** A baseline file: `__perf__/<spec file>.baseline.json`. */
export interface BaselineFile {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION
  entries: Record<string, BaselineEntry>
}

/**
 * Where the baselines of a spec file live: `__perf__/<spec>.baseline.json` beside it, or, when
 * `dir` is set (the reporters' `baselineDir`), `<dir>/<spec path relative to cwd>.baseline.json`.
 */
export function baselinePath(testPath: string, dir?: string, cwd = process.cwd()): string {
  if (!dir) return join(dirname(testPath), '__perf__', `${basename(testPath)}.baseline.json`)
  const rel = relative(cwd, testPath)
  return join(dir, `${rel.startsWith('..') || isAbsolute(rel) ? basename(testPath) : rel}.baseline.json`)
}

export function readBaselineFile(path: string): BaselineFile {
  if (!existsSync(path)) return { schemaVersion: BASELINE_SCHEMA_VERSION, entries: {} }
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new PerfgateError('PERFGATE_ERR_BASELINE', `The baseline file ${path} is not valid JSON; delete it and run with -u to record it again.`, { cause: error })
  }
  const file = data as Partial<BaselineFile>
  if (file.schemaVersion !== BASELINE_SCHEMA_VERSION || typeof file.entries !== 'object' || file.entries === null) {
    throw new PerfgateError('PERFGATE_ERR_BASELINE', `The baseline file ${path} has schemaVersion ${String(file.schemaVersion)}; this perfgate reads ${BASELINE_SCHEMA_VERSION}. Run with -u to record it again.`)
  }
  return file as BaselineFile
}

/** Stores one entry, keeping the others; keys are sorted so the file diffs cleanly. */
export function writeBaselineEntry(path: string, key: string, entry: BaselineEntry): void {
  const file = readBaselineFile(path)
  const entries = { ...file.entries, [key]: entry }
  const sorted = Object.fromEntries(Object.keys(entries).sort().map((k) => [k, entries[k]!]))
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify({ schemaVersion: BASELINE_SCHEMA_VERSION, entries: sorted }, null, 2)}\n`)
}
