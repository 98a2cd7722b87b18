import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PerfResults } from '../../src/report/results.ts'
import { perfgateBlock, REPO, runNode, SECRETS, tempDir, workflowCommands, type FixtureRun } from './runFixture.ts'

const FIXTURE = join(REPO, 'test/fixtures/jest-reporter')
const SPEC = 'test/fixtures/jest-reporter/sla.spec.ts'

describe('perfgate Jest reporter, end to end', () => {
  const out = tempDir('perfgate-jest-reporter-')
  // The run's own temp dir: other Jest runs (the packed-package test) may create channels meanwhile.
  const runTmp = tempDir('perfgate-jest-tmp-')
  const channelDirs = (): string[] => readdirSync(runTmp.path).filter((f) => f.startsWith('perfgate-jest-'))
  let run: FixtureRun
  const file = (name: string): string => readFileSync(join(out.path, name), 'utf8')

  beforeAll(async () => {
    run = await runNode([join(REPO, 'node_modules/jest/bin/jest.js'), '--ci', '--no-cache', '--maxWorkers=2'], {
      cwd: FIXTURE,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(out.path, 'summary.md'), GITHUB_WORKSPACE: REPO, PERFGATE_FIXTURE_OUT: out.path, CI: 'true', TMPDIR: runTmp.path },
    })
  })
  afterAll(() => {
    out[Symbol.dispose]()
    runTmp[Symbol.dispose]()
  })

  test('the run fails on the missed SLA', () => {
    expect({ code: run.code, output: run.stdout + run.stderr }).toMatchObject({ code: 1 })
    expect(run.stderr).toMatch(/Tests: {7}1 failed, 3 passed, 4 total/)
  })

  test('prints the verdict table from what the workers recorded', () => {
    expect(perfgateBlock(run.stdout)).toBe(
      [
        'perfgate',
        'test                                  metric           limit  measured  margin  samples  verdict',
        '────────────────────────────────────  ─────────  ───────────  ────────  ──────  ───────  ───────────────',
        'error rate under 1%                   errorRate     <= 1.00%     0.00%   +100%    1,000  pass',
        'GET /tasks/:id > meets p95 < 2000 ms  p95        <= 2,000 ms    950 ms    +53%    1,000  pass',
        'GET /tasks/:id > misses p95 < 500 ms  p95          <= 500 ms    950 ms    −90%    1,000  FAIL',
        'marginal p99                          p99        <= 1,050 ms    990 ms   +5.7%    1,000  pass (marginal)',
        '',
        'NO-GO: 3 passed (1 marginal), 1 failed, 0 inconclusive',
      ].join('\n'),
    )
  })

  test('annotates at the expect() line', () => {
    expect(workflowCommands(run.stdout)).toEqual([
      `::error file=${SPEC},line=14,col=61,title=perfgate p95 FAIL – GET /tasks/%3Aid > misses p95 < 500 ms::p95 950 ms > 500 ms — margin −90%25, 1,000 samples (toMeetP95)%0Atry: profile the slowest requests: compare with serviceTime (if present) to tell queueing from work, and check the spread over the timeline`,
      `::warning file=${SPEC},line=19,col=59,title=perfgate p99 pass (marginal) – marginal p99::p99 990 ms <= 1,050 ms — margin +5.7%25, 1,000 samples (toMeetP99)`,
    ])
  })

  test('writes the step summary, JSON and JUnit like the Vitest reporter', () => {
    expect(file('summary.md').split('\n').slice(0, 3)).toEqual(['## ❌ perfgate: NO-GO', '', 'NO-GO: 3 passed (1 marginal), 1 failed, 0 inconclusive'])
    expect(file('summary.md')).toContain('| ❌ | GET /tasks/:id > misses p95 &lt; 500 ms | p95 | &lt;= 500 ms | 950 ms | −90% | 1,000 | FAIL |')
    const results = JSON.parse(file('results.json')) as PerfResults
    expect(results).toMatchObject({ schemaVersion: 2, runner: 'jest', outcome: 'NO-GO', totals: { tests: 4, assertions: 4, passed: 3, marginal: 1, failed: 1, inconclusive: 0 } })
    expect(results.tests.map((t) => [t.file, t.fullName, t.state])).toEqual([
      ['rps.spec.ts', 'error rate under 1%', 'passed'],
      ['sla.spec.ts', 'GET /tasks/:id > meets p95 < 2000 ms', 'passed'],
      ['sla.spec.ts', 'GET /tasks/:id > misses p95 < 500 ms', 'failed'],
      ['sla.spec.ts', 'marginal p99', 'passed'],
    ])
    expect(results.tests[2]!.assertions[0]!.location).toEqual({ file: 'sla.spec.ts', line: 14, column: 61 })
    const xml = file('junit.xml')
    expect(xml).toContain('<testsuites name="perfgate" tests="4" failures="1">')
    expect(xml).toContain('<property name="perfgate.p99" value="990"/>\n        <property name="perfgate.p99.limit" value="1050"/>')
  })

  test('leaves no side-channel directory and no secret behind', () => {
    expect(channelDirs()).toEqual([])
    for (const text of [run.stdout, run.stderr, file('summary.md'), file('results.json'), file('junit.xml')]) {
      for (const secret of SECRETS) expect(text).not.toContain(secret)
    }
  })
})
