import { describe, expect, test } from 'vitest'
import { cpuPeak, judgeResources, rssPeak, validateResourceLimits } from '../../src/judge/resources.ts'
import { isPerfgateError } from '../../src/errors/index.ts'
import { resourceUsageProblem, type ResourceUsage } from '../../src/measure/resources.ts'

/** Readings every 250 ms for `cores.length` quarter-seconds: cores[i] is the CPU (in cores) of quarter i. */
function usage(cores: readonly number[], rss: (i: number) => number = () => 100): ResourceUsage {
  let cpuMs = 0
  const samples = [{ tMs: 0, cpuMs: 0, rssMb: rss(0), processes: 1 }]
  for (const [i, c] of cores.entries()) {
    cpuMs += c * 250
    samples.push({ tMs: (i + 1) * 250, cpuMs, rssMb: rss(i + 1), processes: 1 })
  }
  return { kind: 'resources', name: 'svc', pid: 1, scope: 'process-group', cpuBasis: 'one-core', cores: 4, intervalMs: 250, startedAt: 0, durationMs: cores.length * 250, samples }
}

describe('resource judgement', () => {
  test('the CPU peak is the busiest whole second, not the busiest reading', () => {
    // 1 s at 0.2, then a 250 ms burst at 2 cores, then 1 s at 0.6: the burst's second averages 0.65 at most.
    const u = usage([0.2, 0.2, 0.2, 0.2, 2, 0.6, 0.6, 0.6, 0.6])
    const peak = cpuPeak(u)
    expect(peak.cores).toBeCloseTo((2 + 0.6 * 3) / 4, 6) // the burst and the three quarters after it
    expect(peak.atMs).toBe(1000)
    expect(cpuPeak(usage([0.5, 0.5])).cores).toBeCloseTo(0.5, 6) // shorter than a second: the whole window
  })

  test('cpu in cores, machineCpu as a share of all cores, rssMb the largest reading', () => {
    const u = usage([1, 1, 1, 1, 3, 3, 3, 3], (i) => 100 + i * 10)
    expect(rssPeak(u)).toEqual({ mb: 180, atMs: 2000 })
    const [cpu, machine, rss] = judgeResources(u, { cpu: 2, machineCpu: 0.8, rssMb: 200 })
    expect(cpu).toMatchObject({ metric: 'cpu', status: 'fail', measured: 3, limit: 2, unit: 'cores', margin: -0.5 })
    expect(machine).toMatchObject({ metric: 'machineCpu', status: 'pass', measured: 0.75, unit: 'ratio' })
    expect(rss).toMatchObject({ metric: 'rssMb', status: 'pass', measured: 180, unit: 'MB', margin: 0.1 })
    expect(cpu!.summary).toBe('CPU of the busiest second 3 cores > 2 cores (−50%) at 1 s')
  })

  test('no readings is inconclusive, not a pass', () => {
    const u = { ...usage([]), samples: [] }
    expect(judgeResources(u, { cpu: 1, rssMb: 100 }).map((v) => v.status)).toEqual(['inconclusive', 'inconclusive'])
  })

  test('limits and data are checked at the edge', () => {
    for (const bad of [undefined, {}, { cpu: 0 }, { rssMb: Number.NaN }, { machineCpu: 1.5 }, { cpuPercent: 70 }]) {
      let error: unknown
      try {
        validateResourceLimits(bad)
      } catch (e) {
        error = e
      }
      expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_THRESHOLD'), JSON.stringify(bad)).toBe(true)
    }
    expect(resourceUsageProblem(usage([1]))).toBeUndefined()
    expect(resourceUsageProblem({ ...usage([1]), samples: [{ tMs: 5, cpuMs: 0, rssMb: 1, processes: 1 }, { tMs: 1, cpuMs: 0, rssMb: 1, processes: 1 }] })).toMatch(/goes back in time/)
    expect(resourceUsageProblem({ ...usage([1]), cpuBasis: 'machine' })).toMatch(/cpuBasis/)
  })
})
