import { PerfgateError } from '../../errors/index.ts'
import { LatencyRecorder, type MetricsData } from '../../measure/index.ts'
import { redactSecrets } from '../../redact/index.ts'
import type { WorkloadMetrics } from '../target/loadTarget.ts'

/** Most distinct names of each kind (trend, rate, counter) one run may record: names are not labels. */
export const MAX_METRIC_NAMES = 100
const NAME = /^[A-Za-z_][\w.:-]{0,63}$/

/**
 * The `metrics` a workload records into: trends in bounded-memory latency recorders, rates and
 * counters as totals. A misuse (a bad name or value) throws to the caller and is kept as `problem`,
 * so the run fails with it even when the workload swallows the error.
 */
export class MetricsRecorder implements WorkloadMetrics {
  readonly #trends = new Map<string, LatencyRecorder>()
  readonly #rates = new Map<string, { trues: number; total: number }>()
  readonly #counters = new Map<string, number>()
  readonly #run: { readonly sealed: boolean }
  /** The first misuse, which ends the run. */
  problem: PerfgateError | undefined

  /** `run` is the run's recorder: once it is sealed (the run was cut), nothing more is recorded. */
  constructor(run: { readonly sealed: boolean }) {
    this.#run = run
  }

  readonly trend = (name: string, ms: number): void => {
    const recorder = this.#slot(this.#trends, 'trend', name, () => new LatencyRecorder())
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) this.#misuse(`metrics.trend('${name}', ms) takes a finite duration in ms >= 0; got ${describe(ms)}. Time it with performance.now() differences.`)
    if (!this.#run.sealed) recorder.record(ms)
  }

  readonly rate = (name: string, value: boolean): void => {
    const rate = this.#slot(this.#rates, 'rate', name, () => ({ trues: 0, total: 0 }))
    if (typeof value !== 'boolean') this.#misuse(`metrics.rate('${name}', value) takes true or false; got ${describe(value)}. Pass a comparison such as hit !== null.`)
    if (this.#run.sealed) return
    rate.total++
    if (value) rate.trues++
  }

  readonly count = (name: string, n = 1): void => {
    this.#slot(this.#counters, 'counter', name, () => 0)
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) this.#misuse(`metrics.count('${name}', n) adds a finite number >= 0; got ${describe(n)}.`)
    if (!this.#run.sealed) this.#counters.set(name, this.#counters.get(name)! + n)
  }

  /** What was recorded, or undefined when nothing was. */
  toData(): MetricsData | undefined {
    if (this.#trends.size + this.#rates.size + this.#counters.size === 0) return undefined
    return {
      ...(this.#trends.size ? { trends: Object.fromEntries([...this.#trends].map(([name, r]) => [name, r.toData()])) } : {}),
      ...(this.#rates.size ? { rates: Object.fromEntries([...this.#rates].map(([name, r]) => [name, { ...r }])) } : {}),
      ...(this.#counters.size ? { counters: Object.fromEntries(this.#counters) } : {}),
    }
  }

  #slot<T>(map: Map<string, T>, kind: string, name: string, make: () => T): T {
    const found = map.get(name)
    if (found !== undefined) return found
    if (typeof name !== 'string' || !NAME.test(name)) {
      this.#misuse(`A ${kind} name must be letters, digits and _ . : - (up to 64, starting with a letter or _), such as 'emr_sync'; got ${describe(name)}.`)
    }
    if (map.size >= MAX_METRIC_NAMES) {
      this.#misuse(`A run may record at most ${MAX_METRIC_NAMES} ${kind} names; '${name}' would be one more. Names are metrics, not labels: put ids and values in the recorded value, not the name.`)
    }
    const made = make()
    map.set(name, made)
    return made
  }

  #misuse(message: string): never {
    const error = new PerfgateError('PERFGATE_ERR_INVALID_INPUT', message)
    this.problem ??= error
    throw error
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string '${redactSecrets(value.length > 40 ? `${value.slice(0, 37)}...` : value)}'`
  if (value === null || value === undefined) return String(value)
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value as number)}`
}
