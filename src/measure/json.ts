import { PerfgateError } from '../errors/index.ts'
import { redactDeep } from '../redact/index.ts'
import { measurementOf, type Measurement, type MeasurementData } from './measurement.ts'
import { measurementProblem } from './measurementProblem.ts'

/**
 * Serializes a measurement to JSON text; {@link parseMeasurement} reads it back. Secrets in its
 * strings (a tag named after a URL with a token, a note quoting a header) are redacted: the text is
 * what goes to files and pipes.
 */
export function stringifyMeasurement(measurement: Measurement | MeasurementData): string {
  return JSON.stringify(redactDeep('toJSON' in measurement ? measurement.toJSON() : measurement))
}

/**
 * Reads a measurement from JSON text or already-parsed data, checking every field a judge or
 * reporter reads (types, whole non-negative counts, finite latencies, counts that agree).
 * Anything else is a `PERFGATE_ERR_INVALID_MEASUREMENT` naming the field.
 */
export function parseMeasurement(input: unknown): Measurement {
  let data: unknown = input
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input)
    } catch (error) {
      throw invalid(`the text is not JSON (${(error as Error).message})`)
    }
  }
  const problem = measurementProblem(data)
  if (problem) throw invalid(problem)
  return measurementOf(data as MeasurementData)
}

function invalid(problem: string): PerfgateError {
  return new PerfgateError(
    'PERFGATE_ERR_INVALID_MEASUREMENT',
    `Not a perfgate measurement: ${problem}. Save measurements with stringifyMeasurement() (or JSON.stringify) and read them with parseMeasurement().`,
  )
}
