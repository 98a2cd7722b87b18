import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { judge } from '../../src/judge/judge.ts'
import { fromSamples } from '../../src/measure/fromSamples.ts'
import { summarizeMeasurement } from '../../src/measure/summary.ts'
import { compareHtml, compareMarkdown, compareResults } from '../../src/report/compare.ts'
import { buildResults, type PerfResults } from '../../src/report/results.ts'
import { markChanges } from '../../src/report/significance.ts'
import type { JudgedAssertion } from '../../src/results/assertion.ts'
import { estimatesOf } from '../../src/results/estimates.ts'
import { REPO, runNode, tempDir } from './runFixture.ts'

/** Deterministic latencies: `n` values spread over base … base × 3 with a tail; `step` picks another sample of the same distribution. */
function latencies(n: number, base: number, step = 0.618034): number[] {
  return Array.from({ length: n }, (_, i) => base * (1 + 2 * ((i * step + 0.3) % 1) ** 3))
}

/** What toMeetP95 records: the judged verdict, the summary, the judge's estimates. */
function assertion(samples: number[], tag?: string): JudgedAssertion {
  const m = fromSamples(samples, { durationMs: 10_000 })
  return { matcher: 'toMeetP95', negated: false, passed: true, verdicts: [judge(m, { stat: 'p95', limitMs: 5000 })], measurement: summarizeMeasurement(m), estimates: estimatesOf(m.latency), ...(tag ? { tag } : {}) }
}

function results(byTest: Record<string, JudgedAssertion>): PerfResults {
  return buildResults(
    Object.entries(byTest).map(([name, a]) => ({ file: '/repo/perf/api.perf.ts', name, fullName: `api > ${name}`, state: 'passed' as const, assertions: [a] })),
    { root: '/repo', runner: 'vitest', now: new Date('2026-01-02T03:04:05Z') },
  )
}

describe('markChanges: significant or within noise, by the judge', () => {
  test('a 30% slowdown over 2,000 samples is significant; another sample of the same distribution is within noise; a 25% speed-up is significant', () => {
    const before = assertion(latencies(2000, 100))
    const slower = markChanges(before, assertion(latencies(2000, 130)))
    // p99 of 2,000 samples rests on 20 samples above it: judgeChange calls its change advisory (issue 13), so it is not judged here.
    expect(slower.map((m) => [m.metric, m.significance])).toEqual([['p50', 'slower'], ['p95', 'slower'], ['p99', 'not-judged']])
    expect(slower[2]!.detail).toMatch(/advisory — .* p99 rests on 20 samples above it/)
    expect(slower[1]!.detail).toMatch(/^p95 \S+ ms → \S+ ms \(\S+\) against the baseline: a regression beyond the 0% tolerance, outside noise$/)
    expect(markChanges(before, assertion(latencies(2000, 100, 0.414214))).map((m) => m.significance)).toEqual(['within-noise', 'within-noise', 'within-noise'])
    expect(markChanges(before, assertion(latencies(2000, 75))).map((m) => m.significance)).toEqual(['faster', 'faster', 'faster'])
  })

  test('not a bare percentage: the same +12% is significant over 4,000 samples, within noise over 80', () => {
    const big = markChanges(assertion(latencies(4000, 100)), assertion(latencies(4000, 112)))
    const small = markChanges(assertion(latencies(80, 100)), assertion(latencies(80, 112)))
    expect(big[1]).toMatchObject({ metric: 'p95', significance: 'slower' })
    expect(small[1]).toMatchObject({ metric: 'p95', significance: 'within-noise' })
    // p99 needs 368 samples for an interval: not judged over 80.
    expect(small[2]).toMatchObject({ metric: 'p99', significance: 'not-judged', detail: 'not judged: too few samples for a 95% interval of p99' })
    expect(big[1]!.after / big[1]!.before).toBeCloseTo(small[1]!.after / small[1]!.before, 1)
  })

  test('the marks equal judgeChange on the measurement itself (the stand-in loses nothing)', async () => {
    const { judgeChange } = await import('../../src/judge/change.ts')
    const now = fromSamples(latencies(3000, 106), { durationMs: 10_000 })
    const direct = judgeChange(now, estimatesOf(fromSamples(latencies(3000, 100)).latency), 0)
    const marks = markChanges(assertion(latencies(3000, 100)), assertion(latencies(3000, 106)))
    expect(marks.map((m) => m.detail)).toEqual(direct.map((v) => v.summary))
  })

  test('files without intervals (an older perfgate) are compared without marks', () => {
    const old = assertion(latencies(2000, 100))
    delete old.estimates
    expect(markChanges(old, assertion(latencies(2000, 130)))[0]).toMatchObject({ significance: 'not-judged', detail: expect.stringContaining('older perfgate') })
  })
})

