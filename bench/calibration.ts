// Calibration of perfgate's verdicts: are its 95% intervals honest, do baselines stay quiet when
// nothing changed, and do they catch a 20% slowdown — on a quiet machine and under a competing
// workload this script starts itself?
//
//   node bench/calibration.ts [--runs 40] [--rate 200] [--duration 5] [--p95 200] [--tolerance 0.1] [--json out.json]
//
// Two servers of known distribution run in their own processes (bench/calibration-server.ts):
// A, lognormal (σ 0.5) with p95 `--p95` ms, and B, the same × 1.2 (every quantile 20% slower). Each run is an
// open-model load() of `rate` req/s for `duration` s (the quick profile's API specs: 200/s × 5 s =
// 1,000 samples). Runs alternate A and B, first on the machine as it is ("quiet": nothing of ours
// competes), then while bench/calibration-competitor.ts runs a bursty CPU burner and a
// Postgres-heavy loop ("busy"). Then, from the saved runs:
// - coverage: how often the judge's 95% interval of p95 (widened by the run's overdispersion) holds
//   the true p95 — the p95 of all quiet A samples pooled (tens of thousands: its own interval is a
//   fraction of a ms) — next to the plain binomial interval's coverage;
// - limits: runs judged fail against 1.2 × truth, or pass against 0.8 × truth (both wrong);
// - baseline A/A false FAIL: baselines recorded from b consecutive quiet A runs (their spread is the
//   noise floor), each compared with every group of k A runs (pooled) it does not hold, quiet and
//   busy; a false FAIL is any verdict 'fail';
// - power: the same baselines against every group of k B runs: the share where p95's verdict is
//   FAIL, and where any statistic's is (a uniform slowdown moves p50 too).
// Runs whose generator was saturated are left out (and counted): perfgate answers them with
// generator-saturated, not with an interval or a verdict.
// Raw runs can be saved (--json) and analysed again (--from) without measuring.
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { baselineEntryOf, compareToBaseline } from '../src/baseline/index.ts'
import { dispersionOf, judge, percentileEstimate, percentileInterval } from '../src/judge/index.ts'
import { load } from '../src/load/index.ts'
import { mergeMeasurements, parseMeasurement, stringifyMeasurement, type Measurement } from '../src/measure/index.ts'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '40' },
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '5' },
    tolerance: { type: 'string', default: '0.1' },
    // The p95 of server A, ms (B's is 1.2×).
    p95: { type: 'string', default: '200' },
    json: { type: 'string' },
    // Re-analyse runs saved with --json, without measuring again.
    from: { type: 'string' },
  },
})
const runs = Number(values.runs)
const rate = Number(values.rate)
const durationS = Number(values.duration)
const tolerance = Number(values.tolerance)

interface Saved {
  quiet: { a: Measurement[]; b: Measurement[]; loadavg: string[] }
  busy: { a: Measurement[]; b: Measurement[]; loadavg: string[] }
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url))
const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

async function child(file: string, args: string[]): Promise<ChildProcess> {
  const proc = fork(here(file), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execPath: process.execPath })
  return proc
}

async function server(scale: number): Promise<{ url: string; proc: ChildProcess }> {
  const proc = await child('./calibration-server.ts', [String(scale), String(values.p95)])
  const [message] = (await once(proc, 'message')) as [{ port: number }]
  return { url: `http://127.0.0.1:${message.port}/`, proc }
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return
  const exited = once(proc, 'exit')
  proc.disconnect()
  const timer = setTimeout(() => proc.kill('SIGKILL'), 2000)
  await exited
  clearTimeout(timer)
}

async function block(name: string, a: string, b: string): Promise<Saved['quiet']> {
  const out: Saved['quiet'] = { a: [], b: [], loadavg: [loadavg()] }
  for (let i = 0; i < runs; i++) {
    // Alternate which server goes first, so neither always follows the other.
    for (const which of i % 2 ? (['b', 'a'] as const) : (['a', 'b'] as const)) {
      const m = await load(which === 'a' ? a : b, { rate, duration: durationS * 1000, name: `${name} ${which} #${i}` })
      out[which].push(m)
    }
    if (i % 10 === 9) out.loadavg.push(loadavg())
    process.stderr.write(`\r${name}: ${i + 1}/${runs} run pairs (load average ${loadavg()})   `)
  }
  process.stderr.write('\n')
  return out
}

