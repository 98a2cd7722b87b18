import { CHANGE_STATS, judgeChange, type ChangeStat } from '../judge/change.ts'
import { percentileRankInterval } from '../judge/confidence.ts'
import type { Verdict } from '../judge/verdict.ts'
import type { Measurement } from '../measure/measurement.ts'
import type { JudgedAssertion } from '../results/assertion.ts'

/** How one statistic moved between two runs, as the judge sees it. */
export interface ChangeMark {
  metric: ChangeStat
  before: number
  after: number
  /**
   * `slower` / `faster`: the change is outside noise (the 95% intervals of both runs exclude no
   * change); `within-noise`: they cannot tell; `not-judged`: a run lacks the data (too few samples,
   * a saturated generator, a file written before intervals were kept).
   */
  significance: 'slower' | 'faster' | 'within-noise' | 'not-judged'
  /** The judge's own sentence (with both intervals), or why it could not judge. */
  detail: string
}

/**
 * Marks how p50, p95 and p99 moved from one results file's assertion to another's — the one place
 * that decides what is significant, with the judge's `judgeChange` at zero tolerance: a change is
 * significant when the combined 95% interval of the difference excludes zero. The earlier run's
 * kept estimates are the reference; the later run's are fed back through the judge's order-
 * statistic ranks, so the verdict is the one judgeChange would give on the measurement itself.
 */
export function markChanges(before: JudgedAssertion, after: JudgedAssertion): ChangeMark[] {
  const marks: ChangeMark[] = []
  // Without a load measurement on both sides (resources, invariants) there is no latency to mark.
  const [was, is] = [before.measurement, after.measurement]
  if (!was || !is) return marks
  const reference = before.estimates ?? {}
  const now = after.estimates ?? {}
  const saturated = was.facts.saturation.saturated || is.facts.saturation.saturated
  const verdicts = saturated || !before.estimates || !after.estimates ? [] : judgeChange(asMeasurement(is, now), reference, 0)
  for (const stat of Object.keys(CHANGE_STATS) as ChangeStat[]) {
    const a = was.latency[stat]
    const b = is.latency[stat]
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue
    const verdict = verdicts.find((v) => v.metric === stat)
    const why = saturated
      ? 'not judged: the load generator was saturated in one of the runs'
      : !before.estimates || !after.estimates
        ? 'not judged: a results file without confidence intervals (written by an older perfgate)'
        : !reference[stat] || !now[stat]
          ? `not judged: too few samples for a 95% interval of ${stat}`
          : undefined
    marks.push({ metric: stat, before: a, after: b, significance: why || !verdict ? 'not-judged' : significanceOf(verdict), detail: why ?? verdict?.summary ?? 'not judged' })
  }
  return marks
}

function significanceOf(v: Verdict): ChangeMark['significance'] {
  if (v.status === 'fail') return 'slower'
  if (v.status === 'pass') return v.measured < v.limit ? 'faster' : 'within-noise'
  return v.reason === 'within-noise' ? 'within-noise' : 'not-judged'
}

/**
 * The later run as judgeChange reads it: its sample count and, at the ranks the judge's interval of
 * each statistic asks for, the interval ends that run kept. Nothing else of it is read.
 */
function asMeasurement(after: NonNullable<JudgedAssertion['measurement']>, estimates: NonNullable<JudgedAssertion['estimates']>): Measurement {
  const count = after.count
  const atRank = new Map<number, number>()
  const value = new Map<number, number>()
  for (const [stat, p] of Object.entries(CHANGE_STATS) as Array<[ChangeStat, number]>) {
    const e = estimates[stat]
    if (!e) continue
    const ranks = percentileRankInterval(p, count)
    if (ranks.low !== undefined) atRank.set(ranks.low, e.low)
    if (ranks.high !== undefined) atRank.set(ranks.high, e.high)
    value.set(p, e.value)
  }
  const latency = {
    count,
    percentile: (p: number) => value.get(p) ?? Number.NaN,
    valueAtRank: (rank: number) => atRank.get(rank) ?? Number.NaN,
  }
  return { latency, facts: after.facts } as unknown as Measurement
}
