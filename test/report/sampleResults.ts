import { judgeChange } from '../../src/judge/change.ts'
import { judge } from '../../src/judge/judge.ts'
import type { Threshold } from '../../src/judge/threshold.ts'
import type { JudgedAssertion } from '../../src/results/assertion.ts'
import { measurementOf, type MeasurementData } from '../../src/measure/measurement.ts'
import { summarizeMeasurement } from '../../src/measure/summary.ts'
import type { InvariantRun } from '../../src/invariants/violation.ts'
import { setAssertionSink } from '../../src/matchers/record.ts'
import { toHaveNoViolations } from '../../src/matchers/toHaveNoViolations.ts'
import { toStayWithin } from '../../src/matchers/toStayWithin.ts'
import type { ResourceUsage } from '../../src/measure/resources.ts'
import { buildResults } from '../../src/report/results.ts'
import type { PerfResults } from '../../src/report/results.ts'

/** Deterministic latencies with a long tail: base + spread × u^4 over a fixed sequence u. */
function latencies(n: number, base: number, spread: number): number[] {
  return Array.from({ length: n }, (_, i) => base + spread * ((i * 0.618034) % 1) ** 4)
}

function endpoint(name: string, n: number, base: number, spread: number, errors: number): MeasurementData {
  return {
    version: 1,
    source: 'load',
    name,
    latency: { kind: 'exact', samplesMs: latencies(n, base, spread) },
    count: n,
    errors,
    errorsByKind: errors ? { http5xx: errors } : {},
    durationMs: 10_000,
    startedAt: 1_700_000_000_000,
    timeline: Array.from({ length: 10 }, (_, t) => ({ t, count: n / 10 + (t % 3) * 5 - 5, errors: t === 6 ? errors : 0, latencySumMs: (n / 10) * (base + spread / 5 + t * 3), latencyMaxMs: base + spread * (0.6 + (t % 4) / 10) })),
    facts: { coordinatedOmission: 'corrected', saturation: { saturated: false, reasons: [] }, shape: { kind: 'open', rate: 300, durationMs: 10_000 }, target: 'http://svc:hunter2@127.0.0.1:3000/tasks' },
  }
}

/** A mixed-endpoint open-model run: 3,000 requests over 10 s, judged against two SLAs. */
export function sampleResults(): PerfResults {
  const tasks = endpoint('GET /tasks/:id', 2000, 40, 400, 0)
  const create = endpoint('POST /tasks', 1000, 90, 900, 12)
  const mixed: MeasurementData = {
    ...endpoint('clinic mix', 3000, 40, 400, 12),
    latency: { kind: 'exact', samplesMs: [...(tasks.latency as { samplesMs: number[] }).samplesMs, ...(create.latency as { samplesMs: number[] }).samplesMs] },
    byTag: { 'GET /tasks/:id': tasks, 'POST /tasks': create },
  }
  const m = measurementOf(mixed)
  const assertion = (matcher: string, thresholds: Threshold[], line: number): JudgedAssertion => {
    const verdicts = thresholds.map((t) => judge(m, t))
    return { matcher, negated: false, passed: !verdicts.some((v) => v.status === 'fail'), verdicts, measurement: summarizeMeasurement(m), location: { file: '/repo/perf/api.perf.ts', line, column: 5 } }
  }
  return buildResults(
    [
      { file: '/repo/perf/api.perf.ts', name: 'clinic mix meets the API SLA', fullName: 'clinic API > clinic mix meets the API SLA', state: 'passed', assertions: [assertion('toMeetSLA', [{ stat: 'p95', limitMs: 700 }, { stat: 'p99', limitMs: 1000 }, { stat: 'errorRate', max: 0.01 }], 12)] },
      { file: '/repo/perf/api.perf.ts', name: 'task create under 300 ms', fullName: 'clinic API > task create under 300 ms', state: 'failed', assertions: [assertion('toMeetP95', [{ stat: 'p95', limitMs: 300 }], 20)] },
    ],
    { root: '/repo', runner: 'vitest', now: new Date('2026-01-02T03:04:05Z') },
  )
}

/**
 * A weighted mix (two endpoints, 12,000 requests over 12 s) with a stall: the server answered
 * nothing in seconds 5 and 6, so 60 requests waited up to 2 s (open model, latency from the
 * scheduled start); judged against an SLA, and against a stored baseline 10% faster.
 */
