import { describe, expect, it } from 'vitest'
import { load } from '../../../src/load/index.ts'
import { dispatchLagNote, saturationReasons } from '../../../src/load/observe/saturation.ts'
import { startServer } from '../servers/startServer.ts'

describe('generator saturation', () => {
  it('marks a run whose generator thread was blocked, with reasons in plain words', async () => {
    await using server = await startServer({ kind: 'delay', delayMs: 1 })
    // Something else in the generator's thread hogs it: 150 ms of every 200 ms.
    const hog = setInterval(() => {
      const until = performance.now() + 150
      while (performance.now() < until) {
        // busy
      }
    }, 50)
    try {
      const m = await load(server.url, { rate: 200, duration: '1500ms' })
      expect(m.facts.saturation.saturated).toBe(true)
      const reasons = m.facts.saturation.reasons.join('\n')
      expect(reasons).toMatch(/event loop was blocked for up to \d+ ms/)
      expect(reasons).toMatch(/started late although a connection was free/)
      expect(m.facts.lateStarts).toBeGreaterThan(50)
    } finally {
      clearInterval(hog)
    }
  })

  it('names each cause with its numbers and a next step', () => {
    const reasons = saturationReasons({
      generator: { loopDelayP99Ms: 120, loopDelayMaxMs: 300, cpuShare: 0.99 },
      wallMs: 10_000,
      open: { issued: 1000, lateWithFreeConnection: 200, dropped: 7, maxConnections: 50, timeoutMs: 2000 },
    })
    expect(reasons).toHaveLength(4)
    expect(reasons[1]).toMatch(/busy 99% of the run.*workers: 2/)
    expect(reasons[2]).toMatch(/^200 of 1000 requests \(20%\) started late/)
    expect(reasons[3]).toMatch(/^7 scheduled requests never started/)
    expect(saturationReasons({ generator: { loopDelayP99Ms: 12, loopDelayMaxMs: 20, cpuShare: 0.3 }, wallMs: 10_000 })).toEqual([])
  })

  it('notes a dispatch lag over 1 ms that is also over a quarter of the p99 latency measured, without calling it saturation', () => {
    const lag = (p99Ms: number, latencyP99Ms: number) => dispatchLagNote({ count: 1000, p50Ms: 0.6, p99Ms, maxMs: 4, latencyP99Ms })
    // Timer dispatch against a 0.07 ms service: the generator's lag is most of what was measured.
    expect(lag(1.1, 1.4)).toMatch(/^The generator sent its requests up to 4.0 ms after their scheduled time.*p99 1.1 ms, over its limit of 1.0 ms/)
    expect(lag(0.3, 0.4)).toBeUndefined()
    // The same lag against a 20 ms service is under a quarter of its p99.
    expect(lag(1.1, 25)).toBeUndefined()
    expect(lag(7, 25)).toBeDefined()
    expect(dispatchLagNote(undefined)).toBeUndefined()
  })
})