describe('perfgate compare: markdown and HTML', () => {
  const before = results({ 'tasks p95': assertion(latencies(2000, 100), 'GET /tasks/:id'), 'login p95': assertion(latencies(2000, 50), 'POST /auth/login') })
  const after = results({ 'tasks p95': assertion(latencies(2000, 130), 'GET /tasks/:id'), 'login p95': assertion(latencies(2000, 50, 0.414214), 'POST /auth/login') })

  test('the text marks each latency change', () => {
    const text = compareResults(before, after)
    expect(text).toMatch(/api > tasks p95 \[GET \/tasks\/:id\] \(toMeetP95\)\n {2}p50 \S+ → \S+ ms \(\+30%\) {2}slower, significant\n/)
    expect(text).toMatch(/api > login p95 \[POST \/auth\/login\] \(toMeetP95\)\n {2}p50 \S+ → \S+ ms \([+−]\d\.\d%\) {2}within noise\n/)
  })

  test('markdown: one row per metric, naming test and endpoint, with the mark', () => {
    const md = compareMarkdown(before, after)
    expect(md).toContain('| Test | Endpoint | Metric | Before | After | Change | Significance |')
    expect(md).toMatch(/\| api > tasks p95 \| GET \/tasks\/:id \| p95 \| \S+ ms \| \S+ ms \| \+30% \| 🔴 slower \|/)
    expect(md).toMatch(/\| api > login p95 \| POST \/auth\/login \| p95 \| \S+ ms \| \S+ ms \| [+−]\d\.\d% \| ⚪ within noise \|/)
    expect(md).toMatch(/\| api > login p95 \| POST \/auth\/login \| rps \| 200 req\/s \| 200 req\/s \| \+0\.0% \| — \|/)
    // p50 and p95; p99's change over 2,000 samples is advisory, not judged (issue 13).
    expect(md).toContain('2 significantly slower, 0 significantly faster')
  })

  test('the CLI writes markdown and a self-contained HTML page', async () => {
    using dir = tempDir('perfgate-compare-md-')
    writeJson(join(dir.path, 'old.json'), before)
    writeJson(join(dir.path, 'new.json'), after)
    const run = await runNode([join(REPO, 'src/cli/cli.ts'), 'compare', 'old.json', 'new.json', '--markdown', 'out/compare.md', '--html', 'out/compare.html'], { cwd: dir.path })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('slower, significant')
    expect(readFileSync(join(dir.path, 'out/compare.md'), 'utf8')).toBe(compareMarkdown(before, after))
    const html = readFileSync(join(dir.path, 'out/compare.html'), 'utf8')
    expect(html).toBe(compareHtml(before, after))
    expect(html).toMatch(/<tr class="slower"><td>api &gt; tasks p95<\/td><td>GET \/tasks\/:id<\/td><td>p95<\/td>.*<td class="mark" title="p95 [^"]+outside noise">slower, significant<\/td><\/tr>/)
    expect(html).not.toMatch(/<script|<link|https?:\/\//)
    const printed = await runNode([join(REPO, 'src/cli/cli.ts'), 'compare', 'old.json', 'new.json', '--markdown', '-'], { cwd: dir.path })
    expect(printed.stdout).toBe(compareMarkdown(before, after))
  })
})

function writeJson(file: string, data: unknown): void {
  writeFileSync(file, JSON.stringify(data))
}
