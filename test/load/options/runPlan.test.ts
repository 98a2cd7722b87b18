import { describe, expect, it } from 'vitest'
import { isPerfgateError } from '../../../src/errors/index.ts'
import type { LoadOptions } from '../../../src/load/index.ts'
import { parseShard, planOf } from '../../../src/load/options/runPlan.ts'

function rejection(options: unknown): string {
  try {
    planOf(options as LoadOptions)
  } catch (error) {
    expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_OPTION')).toBe(true)
    return (error as Error).message
  }
  throw new Error(`planOf accepted ${JSON.stringify(options)}`)
}

describe('planOf', () => {
  it('builds each model as a discriminated union with durations in ms', () => {
    expect(planOf({ connections: 50, duration: '10s' }).shape).toEqual({ kind: 'closed', connections: 50, durationMs: 10_000 })
    expect(planOf({ rate: 1000, duration: '30s' }).shape).toEqual({ kind: 'open', rate: 1000, durationMs: 30_000, maxConnections: 1000 })
    expect(planOf({ stages: [{ duration: '10s', rate: 100 }, { duration: 5000, rate: 0 }] }).shape).toEqual({
      kind: 'stages', unit: 'rate', start: 0, maxConnections: 1000,
      stages: [{ durationMs: 10_000, target: 100 }, { durationMs: 5000, target: 0 }],
    })
    expect(planOf({ connections: 2, requests: 10, think: { min: '1s', max: '2s' } }).shape).toEqual({
      kind: 'closed', connections: 2, requests: 10, think: { minMs: 1000, maxMs: 2000 },
    })
    expect(planOf({ connections: 1, duration: '1s' })).toMatchObject({ timeoutMs: 10_000, workers: 1 })
    expect(planOf({ rate: 10, duration: '1s' }).dispatch).toBe('precise')
    expect(planOf({ rate: 10, duration: '1s', dispatch: 'timer' }).dispatch).toBe('timer')
  })

  it('refuses impossible numbers before any load starts', () => {
    expect(rejection({ rate: -5, duration: '1s' })).toMatch(/rate must be a number above 0; got -5/)
    expect(rejection({ connections: 0, duration: '1s' })).toMatch(/connections must be a whole number of at least 1; got 0/)
    expect(rejection({ connections: 2.5, duration: '1s' })).toMatch(/whole number/)
    expect(rejection({ connections: 10 })).toMatch(/needs duration or requests/)
    expect(rejection({ rate: 10 })).toMatch(/open model needs a duration/)
    expect(rejection({ connections: 1, duration: '0s' })).toMatch(/duration must be more than 0/)
    expect(rejection({ connections: 1, duration: 'soon' })).toMatch(/is not a duration/)
    expect(rejection({ connections: 1, duration: '1s', timeout: 0 })).toMatch(/timeout must be more than 0/)
  })

  it('enforces hard caps even for huge numbers', () => {
    expect(rejection({ connections: 1e6, duration: '1s' })).toMatch(/over the hard cap of 10000/)
    expect(rejection({ rate: 1e9, duration: '1s' })).toMatch(/hard cap/)
    expect(rejection({ connections: 1, duration: '100h' })).toMatch(/8 h\) hard cap/)
    expect(rejection({ rate: 100_000, duration: '8h' })).toMatch(/requests, over the 100000000 hard cap/)
    expect(rejection({ stages: [{ duration: '2h', rate: 100_000 }] })).toMatch(/rate stages make 360000000 requests, over the 100000000 hard cap/)
    expect(planOf({ stages: [{ duration: '1h', rate: 50_000 }] }).shape).toMatchObject({ kind: 'stages', unit: 'rate' })
    expect(rejection({ connections: 1e6, duration: '1s' })).not.toMatch(/workers/)
  })

  it('names the option to use for conflicting and renamed ones', () => {
    expect(rejection({ rate: 10, connections: 5, duration: '1s' })).toMatch(/cap requests in flight with 'maxConnections'/)
    expect(rejection({ vus: 10, duration: '1s' })).toMatch(/'vus' is not a perfgate option; use 'connections' instead/)
    expect(rejection({ arrivalRate: 10, duration: '1s' })).toMatch(/use 'rate' instead/)
    expect(rejection({ connections: 1, duration: '1s', durationn: 1 })).toMatch(/no option 'durationn'. Known options: connections/)
    expect(rejection({ rate: 10, duration: '1s', requests: 5 })).toMatch(/drop 'requests'/)
    expect(rejection({ rate: 10, duration: '1s', think: '1s' })).toMatch(/Drop 'think'/)
    expect(rejection({ connections: 1, duration: '1s', maxConnections: 5 })).toMatch(/'maxConnections' does not apply to the closed model/)
    expect(rejection({ stages: [{ duration: '1s', rate: 5 }], duration: '1s' })).toMatch(/drop 'duration'/)
    expect(rejection({ stages: [{ duration: '1s', rate: 5 }, { duration: '1s', connections: 5 }] })).toMatch(/the same in all stages/)
    expect(rejection({ stages: [] })).toMatch(/non-empty array/)
    expect(rejection({ connections: 2, duration: '1s', workers: 3 })).toMatch(/exceeds connections/)
    expect(rejection({ connections: 2, duration: '1s', expectStatus: [200, 99] })).toMatch(/list of HTTP statuses/)
    expect(rejection({})).toMatch(/needs a load model/)
    expect(rejection({ rate: 10, duration: '1s', dispatch: 'fast' })).toMatch(/dispatch must be 'precise' \(the default.*or 'timer'.*got "fast"/)
    expect(rejection({ connections: 1, duration: '1s', dispatch: 'timer' })).toMatch(/'dispatch' does not apply to the closed model/)
    expect(rejection({ rate: 100, duration: '10s', workers: 2, stopWhen: { errorRate: 0.1 } })).toMatch(/stopWhen needs workers: 1/)
  })

  it('reads a shard as i/n or { index, count } and a common start as epoch ms or a Date', () => {
    const startAt = Date.now() + 5000
    expect(planOf({ rate: 400, duration: '10s', shard: '3/8', startAt })).toMatchObject({
      shape: { kind: 'open', rate: 400 }, shard: { index: 3, count: 8 }, share: { index: 2, count: 8 }, startAt,
    })
    expect(planOf({ connections: 8, duration: '1s', shard: { index: 8, count: 8 }, startAt: new Date(startAt) })).toMatchObject({ shard: { index: 8, count: 8 }, startAt })
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 })
  })

  it('refuses shards that are not one of n, and start times in the past or too far ahead', () => {
    for (const shard of ['0/8', '9/8', '3', 'a/b', '-1/4', '1.5/4', '2/0', { index: 0, count: 2 }, 3]) {
      expect(rejection({ rate: 10, duration: '1s', shard })).toMatch(/^shard .* Give it as 'i\/n' with 1 <= i <= n, e\.g\. '3\/8'/)
    }
    expect(rejection({ rate: 10, duration: '1s', shard: '9/8' })).toMatch(/needs an index from 1 to 8/)
    expect(rejection({ connections: 3, duration: '1s', shard: '1/4' })).toMatch(/connections \(3\) is less than shards × workers \(4 × 1\)/)
    expect(rejection({ connections: 4, duration: '1s', shard: '1/2', workers: 3 })).toMatch(/less than shards × workers \(2 × 3\)/)
    expect(rejection({ rate: 10, duration: '1s', startAt: Date.now() - 5000 })).toMatch(/ms in the past \(more than the 1000 ms allowed\)/)
    expect(rejection({ rate: 10, duration: '1s', startAt: Date.now() + 2 * 3_600_000 })).toMatch(/over the 3600 s a run waits/)
    expect(rejection({ rate: 10, duration: '1s', startAt: new Date('nonsense') })).toMatch(/startAt must be epoch ms or a Date.*an invalid Date/)
    expect(rejection({ rate: 10, duration: '1s', shards: '1/2' })).toMatch(/use 'shard' instead/)
  })
})
