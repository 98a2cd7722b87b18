import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { isPerfgateError, PerfgateError } from '../errors/index.ts'
import { parseMeasurement, stringifyMeasurement } from './json.ts'
import type { Measurement, MeasurementData } from './measurement.ts'

/**
 * Writes a measurement to a JSON file (creating its folder): the exchange format shards, `perfgate
 * merge` and {@link readMeasurement} share.
 *
 * @example
 * writeMeasurement('results/shard-3.json', await load(url, { rate: 250, duration: '60s', shard: '3/8' }))
 */
export function writeMeasurement(path: string, measurement: Measurement | MeasurementData): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${stringifyMeasurement(measurement)}\n`)
}

/**
 * Reads a measurement file written by {@link writeMeasurement}, `perfgate load --out` or `perfgate
 * merge`, checked as {@link parseMeasurement} checks it. A missing file is `PERFGATE_ERR_FILE_NOT_FOUND`,
 * one that is not a measurement `PERFGATE_ERR_INVALID_MEASUREMENT`; both name the path.
 *
 * @example
 * await expect(readMeasurement('all.json')).toMeetP95(500)
 */
export function readMeasurement(path: string): Measurement {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`
    throw new PerfgateError('PERFGATE_ERR_FILE_NOT_FOUND', `The measurement file ${path} ${reason}. Check the path; a shard that failed writes no file.`, { cause: error })
  }
  try {
    return parseMeasurement(text)
  } catch (error) {
    if (!isPerfgateError(error, 'PERFGATE_ERR_INVALID_MEASUREMENT')) throw error
    throw new PerfgateError('PERFGATE_ERR_INVALID_MEASUREMENT', `${path}: ${error.message}`, { cause: error })
  }
}
