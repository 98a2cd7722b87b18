import { expect, test } from 'vitest'
import 'perfgate/vitest'
import type { ResourceUsage } from 'perfgate'

/** Readings every 250 ms: cores[i] is the CPU (in cores) of quarter-second i; memory grows 10 MB a reading from 100 MB. */
function usage(cores: readonly number[], over: Partial<ResourceUsage> = {}): ResourceUsage {
  let cpuMs = 0
  const samples = [{ tMs: 0, cpuMs: 0, rssMb: 100, processes: 1 }]
  for (const [i, c] of cores.entries()) {
    cpuMs += c * 250
    samples.push({ tMs: (i + 1) * 250, cpuMs, rssMb: 100 + (i + 1) * 10, processes: 1 })
  }
  return { kind: 'resources', name: 'api', pid: 4242, scope: 'process-group', cpuBasis: 'one-core', cores: 4, intervalMs: 250, startedAt: 0, durationMs: cores.length * 250, samples, ...over }
}

/** 2 s at one core, memory 100 → 180 MB. */
const steady = usage([1, 1, 1, 1, 1, 1, 1, 1])

test('records one verdict per limit judged, at the expect() call, with no load measurement', async ({ task }) => {
  await expect({ result: undefined, resources: steady }).toStayWithin({ cpu: 2, machineCpu: 0.5, rssMb: 190 })
  const recorded = task.meta.perfgate?.[0]
  expect(recorded).toMatchObject({
    matcher: 'toStayWithin',
    negated: false,
    passed: true,
    verdicts: [
      { metric: 'cpu', status: 'pass', bound: 'at-most', measured: 1, limit: 2, unit: 'cores', margin: 0.5, samples: 9 },
      { metric: 'machineCpu', status: 'pass', measured: 0.25, limit: 0.5, unit: 'ratio' },
      // 180 of 190 MB: under 10% headroom, marginal as the judge marks any limit.
      { metric: 'rssMb', status: 'pass', measured: 180, limit: 190, unit: 'MB', marginal: true },
    ],
  })
  expect(recorded?.measurement).toBeUndefined()
  expect(recorded?.verdicts[0]?.summary).toBe('CPU of the busiest second 1 core <= 2 cores (+50%) at 0 s')
  expect(recorded?.location?.file).toMatch(/toStayWithin\.test\.ts$/)
  expect(recorded?.location?.line).toBe(20)
})

test('a limit blown is recorded as a failed verdict with what to try', async ({ task }) => {
  await expect(expect(steady).toStayWithin({ cpu: 2, rssMb: 150 })).rejects.toThrow(/1 of 2 limits not met by service "api"/)
  expect(task.meta.perfgate?.[0]).toMatchObject({
    matcher: 'toStayWithin',
    negated: false,
    passed: false,
    verdicts: [
      { metric: 'cpu', status: 'pass' },
      { metric: 'rssMb', status: 'fail', measured: 180, limit: 150, unit: 'MB', margin: -0.2, summary: 'peak resident memory 180 MB > 150 MB (−20%) at 2 s', hint: expect.stringMatching(/^memory that grows with the load/) },
    ],
  })
})

test('.not is recorded negated: passing on a limit blown, failing on limits met', async ({ task }) => {
  await expect(steady).not.toStayWithin({ rssMb: 150 })
  await expect(expect(steady).not.toStayWithin({ rssMb: 500 })).rejects.toThrow(/expected service "api" \(pid 4242\) to exceed a limit/)
  expect(task.meta.perfgate?.map((a) => [a.negated, a.passed, a.verdicts.map((v) => `${v.metric}:${v.status}`)])).toEqual([
    [true, true, ['rssMb:fail']],
    [true, false, ['rssMb:pass']],
  ])
})

test('a service that died fails with an exited verdict naming how; a secret in its name is hidden', async ({ task }) => {
  const died = usage([1, 1, 1, 1], { name: 'api password=s3cret', exited: { code: null, signal: 'SIGKILL' } })
  await expect(expect(died).toStayWithin({ rssMb: 500 })).rejects.toThrow(/killed by SIGKILL/)
  const recorded = task.meta.perfgate?.[0]
  expect(recorded).toMatchObject({ passed: false, verdicts: [{ metric: 'rssMb', status: 'pass' }, { metric: 'exited', status: 'fail', measured: 1, limit: 0, unit: 'count', margin: -1, hint: 'see its output (svc.logTail())' }] })
  expect(recorded?.verdicts[1]?.summary).toBe('service "api password=***" (pid 4242) was not running at the end of the run (killed by SIGKILL)')
  expect(JSON.stringify(recorded)).not.toContain('s3cret')
})

test('no readings is inconclusive (no data) and fails both forms', async ({ task }) => {
  const empty = { ...usage([]), samples: [] }
  await expect(expect(empty).toStayWithin({ cpu: 1 })).rejects.toThrow(/INCONCLUSIVE/)
  await expect(expect(empty).not.toStayWithin({ cpu: 1 })).rejects.toThrow(/to exceed a limit/)
  expect(task.meta.perfgate?.map((a) => [a.negated, a.passed])).toEqual([[false, false], [true, false]])
  expect(task.meta.perfgate?.[0]?.verdicts[0]).toMatchObject({ metric: 'cpu', status: 'inconclusive', reason: 'no-data', hint: expect.stringMatching(/run the workload longer/) })
})
