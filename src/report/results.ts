import { relative, isAbsolute } from 'node:path'
import type { JudgedAssertion } from '../results/assertion.ts'
import type { RunInfo } from './runInfo.ts'

/**
 * The version of the JSON results file, bumped on any breaking change to {@link PerfResults}: 2 since
 * an assertion may have no `measurement` and a verdict may be in cores, MB or a count (toStayWithin,
 * toHaveNoViolations); a perfgate that reads only 1 refuses such a file with a coded error instead of
 * failing on a missing field. This one reads 1 and 2.
 */
export const RESULTS_SCHEMA_VERSION = 2
/** Schemas `perfgate compare` reads: every version 2 file is a version 1 file plus what 2 added. */
export const READABLE_RESULTS_SCHEMAS: readonly number[] = [1, 2]

/** One test case that made perfgate assertions. */
export interface PerfTestResult {
  /** The spec file, relative to the project root, with `/` separators. */
  file: string
  /** The test's own title. */
  name: string
  /** Suite titles and the test title joined by ' > '. */
  fullName: string
  /** What the runner decided for the whole test (other assertions included). */
  state: 'passed' | 'failed' | 'skipped' | 'pending'
  /** Every perfgate assertion the test made, in order; locations are relative to the root. */
  assertions: JudgedAssertion[]
}

/**
 * The perfgate results file (`schemaVersion` 2; files of version 1 are read too), written by the
 * `json` reporter option and read by `perfgate compare`. Fields are only ever added within a schema
 * version; anything a reader of the previous version could not handle makes a new one.
 *
 * - `outcome` is `NO-GO` when any perfgate assertion failed its test, `GO` otherwise.
 * - `totals` counts verdicts (one per threshold or limit): `marginal` passes have under 10% headroom (the judge marks them);
 *   a FAIL inside a `.not` assertion (a canary the spec expects to fail) is counted in `expectedFails`, not `failed`.
 * - each assertion carries its `verdicts` (see `JudgedVerdict`) and, when it judged a load run, a `measurement`
 *   summary (`MeasurementSummary`: counts, rps, latency percentiles in ms, timeline, byTag). `toStayWithin`
 *   (one verdict per resource limit: `cpu` in cores, `machineCpu` a ratio, `rssMb` in MB) and
 *   `toHaveNoViolations` (one verdict, `violations`: a count, limit 0) have no `measurement`.
 */
export interface PerfResults {
  /** What was written; a file read back may say 1 (every assertion then has a `measurement`). */
  schemaVersion: 1 | typeof RESULTS_SCHEMA_VERSION
  tool: 'perfgate'
  runner: 'vitest' | 'jest'
  /** ISO time the file was written. */
  generatedAt: string
  outcome: 'GO' | 'NO-GO'
  /** What produced the numbers (commit, Node, OS, CPU, CI, profile); absent in files from before it was added. */
  run?: RunInfo
  totals: { tests: number; assertions: number; verdicts: number; passed: number; marginal: number; failed: number; inconclusive: number; expectedFails?: number }
  tests: PerfTestResult[]
}

/** Test results as a runner reports them, before paths are made relative. */
export interface CollectedTest extends Omit<PerfTestResult, 'file'> {
  file: string
}

/** Builds the results document: relative paths, totals and the GO / NO-GO outcome. */
export function buildResults(tests: readonly CollectedTest[], options: { root: string; runner: PerfResults['runner']; now?: Date; run?: RunInfo }): PerfResults {
  const rel = (file: string): string => (isAbsolute(file) ? relative(options.root, file) : file).split('\\').join('/')
  const withPerf = tests
    .filter((t) => t.assertions.length > 0)
    .map((t) => ({
      ...t,
      file: rel(t.file),
      assertions: t.assertions.map((a) => (a.location ? { ...a, location: { ...a.location, file: rel(a.location.file) } } : a)),
    }))
    .sort((a, b) => a.file.localeCompare(b.file))
  const assertions = withPerf.flatMap((t) => t.assertions)
  const verdicts = assertions.flatMap((a) => a.verdicts)
  const marginal = verdicts.filter((v) => v.marginal)
  const fails = assertions.flatMap((a) => a.verdicts.filter((v) => v.status === 'fail').map(() => a.negated))
  const expectedFails = fails.filter((negated) => negated).length
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: 'perfgate',
    runner: options.runner,
    generatedAt: (options.now ?? new Date()).toISOString(),
    outcome: assertions.every((a) => a.passed) ? 'GO' : 'NO-GO',
    ...(options.run ? { run: options.run } : {}),
    totals: {
      tests: withPerf.length,
      assertions: assertions.length,
      verdicts: verdicts.length,
      passed: verdicts.filter((v) => v.status === 'pass').length,
      marginal: marginal.length,
      failed: fails.length - expectedFails,
      inconclusive: verdicts.filter((v) => v.status === 'inconclusive').length,
      ...(expectedFails ? { expectedFails } : {}),
    },
    tests: withPerf,
  }
}
