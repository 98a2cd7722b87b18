import { invalidOption } from '../errors/index.ts'

/** A duration as a number of milliseconds or a string such as `'500ms'`, `'10s'`, `'2m'`, `'1h'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h'}`

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const

/**
 * Converts a {@link Duration} to milliseconds; rejects anything that is not a finite, non-negative time.
 *
 * @example
 * toMs('30s') // 30000
 */
export function toMs(duration: Duration, name = 'duration'): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) {
      throw invalidOption(`${name} must be a finite, non-negative number of milliseconds; got ${duration}. Use e.g. 10000 or '10s'.`)
    }
    return duration
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(String(duration))
  if (!match) {
    throw invalidOption(`${name} '${String(duration)}' is not a duration. Use milliseconds (10000) or a string such as '500ms', '10s', '2m' or '1h'.`)
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]
}