export function stallResults(): PerfResults {
  const wave = (i: number): number => (i * 0.618034) % 1
  const tasks = Array.from({ length: 8000 }, (_, i) => 20 + 40 * wave(i) ** 3)
  const create = Array.from({ length: 3940 }, (_, i) => 50 + 150 * wave(i) ** 3)
  const stalled = Array.from({ length: 60 }, (_, i) => 400 + (1600 * i) / 59)
  const timeline = Array.from({ length: 12 }, (_, t) => {
    const count = t === 5 || t === 6 ? 0 : t === 7 ? 1060 : 1000
    return {
      t,
      count,
      errors: t === 7 ? 6 : 0,
      latencySumMs: count * (t === 7 ? 160 : 55),
      latencyMaxMs: t === 7 ? 2000 : 190 + t,
      ...(count ? { p50Ms: 38 + t, p95Ms: t === 7 ? 1400 : 150 + t, p99Ms: t === 7 ? 1900 : 185 + t } : {}),
    }
  })
  const facts = { coordinatedOmission: 'corrected' as const, saturation: { saturated: false, reasons: [] }, shape: { kind: 'open', rate: 1000, durationMs: 12_000 }, target: 'http://127.0.0.1:3000', lateStarts: 60, dropped: 0, provider: 'embedded' }
  const data = (name: string, samplesMs: number[], errors: number): MeasurementData => ({
    version: 1,
    source: 'load',
    name,
    latency: { kind: 'exact', samplesMs },
    count: samplesMs.length,
    errors,
    errorsByKind: errors ? { timeout: errors } : {},
    durationMs: 12_000,
    startedAt: 1_700_000_000_000,
    timeline,
    facts,
  })
  const mixed: MeasurementData = {
    ...data('clinic mix', [...tasks, ...create, ...stalled], 6),
    byTag: { 'GET /tasks/:id': data('clinic mix', [...tasks, ...stalled.slice(0, 40)], 0), 'POST /tasks': data('clinic mix', [...create, ...stalled.slice(40)], 6) },
  }
  const m = measurementOf(mixed)
  const reference = { kind: 'baseline' as const, count: 11_500, latency: { min: 18, p50: m.latency.p50 * 0.9, p75: m.latency.p75 * 0.9, p90: m.latency.p90 * 0.9, p95: m.latency.p95 * 0.9, p99: m.latency.p99 * 0.9, p999: 300, max: 420 } }
  const base = (p: number): { value: number; low: number; high: number } => ({ value: m.latency.percentile(p) * 0.9, low: m.latency.percentile(p) * 0.88, high: m.latency.percentile(p) * 0.92 })
  const sla: JudgedAssertion = {
    matcher: 'toMeetSLA',
    negated: false,
    passed: true,
    verdicts: [{ stat: 'p95', limitMs: 700 } as Threshold, { stat: 'errorRate', max: 0.01 } as Threshold].map((t) => judge(m, t)),
    measurement: summarizeMeasurement(m),
    location: { file: '/repo/perf/api.perf.ts', line: 12, column: 5 },
  }
  const verdicts = judgeChange(m, { p50: base(50), p95: base(95), p99: base(99) }, 0.1)
  const baseline: JudgedAssertion = { matcher: 'toMatchBaseline', negated: false, passed: !verdicts.some((v) => v.status === 'fail'), verdicts, measurement: summarizeMeasurement(m), location: { file: '/repo/perf/api.perf.ts', line: 13, column: 5 }, baseline: 'compared', reference }
  return buildResults([{ file: '/repo/perf/api.perf.ts', name: 'weighted mix with a stall', fullName: 'clinic API > weighted mix with a stall', state: baseline.passed ? 'passed' : 'failed', assertions: [sla, baseline] }], {
    root: '/repo',
    runner: 'vitest',
    now: new Date('2026-01-02T03:04:05Z'),
    run: { commit: '4124c7e0d1f2a3b4c5d6e7f8', branch: 'reports', node: 'v24.21.0', os: 'linux 6.1.0 x64', cpu: 'AMD EPYC 7763 × 2', memoryGb: 8, ci: 'github-actions', profile: 'quick' },
  })
}

/**
 * Assertions on no load measurement, recorded by the matchers themselves as a runner's sink gets
 * them: a service killed after its memory outgrew its limit while its CPU stayed, barely, within
 * its own (`toStayWithin`), and an overbooking check that caught 3 violations while a ledger check
 * held (`toHaveNoViolations`). The service's and the failed check's names hold a credential.
 */
export async function judgedResults(): Promise<PerfResults> {
  const recorded: JudgedAssertion[] = []
  setAssertionSink((assertion) => {
    recorded.push(assertion)
  })
  // The call sites are in this file, which stands for the spec.
  const context = { testPath: import.meta.filename }
  try {
    const samples = Array.from({ length: 9 }, (_, i) => ({ tMs: i * 250, cpuMs: i * 475, rssMb: 100 + i * 10, processes: 1 }))
    const usage: ResourceUsage = { kind: 'resources', name: 'payments password=s3cret', pid: 4242, scope: 'process-group', cpuBasis: 'one-core', cores: 2, intervalMs: 250, startedAt: 0, durationMs: 2000, samples, exited: { code: null, signal: 'SIGKILL' } }
    await toStayWithin.call(context, usage, { cpu: 2, rssMb: 150 })
    const overbooking = 'overbooking token=s3cret'
    const run: InvariantRun = {
      kind: 'invariants',
      durationMs: 1500,
      checks: {
        [overbooking]: { when: 'during', runs: 120, violatingRuns: 3, violations: 3, first: [1, 2, 3].map((i) => ({ check: overbooking, detail: `slot 7 booked ${20 + i} of 20`, atMs: i * 100 })) },
        ledger: { when: 'after', runs: 1, violatingRuns: 0, violations: 0, first: [] },
      },
      failed: [overbooking],
      violations: 3,
    }
    await toHaveNoViolations.call(context, run)
  } finally {
    setAssertionSink(undefined)
  }
  // Recorded here, they stand at fixed lines of a spec under the root, as a runner would place them.
  const [resources, invariants] = recorded.map((a, i) => ({ ...a, ...(a.location ? { location: { file: '/repo/perf/payments.perf.ts', line: 10 + i * 10, column: 5 } } : {}) }))
  return buildResults(
    [
      { file: '/repo/perf/payments.perf.ts', name: 'memory and CPU under load', fullName: 'payments > memory and CPU under load', state: 'failed', assertions: resources ? [resources] : [] },
      { file: '/repo/perf/payments.perf.ts', name: 'no overbooking under load', fullName: 'payments > no overbooking under load', state: 'failed', assertions: invariants ? [invariants] : [] },
    ],
    { root: '/repo', runner: 'vitest', now: new Date('2026-01-02T03:04:05Z') },
  )
}
