import { history, invariants, isPerfgateError, type History } from 'perfgate'
import 'perfgate/vitest'
import { Agent, request } from 'undici'
import { describe, expect, test } from 'vitest'
import { startUnitsServer } from './unitsServer.ts'

interface UnitsOp {
  kind: 'reserve' | 'release'
  status: number
}

/**
 * `clients` closed-loop clients reserving and releasing units over real HTTP for `ms`, each
 * recording what it was told in the history: 200 ok, 409 fail, anything else (a reset) info.
 */
async function clients(url: string, h: History<UnitsOp>, { clients = 8, ms = 1500 } = {}): Promise<void> {
  const agent = new Agent({ connections: clients })
  const end = performance.now() + ms
  try {
    await Promise.all(Array.from({ length: clients }, async (_, vu) => {
      for (let i = 0; performance.now() < end && i < 100_000; i++) {
        const kind = i % 3 === 2 ? 'release' : 'reserve'
        await h.run(vu, async () => {
          try {
            const response = await request(`${url}/${kind}`, { method: 'POST', dispatcher: agent })
            await response.body.dump()
            return { outcome: response.statusCode === 200 ? 'ok' : response.statusCode === 409 ? 'fail' : 'info', value: { kind, status: response.statusCode } }
          } catch {
            return { outcome: 'info', value: { kind, status: 0 } }
          }
        })
      }
    }))
  } finally {
    await agent.close()
  }
}

async function checkedRun(mode: 'correct' | 'canary') {
  const server = await startUnitsServer(mode, 20)
  try {
    const h = history<UnitsOp>()
    const state = async (): Promise<{ used: number; total: number; ledger: number }> => (await fetch(`${server.url}/state`)).json() as Promise<{ used: number; total: number; ledger: number }>
    const checks = invariants({
      // Read during the run: used <= total on every read.
      during: {
        bounds: async () => {
          const { used, total } = await state()
          return used > total ? [`used ${used} > total ${total}`] : []
        },
      },
      // After the run: the answers the clients received add up to the units held.
      after: {
        history: async () => {
          const { used } = await state()
          const range = h.ranges(() => 'units', (op) => (op.value.kind === 'reserve' ? 1 : -1)).get('units') ?? { min: 0, max: 0 }
          return used >= range.min && used <= range.max ? [] : [`clients were told ${range.min === range.max ? range.min : `${range.min}…${range.max}`} units are held; the service holds ${used}`]
        },
      },
      interval: 2,
    })
    const { run } = await checks.during(() => clients(server.url, h))
    return { run, ops: h.ops }
  } finally {
    await server.close()
  }
}

describe('invariants during load', () => {
  test('a correct implementation: every check holds, on every read during the run and after it', async () => {
    const { run, ops } = await checkedRun('correct')
    expect(ops.filter((op) => op.outcome === 'ok').length).toBeGreaterThan(100)
    expect(ops.filter((op) => op.outcome === 'fail').length).toBeGreaterThan(0) // the bound was really reached
    expect(run.checks['bounds']!.runs).toBeGreaterThan(20)
    expect(run.checks['history']!.runs).toBe(1)
    await expect(run).toHaveNoViolations()
  })

  test('a canary that overbooks and repairs it later is caught during the run and by the history, and the message shows the first violations', async () => {
    const { run } = await checkedRun('canary')
    expect(run.failed).toEqual(['bounds', 'history'])
    const error = await expect(run).toHaveNoViolations().then(() => undefined, (e: Error) => e)
    if (process.env['PERFGATE_SHOW_MESSAGES']) console.log(error?.message)
    expect(error?.message).toMatch(/^expect\(run\)\.toHaveNoViolations\(\): [\d,]+ violations in 2 of 2 checks over [\d.]+ s/)
    expect(error?.message).toMatch(/\n {2}bounds \(checked [\d,]+× during the run, [\d,]+ saw a violation\): [\d,]+ violations?/)
    expect(error?.message).toMatch(/\n {4}at [\d.]+ s: used \d+ > total 20/)
    expect(error?.message).toMatch(/\n {2}history \(checked after the run\): 1 violation\n {4}at [\d.]+ s: clients were told \d+ units are held; the service holds \d+/)
    await expect(run).not.toHaveNoViolations()
  })

  test('the checks stop with the work, a failing work still stops them, and a check that throws or hangs is a violation', async () => {
    let reads = 0
    const sampler = invariants({ during: { count: () => void reads++ }, interval: 1 })
    const { result, run } = await sampler.during(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100))
      return 42
    })
    expect(result).toBe(42)
    const after = reads
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(reads).toBe(after) // stopped
    expect(run.checks['count']!.runs).toBe(after)

    await expect(sampler.during(() => Promise.reject(new Error('load failed')))).rejects.toThrow('load failed')
    const stopped = reads
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(reads).toBe(stopped)

    const broken = invariants({
      during: { throws: () => { throw new Error('connection refused') } },
      after: { hangs: () => new Promise<string[]>(() => {}) },
      checkTimeout: 100,
    })
    const { run: bad } = await broken.during(() => new Promise((resolve) => setTimeout(resolve, 30)))
    expect(bad.failed).toEqual(['throws', 'hangs'])
    expect(bad.checks['throws']!.first[0]!.detail).toBe('the check itself failed: connection refused')
    expect(bad.checks['hangs']!.first[0]!.detail).toBe('the check did not answer within 100 ms (it was stopped)')
  })

  test('bounded: violations kept per check, runs per check; bad options are refused', async () => {
    const { run } = await invariants({ during: { always: () => ['a', 'b', 'c'] }, maxViolations: 4, maxRuns: 5, interval: 0 }).during(() => new Promise((resolve) => setTimeout(resolve, 100)))
    expect(run.checks['always']).toMatchObject({ runs: 5, violatingRuns: 5, violations: 15 })
    expect(run.checks['always']!.first.map((v) => v.detail)).toEqual(['a', 'b', 'c', 'a'])
    for (const options of [{}, { during: { x: 1 } }, { during: { x: () => [] }, after: { x: () => [] } }, { during: { x: () => [] }, interval: -1 }, { during: { x: () => [] }, every: 5 }]) {
      let error: unknown
      try {
        invariants(options as never)
      } catch (e) {
        error = e
      }
      expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_OPTION'), JSON.stringify(options)).toBe(true)
    }
  })

  test('history: ok operations count for certain, info ones widen the range, fail ones not at all; it is bounded', () => {
    const h = history<{ id: number; units: number }>({ maxOps: 4 })
    h.record({ process: 0, outcome: 'ok', value: { id: 1, units: 10 }, startMs: 0, endMs: 1 })
    h.record({ process: 1, outcome: 'info', value: { id: 1, units: 5 }, startMs: 0, endMs: 2 })
    h.record({ process: 2, outcome: 'fail', value: { id: 1, units: 7 }, startMs: 0, endMs: 3 })
    h.record({ process: 3, outcome: 'info', value: { id: 2, units: -3 }, startMs: 0, endMs: 3 })
    expect(h.ranges((op) => op.value.id, (op) => op.value.units, (id) => (id === 2 ? 10 : 0))).toEqual(new Map([[1, { min: 10, max: 15 }], [2, { min: 7, max: 10 }]]))
    h.record({ process: 4, outcome: 'ok', value: { id: 1, units: 1 }, startMs: 0, endMs: 4 })
    expect(h.ops).toHaveLength(4)
    expect(h.dropped).toBe(1)
    expect(() => h.ranges((op) => op.value.id, () => 1)).toThrow(/1 operations were past maxOps \(4\)/)
  })
})
