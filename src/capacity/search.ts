/** What the probes so far have shown: the highest rate met, the lowest rate broken, and the rates the judge could not decide. */
export interface Bracket {
  met?: number
  broke?: number
  undecided?: readonly number[]
}

/** Where the search looks: `from` and `to` in req/s, and the relative width it narrows each gap to. */
export interface SearchBounds {
  from: number
  to: number
  resolution: number
}

/** The next rate to probe, or why the search is done. */
export type NextStep = { rate: number } | { done: 'resolved' | 'reached-to' | 'broke-at-from' | 'undecided' }

/** How much each step up multiplies the highest rate tried, before anything broke. */
export const STEP_UP_FACTOR = 2

/**
 * The next probe of a capacity search: `from` first, then doubling (capped at `to`) until a rate
 * breaks, then bisecting between the highest met rate and the lowest broken one until they are
 * within `resolution` of each other. A rate the judge left undecided is neither: the search then
 * narrows two gaps — from the undecided rates up to the lowest broken one (the breaking point),
 * then from the highest met rate up to them (the capacity) — and says that it stopped on them. Pure.
 *
 * @example
 * nextStep({ met: 200, broke: 400 }, { from: 50, to: 1000, resolution: 0.05 }) // { rate: 300 }
 */
export function nextStep({ met, broke, undecided = [] }: Bracket, { from, to, resolution }: SearchBounds): NextStep {
  const open = undecided.filter((rate) => (met === undefined || rate > met) && (broke === undefined || rate < broke))
  const lowestOpen = open.length ? Math.min(...open) : undefined
  const highestOpen = open.length ? Math.max(...open) : undefined
  if (met === undefined && broke === undefined && highestOpen === undefined) return { rate: from }
  if (broke === undefined) {
    const top = Math.max(met ?? 0, highestOpen ?? 0)
    if (top < to) return { rate: Math.min(to, top * STEP_UP_FACTOR) }
    if (highestOpen === undefined) return { done: 'reached-to' }
  } else {
    const below = highestOpen ?? met
    if (below === undefined) return { done: 'broke-at-from' }
    const rate = between(below, broke, resolution)
    if (rate !== undefined) return { rate }
  }
  const rate = met === undefined || lowestOpen === undefined ? undefined : between(met, lowestOpen, resolution)
  if (rate !== undefined) return { rate }
  return { done: lowestOpen === undefined ? 'resolved' : 'undecided' }
}

/** The rate half-way from `low` to `high`, or undefined once they are within `resolution` of `low`. */
function between(low: number, high: number, resolution: number): number | undefined {
  if (high - low <= resolution * low) return undefined
  const rate = roundRate((low + high) / 2)
  return rate > low && rate < high ? rate : undefined
}

/** Whole requests per second from 100 up, one decimal below: rates a reader can repeat. */
function roundRate(rate: number): number {
  return rate >= 100 ? Math.round(rate) : Math.round(rate * 10) / 10
}
