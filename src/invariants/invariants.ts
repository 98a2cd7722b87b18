import { invalidOption } from '../errors/index.ts'
import type { CheckReport, InvariantRun, Violation } from './violation.ts'

/** A check: returns what it found wrong now, one sentence per violation; nothing (or []) when all holds. */
export type InvariantCheck = () => Iterable<string> | undefined | void | Promise<Iterable<string> | undefined | void>

export interface InvariantOptions {
  /** Checks run again and again while the work runs (each waits `interval` after its previous run ends). */
  during?: Readonly<Record<string, InvariantCheck>>
  /** Checks run once, after the work has ended (the final state, the client history). */
  after?: Readonly<Record<string, InvariantCheck>>
  /** ms between the end of one run of a `during` check and the start of its next. @default 10 */
  interval?: number
  /** Violations kept per check, in the order found; all are counted. @default 20 */
  maxViolations?: number
  /** Longest a single run of a check may take; past it the check counts as violated and stops. @default 10000 */
  checkTimeout?: number
  /** Runs of each `during` check at most, however long the work runs. @default 1_000_000 */
  maxRuns?: number
}

export interface InvariantSampler {
  /**
   * Runs `work` with the `during` checks on their schedule beside it, stops them when it settles,
   * then runs the `after` checks. Rejects with the work's own error if it fails (the checks stopped).
   */
  during<T>(work: () => T | Promise<T>): Promise<{ result: T; run: InvariantRun }>
}

const KNOWN = ['during', 'after', 'interval', 'maxViolations', 'checkTimeout', 'maxRuns']

function count(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalidOption(`invariants(): ${name} must be a number from ${min} to ${max.toLocaleString('en-US')}; got ${JSON.stringify(value)}.`)
  }
  return value
}

function checksOf(value: unknown, name: string): [string, InvariantCheck][] {
  if (value === undefined) return []
  if (typeof value !== 'object' || value === null || Object.values(value).some((check) => typeof check !== 'function')) {
    throw invalidOption(`invariants(): ${name} must be an object of named check functions, such as { bounds: async () => overbookedRows.map(describe) }.`)
  }
  return Object.entries(value as Record<string, InvariantCheck>)
}

/**
 * Invariants checked during a run, as Jepsen's bank test reads during the run: a check that only
 * ran at the end would pass an implementation that breaks the rule and later repairs it. Every
 * loop is bounded (runs, per-run timeout) and stops with the work.
 *
 * @example
 * const checks = invariants({
 *   during: { bounds: async () => (await overbooked(pool)).map((row) => `authorization ${row.id}: ${row.used} + ${row.scheduled} > ${row.total}`) },
 *   after: { ledger: () => ledgerMismatches(pool) },
 * })
 * const { result: m, run } = await checks.during(() => load(target, { rate: 200, duration: '6s' }))
 * await expect(run).toHaveNoViolations()
 */
export function invariants(options: InvariantOptions): InvariantSampler {
  if (typeof options !== 'object' || options === null) throw invalidOption('invariants() takes { during?, after?, interval?, … }.')
  const unknown = Object.keys(options).filter((key) => !KNOWN.includes(key))
  if (unknown.length) throw invalidOption(`invariants(): unknown option ${unknown.map((k) => `'${k}'`).join(', ')}. Known options: ${KNOWN.join(', ')}.`)
  const during = checksOf(options.during, 'during')
  const after = checksOf(options.after, 'after')
  const names = [...during, ...after].map(([name]) => name)
  const twice = names.find((name, i) => names.indexOf(name) !== i)
  if (twice !== undefined) throw invalidOption(`invariants(): check '${twice}' is named twice; give each check its own name.`)
  if (names.length === 0) throw invalidOption('invariants() needs at least one check in during or after.')
  const intervalMs = count(options.interval, 'interval', 10, 0, 60_000)
  const maxViolations = count(options.maxViolations, 'maxViolations', 20, 1, 10_000)
  const checkTimeoutMs = count(options.checkTimeout, 'checkTimeout', 10_000, 1, 600_000)
  const maxRuns = count(options.maxRuns, 'maxRuns', 1_000_000, 1, 100_000_000)

  return {
    async during(work) {
      const t0 = performance.now()
      const reports: Record<string, CheckReport> = {}
      for (const [name] of during) reports[name] = { when: 'during', runs: 0, violatingRuns: 0, violations: 0, first: [] }
      for (const [name] of after) reports[name] = { when: 'after', runs: 0, violatingRuns: 0, violations: 0, first: [] }
      const found = (name: string, details: readonly string[]): void => {
        const report = reports[name]!
        report.runs++
        if (details.length === 0) return
        report.violatingRuns++
        report.violations += details.length
        const atMs = performance.now() - t0
        for (const detail of details.slice(0, maxViolations - report.first.length)) report.first.push({ check: name, detail, atMs } satisfies Violation)
      }
      /** One run of a check, bounded; false when it timed out (its loop then stops). */
      const runOnce = async (name: string, check: InvariantCheck): Promise<boolean> => {
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), checkTimeoutMs)
        })
        try {
          const answer = await Promise.race([Promise.resolve().then(check), timeout])
          if (answer === 'timeout') {
            found(name, [`the check did not answer within ${checkTimeoutMs} ms (it was stopped)`])
            return false
          }
          found(name, answer ? [...answer].map(String) : [])
          return true
        } catch (error) {
          found(name, [`the check itself failed: ${error instanceof Error ? error.message : String(error)}`])
          return true
        } finally {
          clearTimeout(timer)
        }
      }
      let running = true
      const wakers = new Set<() => void>()
      const loops = during.map(async ([name, check]) => {
        while (running && reports[name]!.runs < maxRuns) {
          if (!(await runOnce(name, check))) return
          if (!running) return
          await new Promise<void>((resolve) => {
            const wake = (): void => {
              clearTimeout(timer)
              wakers.delete(wake)
              resolve()
            }
            const timer = setTimeout(wake, intervalMs)
            wakers.add(wake)
          })
        }
      })
      let result: Awaited<ReturnType<typeof work>>
      try {
        result = await work()
      } finally {
        running = false
        for (const wake of wakers) wake() // each removes itself: a Set allows that while iterating
        await Promise.all(loops)
      }
      const durationMs = performance.now() - t0
      for (const [name, check] of after) await runOnce(name, check)
      const failed = names.filter((name) => reports[name]!.violations > 0)
      const run: InvariantRun = { kind: 'invariants', durationMs, checks: reports, failed, violations: failed.reduce((sum, name) => sum + reports[name]!.violations, 0) }
      return { result, run }
    },
  }
}
