import { compareToBaseline } from '../baseline/compare.ts'
import { baselineEntryOf, type BaselineEntry } from '../baseline/entry.ts'
import type { BaselineStore } from '../baseline/store.ts'
import { PerfgateError } from '../errors/index.ts'
import type { Verdict } from '../judge/verdict.ts'
import { summarizeMeasurement } from '../measure/summary.ts'
import { redactSecrets } from '../redact/index.ts'
import type { BaselineOutcome, ReferenceRun } from '../results/assertion.ts'
import { estimatesOf } from '../results/estimates.ts'
import { assertionPasses, type MatcherResult } from './assert.ts'
import { diagnosis } from './message.ts'
import { toMeasurement, type MatcherOptions } from './received.ts'
import { callSite, recordAssertion, type MatcherContext } from './record.ts'

/** Options of `toMatchBaseline`. */
export interface BaselineOptions extends MatcherOptions {
  /** Relative slowdown of p50/p95/p99 allowed before it counts as a regression. @default 0.1 */
  tolerance?: number
  /** Tells apart several baselines in one test; the key is `<test name> › <name>`. */
  name?: string
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
  const measurement = await toMeasurement(received, 'toMatchBaseline', options)
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
        estimates: estimatesOf(measurement.latency),
        ...(baseline === 'compared' && stored ? { reference: referenceOf(stored) } : {}),
      },
      this,
    )

  const saturation = measurement.facts.saturation
  if ((mode === 'all' || (!stored && mode !== 'none')) && saturation.saturated) {
    record('missing', false)
    return {
      pass: negated,
      message: () => `toMatchBaseline: not recording "${key}": the load generator was saturated (${saturation.reasons.join('; ')}), so the run measured perfgate, not the system. Lower the rate or use { workers: 2 }, then record again.`,
    }
  }
  if (mode === 'all' || (!stored && mode !== 'none')) {
    store.write(testPath, key, baselineEntryOf(measurement))
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
  const verdicts = compareToBaseline(measurement, stored, tolerance)
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
