import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { compareResults, parseResults } from '../../src/report/compare.ts'
import { REPO, runNode, tempDir } from './runFixture.ts'
import { judgedResults, sampleResults } from './sampleResults.ts'

function faster() {
  const after = structuredClone(sampleResults())
  const first = after.tests[0]!.assertions[0]!
  first.measurement!.latency.p95 = 480
  first.verdicts[1]!.status = 'fail'
  after.outcome = 'NO-GO'
  after.tests.pop()
  return after
}

describe('compareResults', () => {
  test('shows each metric before → after, changed verdicts and assertions only in one file', () => {
    expect(compareResults(sampleResults(), faster())).toBe(
      [
        'perfgate compare: NO-GO → NO-GO',
        '',
        'clinic API > clinic mix meets the API SLA (toMeetSLA)',
        '  p50 95.5 → 95.5 ms (+0.0%)',
        '  p95 559 → 480 ms (−14%)',
        '  p99 885 → 885 ms (+0.0%)',
        '  rps 300 → 300 req/s (+0.0%)',
        '  errorRate 0.398 → 0.398% (+0.0%)',
        '  verdicts: p95 pass, p99 pass, errorRate pass → p95 pass, p99 FAIL, errorRate pass',
        '',
        'only in the old results:',
        '  clinic API > task create under 300 ms (toMeetP95)',
        '',
      ].join('\n'),
    )
  })

  test('assertions on no load measurement compare by their verdicts; a clean invariant run is no marginal pass', async () => {
    const before = await judgedResults()
    const after = structuredClone(before)
    Object.assign(after.tests[0]!.assertions[0]!.verdicts[1]!, { status: 'pass', measured: 120, margin: 0.2, hint: undefined })
    Object.assign(after.tests[1]!.assertions[0]!.verdicts[0]!, { status: 'pass', measured: 0, margin: 0, hint: undefined })
    const text = compareResults(parseResults(JSON.stringify(before), 'old.json'), parseResults(JSON.stringify(after), 'new.json'))
    expect(text).toContain('payments > memory and CPU under load (toStayWithin)\n  verdicts: cpu pass (marginal), rssMb FAIL, exited FAIL → cpu pass (marginal), rssMb pass, exited FAIL\n')
    expect(text).toContain('payments > no overbooking under load (toHaveNoViolations)\n  verdicts: violations FAIL → violations pass\n')
  })

  test('parseResults refuses what is not a perfgate results file', () => {
    expect(() => parseResults('{', 'a.json')).toThrow('a.json is not JSON')
    expect(() => parseResults('{"tests": []}', 'b.json')).toThrow('b.json is not a perfgate results file')
    expect(() => parseResults('{"tool": "perfgate", "tests": [], "schemaVersion": 3}', 'c.json')).toThrow('c.json has schemaVersion 3; this perfgate reads 1 and 2.')
    // Version 1 files (every assertion with a measurement) are still read.
    expect(parseResults('{"tool": "perfgate", "tests": [], "schemaVersion": 1}', 'd.json').schemaVersion).toBe(1)
    expect(() => parseResults('{', 'a.json')).toThrow(expect.objectContaining({ code: 'PERFGATE_ERR_INVALID_RESULTS' }))
  })
})

describe('perfgate compare (CLI)', () => {
  test('prints the comparison of two files, redacted', async () => {
    using dir = tempDir('perfgate-compare-')
    const before = join(dir.path, 'old.json')
    const after = join(dir.path, 'new.json')
    const secretive = sampleResults()
    secretive.tests[0]!.fullName = 'clinic mix with Bearer abcdef123456'
    const next = faster()
    next.tests[0]!.fullName = secretive.tests[0]!.fullName
    writeFileSync(before, JSON.stringify(secretive))
    writeFileSync(after, JSON.stringify(next))
    const run = await runNode([join(REPO, 'src/cli/cli.ts'), 'compare', before, after], { cwd: dir.path })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('clinic mix with Bearer *** (toMeetSLA)\n  p50 95.5 → 95.5 ms (+0.0%)\n  p95 559 → 480 ms (−14%)')
    expect(run.stdout).not.toContain('abcdef123456')
  })

  test('explains its usage and fails on bad input', async () => {
    const usage = await runNode([join(REPO, 'src/cli/cli.ts'), 'compare', 'only-one.json'], { cwd: REPO })
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/^perfgate: compare takes exactly two results files: perfgate compare <old.json> <new.json>\n/)
    const help = await runNode([join(REPO, 'src/cli/cli.ts'), '--help'], { cwd: REPO })
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('perfgate compare <old.json> <new.json> [--markdown <file>] [--html <file>]')])
    const missing = await runNode([join(REPO, 'src/cli/cli.ts'), 'compare', 'nope.json', 'nope2.json'], { cwd: REPO })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe("perfgate: The results file nope.json does not exist. Check the path; the reporter's { json } option writes it. [PERFGATE_ERR_FILE_NOT_FOUND]\n")
  })
})
