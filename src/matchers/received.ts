import { bench, type BenchOptions } from '../bench/bench.ts'
import { PerfgateError } from '../errors/index.ts'
import { parseMeasurement } from '../measure/json.ts'
import { isMeasurement, type Measurement } from '../measure/measurement.ts'

/** What a perfgate matcher accepts: a Measurement (or its JSON data), a promise of one, or a function to bench. */
export type Measurable = Measurement | Promise<Measurement> | (() => unknown)

/** Options a matcher takes after its limit. */
export interface MatcherOptions {
  /** How to time a function handed to the matcher. @default { time: '1s' } */
  bench?: BenchOptions
}

export async function toMeasurement(received: unknown, matcher: string, options: MatcherOptions = {}): Promise<Measurement> {
  if (typeof received === 'function') return bench(received as () => unknown, { name: received.name || 'function', ...options.bench })
  const value = await received
  if (isMeasurement(value)) return value
  if (typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1) return parseMeasurement(value)
  throw new PerfgateError(
    'PERFGATE_ERR_INVALID_INPUT',
    `${matcher}() expects a Measurement (from load(), bench() or fromSamples()), a promise of one, or a function to time; got ${describe(value)}.`,
  )
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array (wrap latencies with fromSamples(array))'
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).slice(0, 5).join(', ')}`
  return `${typeof value} ${String(value as string | number | boolean | undefined)}`
}
