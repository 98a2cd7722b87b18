import { bench, type BenchOptions } from '../bench/bench.ts'
import { PerfgateError } from '../errors/index.ts'
import { parseMeasurement } from '../measure/json.ts'
import type { Duration } from '../measure/duration.ts'
import { fromSamples } from '../measure/fromSamples.ts'
import { isMeasurement, type Measurement } from '../measure/measurement.ts'

/** What a perfgate matcher accepts: a Measurement (or its JSON data), a promise of one, a function to bench, or a Vitest 5 `BenchResult` that kept its samples. */
export type Measurable = Measurement | Promise<Measurement> | (() => unknown)

/** Options a matcher takes after its limit. */
export interface MatcherOptions {
  /** How to time a function handed to the matcher. @default { time: '1s' } */
  bench?: BenchOptions
  /**
   * Judge every window of this length (whole seconds) of a load run and fail on the worst one, naming
   * it: `toMeetP95(500, { window: '10s' })`. A final stretch of errors or slowness cannot hide in a
   * whole-run figure. @default undefined (the whole run)
   */
  window?: Duration
}

export async function toMeasurement(received: unknown, matcher: string, options: MatcherOptions = {}): Promise<Measurement> {
  if (typeof received === 'function') return bench(received as () => unknown, { name: received.name || 'function', ...options.bench })
  const value = await received
  if (isMeasurement(value)) return value
  if (typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 1) return parseMeasurement(value)
  if (isVitestBenchResult(value)) return fromVitestBench(value, matcher)
  throw new PerfgateError(
    'PERFGATE_ERR_INVALID_INPUT',
    `${matcher}() expects a Measurement (from load(), bench() or fromSamples()), a promise of one, or a function to time; got ${describe(value)}.`,
  )
}

/**
 * The shape of Vitest 5's native `BenchResult` (from `bench(name, fn).run()` in a benchmark test)
 * that perfgate reads: tinybench's task statistics, with the samples when the project sets
 * `benchmark: { retainSamples: true }`.
 */
interface VitestBenchResult {
  name: string
  state: 'completed'
  latency: { samples?: ArrayLike<number> | undefined; samplesCount: number }
  totalTime: number
}

function isVitestBenchResult(value: unknown): value is VitestBenchResult {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const latency = v.latency as Record<string, unknown> | undefined
  return v.state === 'completed' && typeof v.name === 'string' && typeof latency === 'object' && latency !== null && typeof latency.samplesCount === 'number' && typeof v.totalTime === 'number'
}

/** A Vitest bench result as a Measurement: its every sample (ms), over the time they took. */
function fromVitestBench(result: VitestBenchResult, matcher: string): Measurement {
  const samples = result.latency.samples
  if (!samples || samples.length === 0) {
    throw new PerfgateError(
      'PERFGATE_ERR_INVALID_INPUT',
      `${matcher}() got Vitest's bench result "${result.name}" without its samples (${result.latency.samplesCount} were taken): percentiles and their confidence need every sample. Set benchmark: { retainSamples: true } in the Vitest config (test.benchmark), or hand the function itself to the matcher.`,
    )
  }
  return fromSamples(Array.from(samples), { durationMs: Math.max(result.totalTime, 1e-3), name: result.name })
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array (wrap latencies with fromSamples(array))'
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).slice(0, 5).join(', ')}`
  return `${typeof value} ${String(value as string | number | boolean | undefined)}`
}
