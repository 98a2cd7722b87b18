import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PerfResults } from '../../src/report/results.ts'
import { perfgateBlock, REPO, runNode, SECRETS, tempDir, workflowCommands, type FixtureRun } from './runFixture.ts'

const FIXTURE = join(REPO, 'test/fixtures/vitest-reporter')
const SPEC = 'test/fixtures/vitest-reporter/sla.spec.ts'

describe('PerfgateReporter for Vitest, end to end', () => {
  const out = tempDir('perfgate-vitest-reporter-')
  let run: FixtureRun
  const file = (name: string): string => readFileSync(join(out.path, name), 'utf8')

  beforeAll(async () => {
    run = await runNode([join(REPO, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: FIXTURE,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(out.path, 'summary.md'), GITHUB_WORKSPACE: REPO, PERFGATE_FIXTURE_OUT: out.path, CI: 'true' },
    })
  })
  afterAll(() => out[Symbol.dispose]())

  test('the run fails because two SLAs were missed', () => {
    expect({ code: run.code, output: run.stderr }).toMatchObject({ code: 1 })
    expect(run.stdout).toMatch(/Tests {2}2 failed \| 3 passed \(5\)/)
  })

  test('prints the verdict table with the NO-GO line', () => {
    expect(perfgateBlock(run.stdout)).toBe(
      [
        'perfgate',
        'test                                                   metric           limit  measured  margin  samples  verdict',
        '─────────────────────────────────────────────────────  ─────────  ───────────  ────────  ──────  ───────  ───────────────',
        'GET /tasks/:id > meets p95 < 2000 ms                   p95        <= 2,000 ms    950 ms    +53%    1,000  pass',
        'GET /tasks/:id > meets p95 < 1000 ms, barely           p95        <= 1,000 ms    950 ms   +5.0%    1,000  pass (marginal)',
        'GET /tasks/:id > p95 950 ms is within noise of 950 ms  p95          <= 950 ms    950 ms   +0.0%    1,000  within noise',
        'GET /tasks/:id > misses p95 < 500 ms                   p95          <= 500 ms    950 ms    −90%    1,000  FAIL',
        'SLA: p99 and error rate                                p99        <= 2,000 ms    990 ms    +51%    1,000  pass',
        'SLA: p99 and error rate                                errorRate     <= 1.00%     4.76%   −376%    1,050  FAIL',
        '',
        'NO-GO: 3 passed (1 marginal), 2 failed, 1 inconclusive',
      ].join('\n'),
    )
  })

  test('annotates the failed and the doubtful assertions at their file and line', () => {
    expect(workflowCommands(run.stdout)).toEqual([
      `::warning file=${SPEC},line=15,col=61,title=perfgate p95 pass (marginal) – GET /tasks/%3Aid > meets p95 < 1000 ms%2C barely::p95 950 ms <= 1,000 ms — margin +5.0%25, 1,000 samples (toMeetP95)`,
      `::warning file=${SPEC},line=19,col=61,title=perfgate p95 within noise – GET /tasks/%3Aid > p95 950 ms is within noise of 950 ms::p95 950 ms is within noise of the limit 950 ms (95%25 CI 936 ms – 964 ms) — margin +0.0%25, 1,000 samples (toMeetP95)%0Atry: the data cannot tell which side of the limit the true value is on: run longer to narrow the interval, or revisit the limit`,
      `::error file=${SPEC},line=23,col=61,title=perfgate p95 FAIL – GET /tasks/%3Aid > misses p95 < 500 ms::p95 950 ms > 500 ms — margin −90%25, 1,000 samples (toMeetP95)%0Atry: profile the slowest requests: compare with serviceTime (if present) to tell queueing from work, and check the spread over the timeline`,
      `::error file=${SPEC},line=28,col=71,title=perfgate errorRate FAIL – SLA%3A p99 and error rate::errorRate 4.76%25 > 1.00%25 — margin −376%25, 1,050 samples (toMeetSLA)%0Atry: look at errorsByKind to see what failed: connection errors point at the server or pool, 5xx at the service`,
    ])
  })

  test('appends the GO / NO-GO table to the step summary', () => {
    expect(file('summary.md')).toBe(
      [
        '## ❌ perfgate: NO-GO',
        '',
        'NO-GO: 3 passed (1 marginal), 2 failed, 1 inconclusive',
        '',
        '| | Test | Metric | Limit | Measured | Margin | Samples | Verdict |',
        '|---|---|---|---:|---:|---:|---:|---|',
        '| ✅ | GET /tasks/:id > meets p95 &lt; 2000 ms | p95 | &lt;= 2,000 ms | 950 ms | +53% | 1,000 | pass |',
        '| ⚠️ | GET /tasks/:id > meets p95 &lt; 1000 ms, barely | p95 | &lt;= 1,000 ms | 950 ms | +5.0% | 1,000 | pass (marginal) |',
        '| ⚠️ | GET /tasks/:id > p95 950 ms is within noise of 950 ms | p95 | &lt;= 950 ms | 950 ms | +0.0% | 1,000 | within noise |',
        '| ❌ | GET /tasks/:id > misses p95 &lt; 500 ms | p95 | &lt;= 500 ms | 950 ms | −90% | 1,000 | FAIL |',
        '| ✅ | SLA: p99 and error rate | p99 | &lt;= 2,000 ms | 990 ms | +51% | 1,000 | pass |',
        '| ❌ | SLA: p99 and error rate | errorRate | &lt;= 1.00% | 4.76% | −376% | 1,050 | FAIL |',
        '',
        '- **GET /tasks/:id > misses p95 &lt; 500 ms** (p95): p95 950 ms > 500 ms. Try: profile the slowest requests: compare with serviceTime (if present) to tell queueing from work, and check the spread over the timeline',
        '- **SLA: p99 and error rate** (errorRate): errorRate 4.76% > 1.00%. Try: look at errorsByKind to see what failed: connection errors point at the server or pool, 5xx at the service',
        '',
      ].join('\n'),
    )
  })

  test('writes the JSON results file in schema version 2', () => {
    const results = JSON.parse(file('results.json')) as PerfResults
    expect(results).toMatchObject({
      schemaVersion: 2,
      tool: 'perfgate',
      runner: 'vitest',
      outcome: 'NO-GO',
      totals: { tests: 5, assertions: 5, verdicts: 6, passed: 3, marginal: 1, failed: 2, inconclusive: 1 },
    })
    expect(Date.parse(results.generatedAt)).not.toBeNaN()
    expect(results.tests.map((t) => [t.file, t.fullName, t.state, t.assertions.map((a) => a.verdicts.map((v) => `${v.metric}:${v.status}`).join(','))])).toEqual([
      ['sla.spec.ts', 'GET /tasks/:id > meets p95 < 2000 ms', 'passed', ['p95:pass']],
      ['sla.spec.ts', 'GET /tasks/:id > meets p95 < 1000 ms, barely', 'passed', ['p95:pass']],
      ['sla.spec.ts', 'GET /tasks/:id > p95 950 ms is within noise of 950 ms', 'passed', ['p95:inconclusive']],
      ['sla.spec.ts', 'GET /tasks/:id > misses p95 < 500 ms', 'failed', ['p95:fail']],
      ['sla.spec.ts', 'SLA: p99 and error rate', 'failed', ['p99:pass,errorRate:fail']],
    ])
    const sla = results.tests[4]!.assertions[0]!
    expect(sla).toMatchObject({ matcher: 'toMeetSLA', negated: false, passed: false, location: { file: 'sla.spec.ts', line: 28 } })
    expect(sla.measurement).toMatchObject({ source: 'samples', count: 1000, errors: 50, rps: 100, durationMs: 10_000, latency: { exact: true, min: 1, p50: 500, p95: 950, p99: 990, max: 1000 } })
    expect(sla.verdicts[1]).toMatchObject({ metric: 'errorRate', measured: 50 / 1050, limit: 0.01, unit: 'ratio', samples: 1050 })
  })

  test('writes JUnit XML with perfgate properties per test', () => {
    const xml = file('junit.xml')
    expect(xml).toContain('<testsuites name="perfgate" tests="5" failures="2">')
    expect(xml).toContain('<testsuite name="sla.spec.ts" tests="5" failures="2" skipped="0">')
    expect(xml).toContain(
      [
        '    <testcase classname="sla.spec.ts" name="GET /tasks/:id &gt; misses p95 &lt; 500 ms" file="sla.spec.ts">',
        '      <properties>',
        '        <property name="perfgate.verdict" value="fail"/>',
        '        <property name="perfgate.count" value="1000"/>',
        '        <property name="perfgate.errors" value="0"/>',
        '        <property name="perfgate.rps" value="100"/>',
        '        <property name="perfgate.p95" value="950"/>',
        '        <property name="perfgate.p95.limit" value="500"/>',
        '        <property name="perfgate.p95.margin" value="-0.9"/>',
        '        <property name="perfgate.p95.samples" value="1000"/>',
        '        <property name="perfgate.p95.verdict" value="fail"/>',
        '      </properties>',
        '      <failure message="p95 950 ms &gt; 500 ms" type="perfgate">toMeetP95',
        '  p95 950 ms, limit &lt;= 500 ms (−90%, 95% CI 936 ms – 964 ms) FAIL</failure>',
        '    </testcase>',
      ].join('\n'),
    )
    expect(xml).toContain('<property name="perfgate.errorRate.verdict" value="fail"/>')
    expect(xml.match(/<testcase /g)).toHaveLength(5)
  })

  test('no secret reaches any output', () => {
    const outputs = [run.stdout, run.stderr, ...readdirSync(out.path).filter((f) => f !== 'baselines').map(file)]
    for (const text of outputs) for (const secret of SECRETS) expect(text).not.toContain(secret)
    expect(file('results.json')).toContain('"target": "postgres://app:***@db:5432/app"')
  })
})

describe('the projects option', () => {
  const out = tempDir('perfgate-vitest-projects-')
  afterAll(() => out[Symbol.dispose]())

  test('reports nothing for tests outside the listed projects', async () => {
    const run = await runNode([join(REPO, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: FIXTURE,
      env: { PERFGATE_FIXTURE_OUT: out.path, PERFGATE_FIXTURE_PROJECTS: 'perf', CI: 'true' },
    })
    expect(run.stdout).toMatch(/Tests {2}2 failed \| 3 passed \(5\)/)
    expect(perfgateBlock(run.stdout)).toBe('')
    expect(readdirSync(out.path)).toEqual([])
  })
})
