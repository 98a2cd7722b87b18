import { join } from 'node:path'
import { expect, test } from 'vitest'
import { REPO, runNode } from '../report/runFixture.ts'

const FIXTURE = join(REPO, 'test/fixtures/vitest-bench')
const vitest = (env: NodeJS.ProcessEnv = {}) => runNode([join(REPO, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: FIXTURE, env, timeoutMs: 60_000 })

test("every matcher takes Vitest 5's native bench result (bench(name, fn).run() in a benchmark test)", async () => {
  const run = await vitest()
  expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toMatchObject({ code: 0 })
  expect(run.stdout).toMatch(/✓ .*sorting 2,000 numbers meets its SLA/)
})

test('a bench result without its samples is refused with the setting that keeps them', async () => {
  const run = await vitest({ PERFGATE_FIXTURE_SAMPLES: 'off' })
  expect(run.code).toBe(1)
  expect(run.stdout + run.stderr).toMatch(/PERFGATE_ERR_INVALID_INPUT|toMeetP95\(\) got Vitest's bench result "sort" without its samples/)
  expect(run.stdout + run.stderr).toMatch(/benchmark: \{ retainSamples: true \}/)
})
