import { describe, expect, it } from 'vitest'
import { singleFlight } from '../../perf/app/index.ts'

describe('singleFlight', () => {
  it('shares one in-flight call among concurrent callers of a key, and forgets it once settled', async () => {
    const flights = singleFlight<number>()
    let calls = 0
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10))
    const results = await Promise.all([flights.run('a', slow), flights.run('a', slow), flights.run('b', slow)])
    expect(calls).toBe(2)
    expect(results.map((result) => result.shared)).toEqual([false, true, false])
    expect(results[0]!.value).toBe(results[1]!.value)
    expect(flights.size()).toBe(0)
    await flights.run('a', slow)
    expect(calls).toBe(3)
  })

  it('shares failures too, and lets the next caller try again', async () => {
    const flights = singleFlight<number>()
    const failing = () => new Promise<number>((_, reject) => setTimeout(() => reject(new Error('emr down')), 5))
    const outcomes = await Promise.allSettled([flights.run('a', failing), flights.run('a', failing)])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected'])
    await expect(flights.run('a', async () => 7)).resolves.toEqual({ value: 7, shared: false })
  })
})
