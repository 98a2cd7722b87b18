import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, test } from 'vitest'
import { writeLargeK6File } from './k6Json.ts'

const dir = mkdtempSync(join(tmpdir(), 'perfgate-k6-memory-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A reader that holds the file (readFileSync, or every point in an array) needs at least the file's
 * size in memory, on top of Node itself. fromK6 streams: its peak stays under the file's size.
 */
test('a 220 MB k6 file streams through fromK6 in a child process whose peak RSS stays under the file size', async () => {
  const path = join(dir, 'big.json')
  const written = await writeLargeK6File(path, 220e6)
  const size = statSync(path).size
  expect(size).toBeGreaterThan(220e6)
  const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, 'streamChild.ts'), path], { timeout: 120_000 })
  const found = JSON.parse(stdout) as { count: number; errors: number; dropped: number; maxRssBytes: number }
  expect(found.count + found.errors).toBe(written.requests)
  expect(found.errors).toBe(written.failed)
  expect(found.dropped).toBe(written.dropped)
  expect(found.maxRssBytes).toBeLessThan(size)
}, 180_000)
