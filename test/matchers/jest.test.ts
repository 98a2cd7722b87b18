import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, test } from 'vitest'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
const project = join(root, 'test/fixtures/jest-basic')
let outDir: string | undefined

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

interface JestJson {
  numPassedTests: number
  numFailedTests: number
  testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>
}

test('a real Jest 30 project uses perfgate/jest: its passing and failing perf tests come out as expected', async () => {
  outDir = await mkdtemp(join(tmpdir(), 'perfgate-jest-'))
  const outputFile = join(outDir, 'results.json')
  const jest = join(root, 'node_modules/jest/bin/jest.js')
  const result = await run(process.execPath, [jest, '--rootDir', project, '--config', join(project, 'jest.config.cjs'), '--json', '--outputFile', outputFile, '--ci'], {
    cwd: project,
    env: { ...process.env, FORCE_COLOR: '0' },
  }).catch((error: { code?: number; stderr?: string }) => error)
  expect((result as { code?: number }).code).toBe(1)

  const report = JSON.parse(await readFile(outputFile, 'utf8')) as JestJson
  const byTitle = Object.fromEntries(report.testResults[0]!.assertionResults.map((a) => [a.title, a]))
  expect(Object.fromEntries(Object.entries(byTitle).map(([title, a]) => [title, a.status]))).toEqual({
    'meets p95 under 200 ms': 'passed',
    'meets the whole SLA': 'passed',
    'a function is measured with bench()': 'passed',
    'misses p95 under 50 ms': 'failed',
    '.not on a clear pass fails': 'failed',
    'a capacity search reaches its floor': 'passed',
    'a floor past the breaking point fails': 'failed',
  })
  const miss = byTitle['misses p95 under 50 ms']!.failureMessages.join('\n')
  expect(miss).toContain('expect(measurement).toMeetP95(): 1 of 1 limit not met')
  expect(miss).toContain('p95 95 ms, limit <= 50 ms (−90%, 95% CI 93.6 ms – 96.4 ms) FAIL')
  expect(miss).toContain('samples: 1,000 ok, 0 failed over 1 s (1,000 req/s)')
  expect(miss).toContain('spread: min 0.1 · p50 50 · p90 90 · p95 95 · p99 99 · max 100 ms')
  const negated = byTitle['.not on a clear pass fails']!.failureMessages.join('\n')
  expect(negated).toContain('expect(measurement).not.toMeetP99(): expected the SLA to be missed, but nothing clearly missed it')
  const floor = byTitle['a floor past the breaking point fails']!.failureMessages.join('\n')
  expect(floor).toContain('expect(capacity).toBeAtLeast(1000): the capacity was not shown to reach 1,000 req/s')
  expect(floor).toContain('capacity 400 req/s, limit >= 1,000 req/s (−60%, 95% CI 400 req/s – 420 req/s) FAIL')
  expect(floor).toContain('stopped: narrowed to 400 req/s met and 420 req/s broken, within the 5% resolution')
}, 120_000)
