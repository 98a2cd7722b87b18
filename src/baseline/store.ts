import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative } from 'node:path'
import { PerfgateError } from '../errors/index.ts'
import type { BaselineEntry } from './entry.ts'

/** The version of baseline files; entries are keyed by test name like snapshots. */
export const BASELINE_SCHEMA_VERSION = 1

/** A baseline file: `__perf__/<spec file>.baseline.json`. */
export interface BaselineFile {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION
  entries: Record<string, BaselineEntry>
}

/**
 * Where the baselines of a spec file live: `__perf__/<spec>.baseline.json` beside it, or, when
 * `dir` is set (`PERFGATE_BASELINE_DIR`), `<dir>/<spec path relative to cwd>.baseline.json`.
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
