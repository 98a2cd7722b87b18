import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { isPerfgateError, PerfgateError } from '../errors/index.ts'
import { parseMeasurement, stringifyMeasurement } from './json.ts'
import type { Measurement, MeasurementData } from './measurement.ts'

/**
 * Writes a measurement to a JSON file (creating its folder): the exchange format shards, `perfgate
 * merge` and {@link readMeasurement} share. The file appears whole or not at all (see
 * {@link writeFileAtomic}): a judge polling a shared volume never reads half a shard.
 *
 * @example
 * writeMeasurement('results/shard-3.json', await load(url, { rate: 250, duration: '60s', shard: '3/8' }))
 */
export function writeMeasurement(path: string, measurement: Measurement | MeasurementData): void {
  writeFileAtomic(path, `${stringifyMeasurement(measurement)}\n`)
}

/**
 * Writes `text` to `path` (creating its folder) through a temporary file beside it, renamed into
 * place: a reader sees the old file or the whole new one, never a partial write. The temporary file
 * is a dot file ending in `.tmp` (no `shard-*.json` glob matches it) and is removed if the write fails.
 */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`)
  try {
    writeFileSync(temp, text, { flag: 'wx' })
    renameSync(temp, path)
  } catch (error) {
    try {
      rmSync(temp, { force: true })
    } catch {
      // The write's own error says more than a failed clean-up would.
    }
    throw error
  }
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
