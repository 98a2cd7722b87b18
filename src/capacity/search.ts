/** What the probes so far have shown: the highest rate met, the lowest rate broken, and the lowest the judge could not decide. */
export interface Bracket {
  met?: number
  broke?: number
  undecided?: number
}

/** Where the search looks: `from` and `to` in req/s, and the relative width it narrows the bracket to. */
export interface SearchBounds {
  from: number
  to: number
  resolution: number
}

/** The next rate to probe, or why the search is done. */
export type NextStep = { rate: number } | { done: 'resolved' | 'reached-to' | 'broke-at-from' | 'undecided' }

/** How much each step up multiplies the last met rate, before anything broke. */
export const STEP_UP_FACTOR = 2

/**
 * The next probe of a capacity search: `from` first, then doubling from the last met rate (capped
 * at `to`) until a rate breaks, then bisecting between the highest met rate and the upper end —
 * the lowest rate broken or left undecided — until they are within `resolution` of the met one.
 * An undecided rate is not a breaking point: the search looks below it for the highest rate it
 * can show met, and says where it stopped. Pure.
 *
 * @example
 * nextStep({ met: 200, broke: 400 }, { from: 50, to: 1000, resolution: 0.05 }) // { rate: 300 }
 */
export function nextStep({ met, broke, undecided }: Bracket, { from, to, resolution }: SearchBounds): NextStep {
  const upper = Math.min(broke ?? Infinity, undecided ?? Infinity)
  const end = upper === broke ? 'resolved' : 'undecided'
  if (met === undefined) return upper === Infinity ? { rate: from } : { done: upper === broke ? 'broke-at-from' : 'undecided' }
  if (upper === Infinity) return met >= to ? { done: 'reached-to' } : { rate: Math.min(to, met * STEP_UP_FACTOR) }
  if (upper - met <= resolution * met) return { done: end }
  const rate = roundRate((met + upper) / 2)
  return rate > met && rate < upper ? { rate } : { done: end }
}

/** Whole requests per second from 100 up, one decimal below: rates a reader can repeat. */
function roundRate(rate: number): number {
  return rate >= 100 ? Math.round(rate) : Math.round(rate * 10) / 10
}
