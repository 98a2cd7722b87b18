import { describe, expect, it } from 'vitest'
import { circuitBreaker, CircuitOpenError } from '../../perf/app/index.ts'

const fail = () => Promise.reject(new Error('down'))
const succeed = () => Promise.resolve('up')

describe('circuitBreaker', () => {
  it('opens after N consecutive failures, fails fast while open, half-opens after the cooldown', async () => {
    let now = 1_000
    const breaker = circuitBreaker('emr', { failureThreshold: 3, cooldownMs: 500, now: () => now })
    let calls = 0
    const counted = () => (calls++, fail())
    for (let i = 0; i < 3; i++) await expect(breaker.run(counted)).rejects.toThrow('down')
    expect(breaker.state()).toBe('open')
    await expect(breaker.run(counted)).rejects.toBeInstanceOf(CircuitOpenError)
    expect(calls).toBe(3)
    now += 499
    expect(breaker.state()).toBe('open')
    now += 1
    expect(breaker.state()).toBe('half-open')
    await expect(breaker.run(counted)).rejects.toThrow('down') // the trial fails: open again
    expect(breaker.state()).toBe('open')
    now += 500
    await expect(breaker.run(succeed)).resolves.toBe('up')
    expect(breaker.state()).toBe('closed')
  })

  it('counts only consecutive failures', async () => {
    const breaker = circuitBreaker('emr', { failureThreshold: 2 })
    await expect(breaker.run(fail)).rejects.toThrow('down')
    await breaker.run(succeed)
    await expect(breaker.run(fail)).rejects.toThrow('down')
    expect(breaker.state()).toBe('closed')
  })

  it('lets exactly one trial through while half-open', async () => {
    let now = 0
    const breaker = circuitBreaker('emr', { failureThreshold: 1, cooldownMs: 10, now: () => now })
    await expect(breaker.run(fail)).rejects.toThrow('down')
    now = 10
    let release!: (value: string) => void
    const trial = breaker.run(() => new Promise<string>((resolve) => (release = resolve)))
    await expect(breaker.run(succeed)).rejects.toBeInstanceOf(CircuitOpenError)
    release('up')
    await expect(trial).resolves.toBe('up')
    expect(breaker.state()).toBe('closed')
  })

  it('a slow call that started while closed and succeeds late does not close a circuit opened meanwhile', async () => {
    let now = 0
    const breaker = circuitBreaker('emr', { failureThreshold: 2, cooldownMs: 1000, now: () => now })
    let release!: (value: string) => void
    const slow = breaker.run(() => new Promise<string>((resolve) => (release = resolve)))
    await expect(breaker.run(fail)).rejects.toThrow('down')
    await expect(breaker.run(fail)).rejects.toThrow('down')
    expect(breaker.state()).toBe('open')
    now = 10
    release('up')
    await expect(slow).resolves.toBe('up')
    expect(breaker.state()).toBe('open')
    await expect(breaker.run(succeed)).rejects.toBeInstanceOf(CircuitOpenError)
  })

  it('rejects nonsensical options', () => {
    expect(() => circuitBreaker('emr', { failureThreshold: 0 })).toThrow(/failureThreshold/)
    expect(() => circuitBreaker('emr', { cooldownMs: -1 })).toThrow(/cooldownMs/)
  })
})
