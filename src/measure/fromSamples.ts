import { PerfgateError } from '../errors/index.ts'
import { LatencyRecorder } from './latencyData.ts'
import { measurementOf, type Measurement, type MeasurementData, type RunFacts } from './measurement.ts'
import { describeValue, measurementProblem } from './measurementProblem.ts'

export interface FromSamplesOptions {
  /** Wall-clock time the samples were collected over, for `rps`. @default the sum of the samples */
  durationMs?: number
  /** Failed requests or calls (not in `samplesMs`): a number, or counts by kind. @default 0 */
  errors?: number | Record<string, number>
  name?: string
  /** Facts to record, e.g. `{ coordinatedOmission: 'uncorrected' }`. */
  facts?: Partial<RunFacts>
}

/**
 * Builds a Measurement from latencies (ms) of successful operations you collected elsewhere.
 *
 * @example
 * const m = fromSamples([12.1, 9.8, 30.2], { durationMs: 1000, errors: 1 })
 * m.count // 3, m.errorRate // 0.25
 */
export function fromSamples(samplesMs: Iterable<number>, options: FromSamplesOptions = {}): Measurement {
  if (typeof samplesMs !== 'object' || samplesMs === null || typeof (samplesMs as Partial<Iterable<number>>)[Symbol.iterator] !== 'function') {
    throw invalidInput(`samplesMs must be an array (or other iterable) of latencies in ms, got ${describeValue(samplesMs)}. Pass e.g. fromSamples([12.1, 9.8, 30.2], { durationMs: 1000 }).`)
  }
  if (typeof options !== 'object' || options === null) throw invalidInput(`options must be an object such as { durationMs: 1000, errors: 2 }, got ${describeValue(options)}.`)
  if (options.name !== undefined && typeof options.name !== 'string') throw invalidInput(`name must be a string, got ${describeValue(options.name)}.`)
  if (options.facts !== undefined && (typeof options.facts !== 'object' || options.facts === null)) throw invalidInput(`facts must be an object such as { coordinatedOmission: 'uncorrected' }, got ${describeValue(options.facts)}.`)
  const recorder = new LatencyRecorder()
  let sum = 0
  let index = 0
  for (const ms of samplesMs) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw invalidInput(`sample #${index} is ${describeValue(ms)}; every sample must be a finite, non-negative latency in ms (a number, not a string). Filter out failed operations and pass them as { errors }.`)
    }
    recorder.record(ms)
    sum += ms
    index++
  }
  const given = options.errors
  if (given !== undefined && typeof given !== 'number' && (typeof given !== 'object' || given === null || Array.isArray(given))) {
    throw invalidInput(`errors must be a count or counts by kind such as { timeout: 2 }, got ${describeValue(given)}.`)
  }
  const errorsByKind: Record<string, number> = typeof given === 'number' ? { error: given } : { ...given }
  const counts = Object.values(errorsByKind)
  if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw invalidInput(`errors must be non-negative whole numbers; got ${describeValue(given)}. Count each failed operation once.`)
  }
  if (errorsByKind.error === 0) delete errorsByKind.error
  const errors = counts.reduce((a, b) => a + b, 0)
  // A given duration is the wall-clock time the operations took: 0 ms would make rps 0 (or infinite).
  if (options.durationMs !== undefined && (typeof options.durationMs !== 'number' || !Number.isFinite(options.durationMs) || options.durationMs <= 0)) {
    throw invalidInput(`durationMs must be a positive number of ms, got ${describeValue(options.durationMs)}. Pass the wall-clock time the samples were collected over, or leave it out to use their sum.`)
  }
  const durationMs = options.durationMs ?? sum
  const data: MeasurementData = {
    version: 1,
    source: 'samples',
    ...(options.name === undefined ? {} : { name: options.name }),
    latency: recorder.toData(),
    count: recorder.count,
    errors,
    errorsByKind,
    durationMs,
    startedAt: Date.now(),
    timeline: [],
    facts: { coordinatedOmission: 'not-applicable', saturation: { saturated: false, reasons: [] }, ...options.facts },
  }
  // The facts come from the caller: a wrong one would crash a matcher later instead of here.
  const problem = measurementProblem(data)
  if (problem) throw invalidInput(`${problem}. Pass facts as perfgate records them (see RunFacts).`)
  return measurementOf(data)
}

function invalidInput(problem: string): PerfgateError {
  return new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `fromSamples: ${problem}`)
}
