import { judge } from '../../src/judge/judge.ts'
import type { Threshold } from '../../src/judge/threshold.ts'
import type { JudgedAssertion } from '../../src/results/assertion.ts'
import { measurementOf, type MeasurementData } from '../../src/measure/measurement.ts'
import { summarizeMeasurement } from '../../src/measure/summary.ts'
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