async function measureAll(): Promise<Saved> {
  const a = await server(1)
  const b = await server(1.2)
  try {
    // A short warm-up of both servers and the generator, not counted.
    for (const url of [a.url, b.url]) await load(url, { rate, duration: 1000 })
    const quiet = await block('quiet', a.url, b.url)
    const competitors = await Promise.all([child('./calibration-competitor.ts', ['cpu']), child('./calibration-competitor.ts', ['pg'])])
    try {
      await new Promise((resolve) => setTimeout(resolve, 2000))
      const busy = await block('busy', a.url, b.url)
      return { quiet, busy }
    } finally {
      await Promise.all(competitors.map(stop))
    }
  } finally {
    await Promise.all([stop(a.proc), stop(b.proc)])
  }
}

function pct(n: number, d: number): string {
  return d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}% (${n}/${d})`
}

function analyse(saved: Saved): void {
  const pooled = mergeMeasurements(saved.quiet.a.filter((m) => !m.facts.saturation.saturated))
  const truth = pooled.latency.p95
  const truthB = mergeMeasurements(saved.quiet.b.filter((m) => !m.facts.saturation.saturated)).latency.p95
  const lines: string[] = []
  const say = (line = ''): void => void lines.push(line)
  const samples = saved.quiet.a.map((m) => m.count)
  say(`perfgate calibration: ${runs} runs per server and condition, open model ${rate} req/s × ${durationS} s (${Math.min(...samples)}–${Math.max(...samples)} samples per run), tolerance ${tolerance}`)
  say(`truth: p95 of A = ${truth.toFixed(2)} ms (all ${pooled.count.toLocaleString('en-US')} quiet A samples; the server's delays alone: ${values.p95} ms), of B = ${truthB.toFixed(2)} ms (${((truthB / truth - 1) * 100).toFixed(1)}% slower)`)
  say(`load average: quiet ${saved.quiet.loadavg.join(' → ')}; busy ${saved.busy.loadavg.join(' → ')}`)
  say()
  say('| condition | 95% CI of p95 covers the truth (widened ×√φ) | binomial CI alone | noisy-run | generator saturated | median φ (max) | stall seconds | FAIL at 1.2× truth | pass at 0.8× truth |')
  say('|---|---|---|---|---|---|---|---|---|')
  for (const [name, block] of [['quiet', saved.quiet], ['busy', saved.busy]] as const) {
    let covered = 0
    let judged = 0
    let noisy = 0
    let plainCovered = 0
    let wrongFail = 0
    let wrongPass = 0
    let stalls = 0
    let saturated = 0
    const phis: number[] = []
    for (const m of block.a) {
      // The judge answers a saturated run with generator-saturated, never with an interval.
      if (m.facts.saturation.saturated) {
        saturated++
        continue
      }
      const phi = dispersionOf(m, 95)
      phis.push(phi)
      stalls += m.facts.noise?.stallSeconds.length ?? 0
      const plain = percentileInterval(m.latency, 95)
      if (plain && plain.low <= truth && truth <= plain.high) plainCovered++
      const e = percentileEstimate(m.latency, 95, phi)
      if (!e) noisy++
      else {
        judged++
        if (e.low <= truth && truth <= e.high) covered++
      }
      if (judge(m, { stat: 'p95', limitMs: 1.2 * truth }).status === 'fail') wrongFail++
      if (judge(m, { stat: 'p95', limitMs: 0.8 * truth }).status === 'pass') wrongPass++
    }
    phis.sort((x, y) => x - y)
    say(`| ${name} | ${pct(covered, judged)} | ${pct(plainCovered, block.a.length - saturated)} | ${noisy} | ${saturated} | ${phis.length ? `${phis[Math.floor(phis.length / 2)]!.toFixed(2)} (${phis.at(-1)!.toFixed(1)})` : '—'} | ${stalls} | ${wrongFail} | ${wrongPass} |`)
  }
  say()

  // Baselines from consecutive quiet A runs (their spread is the noise floor), compared with
  // groups of A runs they do not hold (A/A) and with groups of B runs (p95 +20%), pooled.
  const groups = (ms: readonly Measurement[], k: number): Measurement[][] => {
    const out: Measurement[][] = []
    for (let i = 0; i + k <= ms.length; i += k) out.push(ms.slice(i, i + k))
    return out
  }
  // Saturated runs are left out, as perfgate leaves them out: toMatchBaseline does not record from
  // one, and the judge answers one with generator-saturated instead of a verdict. They are counted.
  const saturated = (group: readonly Measurement[]): boolean => group.some((m) => m.facts.saturation.saturated)
  const tally = (baselineRuns: number, against: readonly Measurement[][]) => {
    let comparisons = 0
    let fail = 0
    let p95Fail = 0
    let noisy = 0
    const byStat: Record<string, number> = {}
    const bases = groups(saved.quiet.a, baselineRuns).filter((members) => !saturated(members))
    for (const members of bases) {
      const entry = baselineEntryOf(members)
      for (const group of against) {
        if (saturated(group) || group.some((m) => members.includes(m))) continue
        const verdicts = compareToBaseline(group.length === 1 ? group[0]! : group, entry, tolerance)
        comparisons++
        if (verdicts.some((v) => v.status === 'fail')) fail++
        if (verdicts.some((v) => v.reason === 'noisy-run')) noisy++
        if (verdicts.find((v) => v.metric === 'p95')?.status === 'fail') p95Fail++
        for (const v of verdicts) if (v.status === 'fail') byStat[v.metric] = (byStat[v.metric] ?? 0) + 1
      }
    }
    return { comparisons, fail, p95Fail, noisy, byStat, baselines: bases.length, groups: against.filter((g) => !saturated(g)).length, skipped: against.filter(saturated).length }
  }
  say('Baseline A/A (false FAIL) and power (B: every quantile +20%), baselines recorded from consecutive quiet A runs (saturated runs left out):')
  say()
  say('| baseline runs (samples) | compared runs pooled (samples) | A/A quiet: any FAIL | A/A busy: any FAIL | A/A: noisy-run p95/p99 | power quiet: p95 FAIL | power busy: p95 FAIL | power quiet / busy: any FAIL | saturated groups left out (quiet/busy) |')
  say('|---|---|---|---|---|---|---|---|---|')
  const perRun = Math.round(saved.quiet.a.reduce((a, m) => a + m.count, 0) / saved.quiet.a.length)
  for (const [baselineRuns, k] of [[1, 1], [3, 1], [3, 2], [4, 4], [8, 4], [8, 8]] as const) {
    if (baselineRuns * 2 > saved.quiet.a.length || k > saved.busy.a.length) continue
    const aq = tally(baselineRuns, groups(saved.quiet.a, k))
    const ab = tally(baselineRuns, groups(saved.busy.a, k))
    const bq = tally(baselineRuns, groups(saved.quiet.b, k))
    const bb = tally(baselineRuns, groups(saved.busy.b, k))
    const size = (n: number): string => `${n} (${(n * perRun).toLocaleString('en-US')})`
    say(`| ${size(baselineRuns)} | ${size(k)} | ${pct(aq.fail, aq.comparisons)} | ${pct(ab.fail, ab.comparisons)} | ${aq.noisy + ab.noisy} | ${pct(bq.p95Fail, bq.comparisons)} | ${pct(bb.p95Fail, bb.comparisons)} | ${pct(bq.fail, bq.comparisons)} / ${pct(bb.fail, bb.comparisons)} | ${aq.skipped + bq.skipped}/${ab.skipped + bb.skipped} |`)
    if (aq.fail + ab.fail) say(`|  | A/A FAILs by statistic | ${JSON.stringify(aq.byStat)} | ${JSON.stringify(ab.byStat)} | | | | | |`)
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}

let saved: Saved
if (values.from) {
  const raw = JSON.parse(readFileSync(values.from, 'utf8')) as { quiet: { a: unknown[]; b: unknown[]; loadavg: string[] }; busy: { a: unknown[]; b: unknown[]; loadavg: string[] } }
  const read = (b: typeof raw.quiet): Saved['quiet'] => ({ a: b.a.map((m) => parseMeasurement(m)), b: b.b.map((m) => parseMeasurement(m)), loadavg: b.loadavg })
  saved = { quiet: read(raw.quiet), busy: read(raw.busy) }
} else {
  saved = await measureAll()
  if (values.json) {
    const plain = (b: Saved['quiet']) => ({ a: b.a.map((m) => JSON.parse(stringifyMeasurement(m)) as unknown), b: b.b.map((m) => JSON.parse(stringifyMeasurement(m)) as unknown), loadavg: b.loadavg })
    writeFileSync(values.json, JSON.stringify({ quiet: plain(saved.quiet), busy: plain(saved.busy) }))
  }
}
analyse(saved)
