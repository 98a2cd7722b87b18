import { PerfgateError } from '../errors/index.ts'
import { LatencyRecorder } from './latencyData.ts'
import { measurementOf, type Measurement, type RunFacts } from './measurement.ts'

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
  const recorder = new LatencyRecorder()
  let sum = 0
  let index = 0
  for (const ms of samplesMs) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new PerfgateError(
        'PERFGATE_ERR_INVALID_INPUT',
        `fromSamples: sample #${index} is ${String(ms)}; every sample must be a finite, non-negative latency in ms. Filter out failed operations and pass them as { errors }.`,
      )
    }
    recorder.record(ms)
    sum += ms
    index++
  }
  const errorsByKind: Record<string, number> = typeof options.errors === 'number' ? { error: options.errors } : { ...options.errors }
  const counts = Object.values(errorsByKind)
  if (!counts.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `fromSamples: errors must be non-negative whole numbers; got ${JSON.stringify(options.errors)}.`)
  }
  if (errorsByKind.error === 0) delete errorsByKind.error
  const errors = counts.reduce((a, b) => a + b, 0)
  const durationMs = options.durationMs ?? sum
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `fromSamples: durationMs must be a finite, non-negative number; got ${String(options.durationMs)}.`)
  }
  return measurementOf({
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
  })
}
