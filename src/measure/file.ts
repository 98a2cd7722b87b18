import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
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
 * A path that exists and is not a regular file (`/dev/stdout`, a pipe) is written directly. A write
 * that fails is `PERFGATE_ERR_FILE_NOT_WRITABLE` naming the path.
 */
export function writeFileAtomic(path: string, text: string): void {
  try {
    const existing = statSync(path, { throwIfNoEntry: false })
    if (existing && !existing.isFile()) {
      if (existing.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' })
      writeFileSync(path, text)
      return
    }
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
  } catch (error) {
    throw notWritable(path, error)
  }
}

/**
 * Fails now, as {@link writeFileAtomic} would later, when `path` cannot be written: a command checks
 * its output before a long run rather than losing the run's result at the end. Leaves no file behind.
 */
export function checkWritable(path: string): void {
  const probe = join(dirname(path), `.${basename(path)}.${process.pid}.check.tmp`)
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' })
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(probe, '', { flag: 'wx' })
    rmSync(probe, { force: true })
  } catch (error) {
    throw notWritable(path, error)
  }
}

function notWritable(path: string, error: unknown): PerfgateError {
  return new PerfgateError(
    'PERFGATE_ERR_FILE_NOT_WRITABLE',
    `Cannot write ${path}: ${failure(error)}. Check that its folder can be created and written to (permissions, a read-only volume, free space) and that the path is not a folder.`,
    { cause: error },
  )
}

/** Why a file operation failed, in words, without the temporary path Node's message would name. */
function failure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  const words: Record<string, string> = {
    ENOENT: 'a folder on its path does not exist',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exceeded',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of its path is a file, not a folder',
    EEXIST: 'a part of its path is a file, not a folder',
  }
  return code && words[code] ? `${words[code]} (${code})` : (error as Error).message
}

/**
 * The text of a file perfgate was given to read; a missing or unreadable one is
 * `PERFGATE_ERR_FILE_NOT_FOUND`: 'The <what> <path> does not exist. <hint>'.
 */
export function readTextFile(path: string, what: string, hint: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`
    throw new PerfgateError('PERFGATE_ERR_FILE_NOT_FOUND', `The ${what} ${path} ${reason}. ${hint}`, { cause: error })
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
  const text = readTextFile(path, 'measurement file', 'Check the path; a shard that failed writes no file.')
  try {
    return parseMeasurement(text)
  } catch (error) {
    if (!isPerfgateError(error, 'PERFGATE_ERR_INVALID_MEASUREMENT')) throw error
    throw new PerfgateError('PERFGATE_ERR_INVALID_MEASUREMENT', `${path}: ${error.message}`, { cause: error })
  }
}
