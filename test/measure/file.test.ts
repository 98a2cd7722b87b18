import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest'
import { fromSamples, isPerfgateError, parseMeasurement, readMeasurement, writeMeasurement } from 'perfgate'

/** When set, the next writeFileSync writes half its text and then fails, as a full disk or a killed process leaves it. */
const crash = vi.hoisted(() => ({ next: false }))
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (!crash.next || typeof data !== 'string') return fs.writeFileSync(file, data, options)
    crash.next = false
    fs.writeFileSync(file, data.slice(0, data.length >> 1), options)
    throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' })
  }
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync }
})
afterEach(() => {
  crash.next = false
})

const dir = mkdtempSync(join(tmpdir(), 'perfgate-measurement-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function codeAndMessage(fn: () => unknown): [string | undefined, string] {
  try {
    fn()
  } catch (error) {
    return [isPerfgateError(error) ? error.code : undefined, (error as Error).message]
  }
  throw new Error('expected an error, none was thrown')
}

describe('writeMeasurement / readMeasurement', () => {
  test('a measurement written to a file (its folder created) reads back equal, shard and latency definition included', () => {
    const data = { ...fromSamples([3, 1, 2], { durationMs: 1000 }).toJSON(), latencyFrom: 'intended-start' as const, shard: { index: 2, count: 4 } }
    const path = join(dir, 'nested', 'shard-2.json')
    writeMeasurement(path, data)
    const back = readMeasurement(path)
    expect(back.toJSON()).toEqual(data)
    expect([back.latency.p50, back.shard, back.latencyFrom]).toEqual([2, { index: 2, count: 4 }, 'intended-start'])
  })

  test('a write that fails half-way leaves the previous file whole and no temporary file behind', () => {
    const folder = join(dir, 'atomic')
    const path = join(folder, 'shard-1.json')
    const before = fromSamples([5, 6, 7], { durationMs: 1000 }).toJSON()
    writeMeasurement(path, before)
    crash.next = true
    const big = fromSamples(Array.from({ length: 1000 }, (_, i) => i + 1), { durationMs: 1000 })
    expect(codeAndMessage(() => writeMeasurement(path, big))).toEqual(['PERFGATE_ERR_FILE_NOT_WRITABLE', expect.stringContaining(`Cannot write ${path}: no space left on the device (ENOSPC).`)])
    // A judge polling the folder reads the old measurement, whole; the half-written text went to a temporary file, now gone.
    expect(readMeasurement(path).toJSON()).toEqual(before)
    expect(readdirSync(folder)).toEqual(['shard-1.json'])
    // A write that succeeds replaces the file in one step, leaving nothing else beside it.
    writeMeasurement(path, fromSamples([1], { durationMs: 1000 }))
    expect(JSON.parse(readFileSync(path, 'utf8')).count).toBe(1)
    expect(readdirSync(folder)).toEqual(['shard-1.json'])
  })

  test('a file that cannot be written is PERFGATE_ERR_FILE_NOT_WRITABLE naming the path; a device is written in place', () => {
    const m = fromSamples([1], { durationMs: 1000 })
    const blocker = join(dir, 'a-file')
    writeFileSync(blocker, 'x')
    const under = join(blocker, 'shard-1.json')
    const [code, message] = codeAndMessage(() => writeMeasurement(under, m))
    expect(code).toBe('PERFGATE_ERR_FILE_NOT_WRITABLE')
    // mkdir says EEXIST on Linux, ENOTDIR elsewhere.
    expect(message.replace('ENOTDIR', 'EEXIST')).toBe(
      `Cannot write ${under}: a part of its path is a file, not a folder (EEXIST). Check that its folder can be created and written to (permissions, a read-only volume, free space) and that the path is not a folder.`,
    )
    expect(codeAndMessage(() => writeMeasurement(dir, m))).toEqual(['PERFGATE_ERR_FILE_NOT_WRITABLE', expect.stringMatching(/^Cannot write .*: it is a folder \(EISDIR\)\./)])
    // /dev/null (or /dev/stdout) is not replaced by a renamed file: it is written as it is.
    if (process.platform !== 'win32') {
      writeMeasurement('/dev/null', m)
      expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
    }
  })

  test('a missing file is a coded error naming the path', () => {
    const path = join(dir, 'shard-9.json')
    const [code, message] = codeAndMessage(() => readMeasurement(path))
    expect(code).toBe('PERFGATE_ERR_FILE_NOT_FOUND')
    expect(message).toBe(`The measurement file ${path} does not exist. Check the path; a shard that failed writes no file.`)
  })

  test('a corrupt file, or JSON that is not a measurement, is PERFGATE_ERR_INVALID_MEASUREMENT naming the path and the problem', () => {
    const truncated = join(dir, 'truncated.json')
    writeFileSync(truncated, '{"version":1,"source":"lo')
    expect(codeAndMessage(() => readMeasurement(truncated))).toEqual(['PERFGATE_ERR_INVALID_MEASUREMENT', expect.stringMatching(new RegExp(`^${truncated.replaceAll('.', '\\.')}: Not a perfgate measurement: the text is not JSON`))])
    const wrong = join(dir, 'wrong.json')
    writeFileSync(wrong, JSON.stringify({ ...fromSamples([1]).toJSON(), latencyFrom: 'response' }))
    expect(codeAndMessage(() => readMeasurement(wrong))[1]).toMatch(/wrong\.json: Not a perfgate measurement: 'latencyFrom' must be one of intended-start, send, first-byte, got "response"/)
  })

  test('a shard that is not one of its count is refused when read', () => {
    const base = fromSamples([1]).toJSON()
    expect(() => parseMeasurement({ ...base, shard: { index: 9, count: 8 } })).toThrow(/'shard' must be \{ index, count \} with whole numbers 1 <= index <= count, got \{"index":9,"count":8\}/)
    expect(() => parseMeasurement({ ...base, shards: { count: 2, indexes: [1, 3] } })).toThrow(/'shards' must be \{ count, indexes \} with whole indexes from 1 to count/)
    expect(() => parseMeasurement({ ...base, shard: { index: 1, count: 2 }, shards: { count: 2, indexes: [1] } })).toThrow(/cannot both be set/)
  })
})
