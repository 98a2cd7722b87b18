import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { perfgateBlock, REPO, runNode, tempDir, workflowCommands } from '../runFixture.ts'

const FIXTURE = join(REPO, 'test/fixtures/vitest-baseline')
const SPEC = 'test/fixtures/vitest-baseline/checkout.spec.ts'

describe('toMatchBaseline under real Vitest runs', () => {
  const out = tempDir('perfgate-vitest-baseline-')
  afterAll(() => out[Symbol.dispose]())
  const file = () => join(out.path, 'baselines', 'checkout.spec.ts.baseline.json')
  const vitest = (scale: number, ...args: string[]) =>
    runNode([join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', ...args], {
      cwd: FIXTURE,
      env: { PERFGATE_FIXTURE_SCALE: String(scale), PERFGATE_FIXTURE_OUT: out.path, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: REPO },
    })

  test('record, catch a regression, report noise, update with -u', async () => {
    const recorded = await vitest(1, '--update=new')
    expect({ code: recorded.code, output: recorded.stdout }).toMatchObject({ code: 0 })
    expect(perfgateBlock(recorded.stdout)).toContain('checkout latency  baseline      —  p95 950 ms       —    1,000  recorded')
    expect(JSON.parse(readFileSync(file(), 'utf8')).entries['checkout latency'].intervals.p95).toEqual({ value: 950, low: 936, high: 964 })

    // In CI (update mode "none") the stored baseline is only compared.
    const regression = await vitest(1.5)
    expect(regression.code).toBe(1)
    expect(workflowCommands(regression.stdout)[1]).toBe(
      `::error file=${SPEC},line=24,col=165,title=perfgate p95 FAIL – checkout latency::p95 950 ms → 1,425 ms (+50%25) against the baseline: a regression beyond the 10%25 tolerance, outside noise — margin −36%25, 1,000 samples (toMatchBaseline)%0Atry: profile what changed since the baseline; if the slowdown is intended, update the baseline with \`vitest -u\` (or \`jest -u\`)`,
    )
    // p99 of 1,000 samples is advisory: 10 samples above it are too few for a stable comparison.
    expect(regression.stdout).toContain('NO-GO: 0 passed, 2 failed, 1 inconclusive')
    expect(perfgateBlock(regression.stdout)).toContain('checkout latency  p99     <= 1,089 ms  1,485 ms    −36%    1,000  advisory')

    const noise = await vitest(1.08)
    expect({ code: noise.code, output: noise.stdout }).toMatchObject({ code: 0 })
    expect(perfgateBlock(noise.stdout).split('\n').slice(3, 6)).toEqual([
      'checkout latency  p50       <= 550 ms    540 ms   +1.8%    1,000  within noise',
      'checkout latency  p95     <= 1,045 ms  1,026 ms   +1.8%    1,000  within noise',
      'checkout latency  p99     <= 1,089 ms  1,069 ms   +1.8%    1,000  pass',
    ])
    expect(workflowCommands(noise.stdout).map((line) => line.slice(0, 9))).toEqual(['::warning', '::warning'])

    const updated = await vitest(1.5, '-u')
    expect(updated.code).toBe(0)
    expect(JSON.parse(readFileSync(file(), 'utf8')).entries['checkout latency'].quantiles.p95).toBe(1425)
    expect((await vitest(1.5)).code).toBe(0)
  })
})

describe('the Vitest reporter in watch mode', () => {
  test('a re-run shows each perf assertion against the previous run', async () => {
    using out = tempDir('perfgate-vitest-watch-')
    const run = await runNode([join(FIXTURE, 'watchTwice.mjs')], { cwd: FIXTURE, env: { PERFGATE_FIXTURE_OUT: out.path, PERFGATE_FIXTURE_SCALE: '1' } })
    expect({ code: run.code, output: run.stderr }).toMatchObject({ code: 0 })
    const rerun = run.stdout.slice(run.stdout.indexOf('RERUN'))
    expect(rerun).toContain('checkout latency  p95     <= 1,045 ms    808 ms    +23%    1,000  pass')
    expect(rerun).toContain('perfgate: since the previous run\n  checkout latency: p95 950 → 808 ms (−15%), significant')
    expect(run.stdout.indexOf('since the previous run')).toBeGreaterThan(run.stdout.indexOf('RERUN'))
  })

  test('an unchanged re-run prints its change as within noise', async () => {
    using out = tempDir('perfgate-vitest-watch-')
    // Seeds 1 then 2: the same lognormal workload, different samples; p95 moves by sampling noise alone.
    const run = await runNode([join(FIXTURE, 'watchTwice.mjs'), 'unchanged'], { cwd: FIXTURE, env: { PERFGATE_FIXTURE_OUT: out.path, PERFGATE_FIXTURE_SEED: '1' } })
    expect({ code: run.code, output: run.stderr }).toMatchObject({ code: 0 })
    const rerun = run.stdout.slice(run.stdout.indexOf('RERUN'))
    expect(rerun).toMatch(/perfgate: since the previous run\n {2}checkout latency: p95 [\d.]+ → [\d.]+ ms \([+−][\d.]+%\), within noise/)
  })
})
