import { describe, expect, it } from 'vitest'
import { MAX_NOISE_STEPS, noisySamplesNeeded, probeMs, repeatMs, samplesNeeded } from '../../src/capacity/probeLength.ts'
import { judgeProbe, type Threshold } from '../../src/judge/index.ts'
import { fromSamples } from '../../src/measure/index.ts'

const P95: Threshold = { stat: 'p95', limitMs: 50 }

describe('probe length', () => {
  it('gives each threshold the requests it needs to pass with confidence', () => {
    // p95 needs 72 samples for an interval at all; twice that to clear a limit.
    expect(samplesNeeded([P95])).toBe(144)
    // An error rate of 0 failures in n is shown under 1% from about z²/0.01 = 384 requests; twice that.
    expect(samplesNeeded([P95, { stat: 'errorRate', max: 0.01 }])).toBe(769)
    expect(probeMs(50, 5000, [{ stat: 'errorRate', max: 0.01 }])).toBe(15_380)
    expect(probeMs(500, 5000, [{ stat: 'errorRate', max: 0.01 }])).toBe(5000)
  })

  it('lengthens probes for the noise seen so far, up to a bound', () => {
    expect(noisySamplesNeeded([P95], 1)).toBe(0)
    expect(noisySamplesNeeded([{ stat: 'p90', limitMs: 50 }], 10)).toBe(519)
    expect(probeMs(200, 3000, [P95], 10)).toBe(5475)
    // However noisy, a probe lasts at most MAX_NOISE_STEPS steps on its account.
    expect(probeMs(50, 3000, [P95], 1000)).toBe(MAX_NOISE_STEPS * 3000)
  })

  it('repeats an undecided probe at least twice as long, longer for a sample too small', () => {
    const tooFew = judgeProbe(fromSamples(Array(50).fill(5), { durationMs: 1000 }), 50, [P95])
    expect(tooFew.outcome).toBe('undecided')
    // p95 needs 72 samples: a repeat gathers twice that at 50 req/s.
    expect(repeatMs(tooFew, 1000)).toBe(2880)
    const enough = judgeProbe(fromSamples(Array(50).fill(5), { durationMs: 1000 }), 50, [{ stat: 'p50', limitMs: 4 }, { stat: 'p90', limitMs: 6 }])
    expect(repeatMs({ ...enough, outcome: 'undecided' }, 1000)).toBe(2000)
  })
})
