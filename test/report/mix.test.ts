import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { PerfResults } from '../../src/report/results.ts'
import { perfgateBlock, REPO, runNode, tempDir, workflowCommands, type FixtureRun } from './runFixture.ts'

const FIXTURE = join(REPO, 'test/fixtures/vitest-mix')
const ENDPOINTS = ['GET /tasks/:id', 'POST /tasks', 'GET /reports/slow']
const TEST = 'clinic API traffic shapes (quick, fixture) with a long shared title > weighted endpoint mix at 150/s: every endpoint meets its p95, errors < 5%'

/**
 * The traffic spec's shape (a weighted mix judged per endpoint, under one long test name) run end
 * to end through the Vitest reporter against a real loopback server: every output names the
 * endpoint each verdict judged.
 */
describe('a weighted endpoint mix judged per endpoint, end to end', () => {
  const out = tempDir('perfgate-vitest-mix-')
  let run: FixtureRun
  const file = (name: string): string => readFileSync(join(out.path, name), 'utf8')

  beforeAll(async () => {
    run = await runNode([join(REPO, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: FIXTURE,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(out.path, 'summary.md'), GITHUB_WORKSPACE: REPO, PERFGATE_FIXTURE_OUT: out.path, CI: 'true' },
      timeoutMs: 60_000,
    })
  }, 70_000)
  afterAll(() => out[Symbol.dispose]())

  // On a busy machine the generator may be saturated, and the judge then answers inconclusive
  // instead of FAIL: the checks below read what was judged from the JSON and hold either way.
  const statuses = (): string[] => (JSON.parse(file('results.json')) as PerfResults).tests[0]!.assertions.map((a) => a.verdicts[0]!.status)

  test('the slow endpoint misses its 5 ms p95 and fails the test (or the judge saw a saturated generator)', () => {
    // A saturated generator's inconclusive verdict fails the test too (the data is unusable).
    expect(statuses()[2]).not.toBe('pass')
    expect(run.stdout).toMatch(/Tests {2}1 failed \(1\)/)
  })

  test('the console table has an endpoint column naming each endpoint, one row per verdict', () => {
    const lines = perfgateBlock(run.stdout).split('\n')
    expect(lines[1]).toMatch(/^test\s+endpoint\s+metric\s+limit\s+measured/)
    const rows = lines.slice(3, -2)
    expect(rows).toHaveLength(4)
    // The describe title every row shares is what gets cut, not the part that tells them apart.
    for (const row of rows) expect(row).toMatch(/^…weighted endpoint mix at 150\/s: every endpoint meets its p…\s/)
    ENDPOINTS.forEach((tag, i) => expect(rows[i]).toMatch(new RegExp(`\\s${tag.replace(/[/:]/g, '\\$&')}\\s+p95\\s+<= ${tag === 'GET /reports/slow' ? '5 ms' : '2,000 ms'}\\s`)))
    expect(rows[2]).toMatch(statuses()[2] === 'fail' ? /FAIL$/ : /INCONCLUSIVE: generator-saturated$/)
    expect(rows[3]).toMatch(/\s{2}errorRate\s+<= 5\.00%/)
  })

  test('the step summary names each endpoint in its Endpoint column', () => {
    const summary = file('summary.md')
    expect(summary).toContain('| | Test | Endpoint | Metric | Limit | Measured | Margin | Samples | Verdict |')
    for (const tag of ENDPOINTS) expect(summary).toMatch(new RegExp(`\\| ${tag.replace(/[/:]/g, '\\$&')} \\| p95 \\|`))
    if (statuses()[2] === 'fail') expect(summary).toMatch(/- \*\*.+\*\* \(GET \/reports\/slow p95\): p95 \S+ ms > 5 ms\./)
  })

  test('each annotation names the endpoint it judged, at the expect line', () => {
    const commands = workflowCommands(run.stdout)
    const annotated = statuses().flatMap((status, i) => (status === 'pass' ? [] : [[...ENDPOINTS, 'errorRate'][i]!]))
    expect(commands).toHaveLength(annotated.length)
    expect(annotated).toContain('GET /reports/slow')
    commands.forEach((command, i) => {
      const tag = annotated[i]!
      const title = tag === 'errorRate' ? 'errorRate' : `${tag.replace(':', '%3A')} p95`
      expect(command).toMatch(new RegExp(`^::(error|warning) file=test/fixtures/vitest-mix/mix\\.spec\\.ts,line=3\\d,col=\\d+,title=perfgate ${title.replace(/[/]/g, '\\/')} (FAIL|INCONCLUSIVE)`))
    })
    if (statuses()[2] === 'fail') expect(commands[annotated.indexOf('GET /reports/slow')]).toMatch(/^::error .*title=perfgate GET \/reports\/slow p95 FAIL – clinic API traffic shapes/)
  })

  test('JSON entries and JUnit properties carry the tag', () => {
    const results = JSON.parse(file('results.json')) as PerfResults
    expect(results.tests.map((t) => t.fullName)).toEqual([TEST])
    expect(results.tests[0]!.assertions.map((a) => [a.tag, a.matcher, a.verdicts.map((v) => v.metric).join()])).toEqual([
      ...ENDPOINTS.map((tag) => [tag, 'toMeetP95', 'p95']),
      [undefined, 'toHaveErrorRateBelow', 'errorRate'],
    ])
    const xml = file('junit.xml')
    for (const tag of ENDPOINTS) expect(xml).toContain(`<property name="perfgate.${tag}.p95.limit"`)
    expect(xml).toContain('<property name="perfgate.errorRate"')
    expect(xml).toContain('toMeetP95 [GET /reports/slow]')
  })

  test('the HTML verdict table names each endpoint', () => {
    const html = file('report.html')
    for (const tag of ENDPOINTS) expect(html).toContain(`<td>${tag}</td><td>p95</td>`)
  })
})
