import { compareToBaseline } from '../baseline/compare.ts'
import { baselineEntryOf, type BaselineEntry } from '../baseline/entry.ts'
import type { BaselineStore } from '../baseline/store.ts'
import { PerfgateError } from '../errors/index.ts'
import { keyIntervals } from '../judge/significance.ts'
import type { Verdict } from '../judge/verdict.ts'
import { summarizeMeasurement } from '../measure/summary.ts'
import { redactSecrets } from '../redact/index.ts'
import type { BaselineOutcome, ReferenceRun } from '../results/assertion.ts'
import { assertionPasses, type MatcherResult } from './assert.ts'
import { diagnosis } from './message.ts'
import { mergeMeasurements } from '../measure/merge.ts'
import type { Measurement } from '../measure/measurement.ts'
import { toMeasurement, type MatcherOptions } from './received.ts'
import { callSite, recordAssertion, type MatcherContext } from './record.ts'

/** Options of `toMatchBaseline`. */
export interface BaselineOptions extends MatcherOptions {
  /** Relative slowdown of p50/p95/p99 allowed before it counts as a regression. @default 0.1 */
  tolerance?: number
  /** Tells apart several baselines in one test; the key is `<test name> › <name>`. */
  name?: string
  /**
   * Runs of a function handed to the matcher (each timed with `bench()`): a baseline recorded from
   * several runs keeps their spread as its noise floor. Pass an array of Measurements to do the
   * same with `load()` runs. @default 1
   */
  runs?: number
}

let store: BaselineStore | undefined

/** Where `toMatchBaseline` keeps baselines; the runner's setup (`perfgate/vitest`, `perfgate/jest`) sets it. */
export function setBaselineStore(next: BaselineStore | undefined): void {
  store = next
}

/**
 * The snapshot update mode, 'all' | 'new' | 'none': Vitest's public `snapshotUpdateState`, or
 * `_updateSnapshot` on Jest's snapshot state (not part of either runner's typed API).
 */
function updateMode(context: MatcherContext): string {
  const state = (context as { snapshotState?: { snapshotUpdateState?: string; _updateSnapshot?: string } }).snapshotState
  return state?.snapshotUpdateState ?? state?._updateSnapshot ?? 'new'
}

/**
 * Compares a measurement with the baseline stored for this test in `__perf__/<spec>.baseline.json`
 * (like a snapshot): recorded when missing, rewritten with `vitest -u` / `jest -u`, and judged
 * statistically otherwise — a regression beyond `tolerance` fails, a change the confidence
 * intervals cannot resolve is reported as within noise and does not fail.
 *
 * @example
 * await expect(await load(url, { rate: 200, duration: '10s' })).toMatchBaseline({ tolerance: 0.1 })
 */
export async function toMatchBaseline(this: MatcherContext, received: unknown, options: BaselineOptions = {}): Promise<MatcherResult> {
  const tolerance = options.tolerance ?? 0.1
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_OPTION', `toMatchBaseline: tolerance must be a non-negative fraction such as 0.1 (10%); got ${String(tolerance)}.`)
  }
  if (!this.testPath || !this.currentTestName) {
    throw new PerfgateError('PERFGATE_ERR_BASELINE', 'toMatchBaseline needs a running test (its file and name key the baseline); call it inside test().')
  }
  if (!store) {
    throw new PerfgateError('PERFGATE_ERR_BASELINE', "toMatchBaseline has no baseline store: register the matchers with import 'perfgate/vitest' or 'perfgate/jest'.")
  }
  const testPath = this.testPath
  const site = callSite(new Error().stack, testPath)
  const runs = await toRuns(received, options)
  const measurement = runs.length === 1 ? runs[0]! : mergeMeasurements(runs)
  const file = store.locate(testPath)
  // The key is written to a file people commit: a title or name holding a credential must not be.
  const key = redactSecrets(options.name ? `${this.currentTestName} › ${options.name}` : this.currentTestName)
  const mode = updateMode(this)
  const stored = store.read(testPath, key)
  const negated = this.isNot === true
  const record = (baseline: BaselineOutcome, passed: boolean, verdicts: Verdict[] = []): void =>
    recordAssertion(
      {
        matcher: 'toMatchBaseline',
        negated,
        passed,
        verdicts,
        measurement: summarizeMeasurement(measurement),
        ...(site ? { location: site } : {}),
        baseline,
        ...(measurement.tag === undefined ? {} : { tag: measurement.tag }),
        estimates: keyIntervals(measurement),
        ...(baseline === 'compared' && stored ? { reference: referenceOf(stored) } : {}),
      },
      this,
    )

  const saturation = { saturated: runs.some((run) => run.facts.saturation.saturated), reasons: [...new Set(runs.flatMap((run) => run.facts.saturation.reasons))] }
  if ((mode === 'all' || (!stored && mode !== 'none')) && saturation.saturated) {
    record('missing', false)
    return {
      pass: negated,
      message: () => `toMatchBaseline: not recording "${key}": the load generator was saturated (${saturation.reasons.join('; ')}), so the run measured perfgate, not the system. Lower the rate or use { workers: 2 }, then record again.`,
    }
  }
  if (mode === 'all' || (!stored && mode !== 'none')) {
    store.write(testPath, key, baselineEntryOf(runs))
    record('recorded', !negated)
    return { pass: true, message: () => `toMatchBaseline: ${stored ? 'updated' : 'recorded'} the baseline "${key}" in ${file}` }
  }
  if (!stored) {
    record('missing', false)
    return {
      pass: negated,
      message: () => `toMatchBaseline: no baseline "${key}" in ${file}, and this run does not write new ones (CI). Run the test locally (or with -u) to record it, then commit the file.`,
    }
  }
  const verdicts = compareToBaseline(runs, stored, tolerance)
  const passed = assertionPasses(verdicts, negated)
  record('compared', passed, verdicts)
  return {
    pass: negated ? !passed : passed,
    message: () => `${diagnosis('toMatchBaseline', verdicts, measurement, negated)}\n  baseline: "${key}" in ${file} (${stored.count.toLocaleString('en-US')} samples)`,
  }
}

/** The stored baseline's distribution, for reporters to draw beside the run judged against it. */
function referenceOf(entry: BaselineEntry): ReferenceRun {
  const q = entry.quantiles
  return { kind: 'baseline', count: entry.count, latency: { min: entry.min, p50: q.p50, p75: q.p75, p90: q.p90, p95: q.p95, p99: q.p99, p999: q['p99.9'], max: entry.max } }
}

/** The runs a baseline assertion judges: an array of measurements, a function run `runs` times, or one measurement. */
async function toRuns(received: unknown, options: BaselineOptions): Promise<Measurement[]> {
  const runs = options.runs ?? 1
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_OPTION', `toMatchBaseline: runs must be a whole number from 1 to 100, such as 3; got ${String(runs)}.`)
  }
  const value = typeof received === 'function' ? received : await received
  if (Array.isArray(value)) {
    if (value.length === 0) throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', 'toMatchBaseline() got an empty array; pass one Measurement, or several runs of the same thing.')
    return Promise.all(value.map((run: unknown) => toMeasurement(run, 'toMatchBaseline', options)))
  }
  const measured: Measurement[] = []
  for (let i = 0; i < (typeof value === 'function' ? runs : 1); i++) measured.push(await toMeasurement(value, 'toMatchBaseline', options))
  return measured
}
