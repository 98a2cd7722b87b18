import { PerfgateError } from '../errors/index.ts'
import { measurementOf, type Measurement, type MeasurementData } from './measurement.ts'

/** Serializes a measurement to JSON text; {@link parseMeasurement} reads it back. */
export function stringifyMeasurement(measurement: Measurement | MeasurementData): string {
  return JSON.stringify('toJSON' in measurement ? measurement.toJSON() : measurement)
}

/** Reads a measurement from JSON text or already-parsed data, checking its shape. */
export function parseMeasurement(input: unknown): Measurement {
  const data: unknown = typeof input === 'string' ? JSON.parse(input) : input
  const problem = shapeProblem(data)
  if (problem) {
    throw new PerfgateError(
      'PERFGATE_ERR_INVALID_MEASUREMENT',
      `Not a perfgate measurement: ${problem}. Save measurements with stringifyMeasurement() (or JSON.stringify) and read them with parseMeasurement().`,
    )
  }
  return measurementOf(data as MeasurementData)
}

function shapeProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return 'expected an object'
  const d = data as Record<string, unknown>
  if (d.version !== 1) return `unsupported version ${JSON.stringify(d.version)} (this perfgate reads version 1)`
  for (const key of ['count', 'errors', 'durationMs', 'startedAt'] as const) {
    if (typeof d[key] !== 'number') return `'${key}' must be a number`
  }
  const latency = d.latency as { kind?: unknown } | undefined
  if (!latency || (latency.kind !== 'exact' && latency.kind !== 'histogram')) return `'latency' must be exact samples or a histogram`
  if (typeof d.facts !== 'object' || d.facts === null) return `'facts' is missing`
  if (!Array.isArray(d.timeline)) return `'timeline' must be an array`
  return undefined
}
