import { PerfgateError } from '../errors/index.ts'
import { toMs, type Duration } from '../measure/duration.ts'
import type { Measurement } from '../measure/measurement.ts'
import { sliceWindows } from '../measure/window.ts'
import { formatNumber } from './format.ts'
import { judge } from './judge.ts'
import { percentileOf, type Threshold } from './threshold.ts'
import { PASSING_REASONS, type Verdict } from './verdict.ts'

/** Reads a window option: whole seconds, at least one; PERFGATE_ERR_INVALID_OPTION otherwise. */
export function windowMsOf(window: Duration | undefined): number | undefined {
  if (window === undefined) return undefined
  let ms: number
  try {
    ms = toMs(window)
  } catch {
    ms = Number.NaN
  }
  if (!Number.isFinite(ms) || ms < 1000 || ms % 1000 !== 0) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_OPTION', `window must be whole seconds, at least 1 s, such as '10s' or 10000; got ${JSON.stringify(window)}. The timeline it is cut from has one point per second.`)
  }
  return ms
}

/**
 * Judges a threshold on each window of `windowMs` (whole seconds) of a run and answers with the
 * worst: the lowest margin among the windows that could be judged. A run whose last 10% is all
 * errors can pass an error rate over the whole run; its last window cannot. Windows with too few
 * samples for the statistic are skipped while any other window can be judged (the summary counts
 * them); when none can, the first window's answer (too few samples) is the verdict.
 *
 * @example
 * judgeWindows(m, { stat: 'errorRate', max: 0.01 }, 10_000).window // { startMs: 50000, endMs: 60000, windows: 6 }
 */
export function judgeWindows(m: Measurement, threshold: Threshold, windowMs: number): Verdict {
  const latency = percentileOf(threshold) !== undefined || threshold.stat === 'mean'
  const windows = sliceWindows(m, windowMs, latency)
  const judged = windows.map((w) => ({ w, verdict: judge(w.measurement, threshold) }))
  const usable = judged.filter(({ verdict }) => verdict.status !== 'inconclusive' || PASSING_REASONS.has(verdict.reason))
  const severity = (v: Verdict): number => (v.status === 'fail' ? 0 : v.status === 'inconclusive' ? 1 : 2)
  const worst = usable.length
    ? usable.reduce((a, b) => (severity(b.verdict) < severity(a.verdict) || (severity(b.verdict) === severity(a.verdict) && b.verdict.margin < a.verdict.margin) ? b : a))
    : judged.find(({ verdict }) => verdict.reason !== 'no-data') ?? judged[0]!
  const skipped = judged.length - usable.length
  const range = `${formatNumber(worst.w.startMs / 1000)}–${formatNumber(worst.w.endMs / 1000)} s`
  const of = `${windows.length} window${windows.length > 1 ? 's' : ''} of ${formatNumber(windowMs / 1000)} s`
  const note = usable.length && skipped ? ` (${skipped} of the ${of} too thin to judge)` : ''
  return {
    ...worst.verdict,
    window: { startMs: worst.w.startMs, endMs: worst.w.endMs, windows: windows.length },
    summary: `${usable.length ? 'worst' : 'first'} of ${of}, ${range}: ${worst.verdict.summary}${note}`,
  }
}
