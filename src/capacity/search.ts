/** What the probes so far have shown: the highest rate met and the lowest rate broken. */
export interface Bracket {
  met?: number
  broke?: number
}

/** Where the search looks: `from` and `to` in req/s, and the relative width it narrows the bracket to. */
export interface SearchBounds {
  from: number
  to: number
  resolution: number
}

/** The next rate to probe, or why the search is done. */
export type NextStep = { rate: number } | { done: 'resolved' | 'reached-to' | 'broke-at-from' }

/** How much each step up multiplies the last met rate, before anything broke. */
export const STEP_UP_FACTOR = 2

/**
 * The next probe of a capacity search: `from` first, then doubling from the last met rate (capped
 * at `to`) until a rate breaks, then bisecting between the highest met and the lowest broken rate
 * until they are within `resolution` of the met one. Pure.
 *
 * @example
 * nextStep({ met: 200, broke: 400 }, { from: 50, to: 1000, resolution: 0.05 }) // { rate: 300 }
 */
export function nextStep({ met, broke }: Bracket, { from, to, resolution }: SearchBounds): NextStep {
  if (met === undefined) return broke === undefined ? { rate: from } : { done: 'broke-at-from' }
  if (broke === undefined) return met >= to ? { done: 'reached-to' } : { rate: Math.min(to, met * STEP_UP_FACTOR) }
  if (broke - met <= resolution * met) return { done: 'resolved' }
  const rate = roundRate((met + broke) / 2)
  return rate > met && rate < broke ? { rate } : { done: 'resolved' }
}

/** Whole requests per second from 100 up, one decimal below: rates a reader can repeat. */
function roundRate(rate: number): number {
  return rate >= 100 ? Math.round(rate) : Math.round(rate * 10) / 10
}
