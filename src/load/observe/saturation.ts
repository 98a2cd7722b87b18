import { monitorEventLoopDelay } from 'node:perf_hooks'

/** Event-loop delay (p99) above which the generator could not keep its own timing. */
export const LOOP_DELAY_P99_LIMIT_MS = 50
/** Share of one core the generator thread may use before it is considered the bottleneck. */
export const CPU_SHARE_LIMIT = 0.95
/** Share of arrivals (5%) that may start late, with a connection free, before the schedule is considered missed. */
export const LATE_SHARE_LIMIT = 0.05
/**
 * The generator's own dispatch lag (p99, over the requests that found a connection free) may reach
 * 1 ms, or a quarter of the p99 latency it measured if that is more, before the run notes it: past
 * both, the lateness perfgate adds is a real part of what it reports (a fast service measured with
 * timer dispatch, or any run on a machine too busy to keep the schedule). Lateness a busy connection
 * caused is the server's and is not in the dispatch lag. It is not saturation: the lag only adds to
 * latencies, so a limit the run meets stays met; the judge makes a missed limit inconclusive when
 * the lag could account for the miss.
 */
export const DISPATCH_LAG_P99_LIMIT_MS = 1
export const DISPATCH_LAG_SHARE_LIMIT = 0.25

/** A note for a run whose own dispatch lag is a real part of the latencies it measured, if it is. */
export function dispatchLagNote(lag: { count: number; p50Ms: number; p99Ms: number; maxMs: number; latencyP99Ms: number } | undefined): string | undefined {
  if (!lag || lag.count === 0) return undefined
  const limitMs = Math.max(DISPATCH_LAG_P99_LIMIT_MS, DISPATCH_LAG_SHARE_LIMIT * (Number.isFinite(lag.latencyP99Ms) ? lag.latencyP99Ms : 0))
  if (lag.p99Ms <= limitMs) return undefined
  return `The generator sent its requests up to ${ms(lag.maxMs)} ms after their scheduled time with a connection free (dispatch lag p50 ${ms(lag.p50Ms)} ms, p99 ${ms(lag.p99Ms)} ms, over its limit of ${ms(limitMs)} ms), and that lag is part of every latency it measured. Run the server in another process, use workers: 2, or lower the rate.`
}

/** What the generator's own thread went through during a run. */
export interface GeneratorLoad {
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  /** CPU time of this thread divided by wall time (1 = one core fully busy), less the time the precise clock spent polling. */
  cpuShare: number
}

/** Watches this thread's event-loop delay and CPU while a run lasts. */
export class SaturationMonitor {
  readonly #histogram = monitorEventLoopDelay({ resolution: 10 })
  #cpu = process.threadCpuUsage()
  #wallMs = performance.now()

  start(): void {
    this.#histogram.enable()
    this.#cpu = process.threadCpuUsage()
    this.#wallMs = performance.now()
  }

  /** `pollMs`: time the thread spent polling for a deadline, which is waiting, not work. */
  stop(pollMs = 0): GeneratorLoad {
    this.#histogram.disable()
    const cpu = process.threadCpuUsage(this.#cpu)
    const wallMs = performance.now() - this.#wallMs
    const ns = (n: number): number => (Number.isFinite(n) ? n / 1e6 : 0)
    return {
      loopDelayP99Ms: this.#histogram.count > 0 ? ns(this.#histogram.percentile(99)) : 0,
      loopDelayMaxMs: this.#histogram.count > 0 ? ns(this.#histogram.max) : 0,
      cpuShare: wallMs > 0 ? Math.max(0, (cpu.user + cpu.system) / 1000 - pollMs) / wallMs : 0,
    }
  }
}

/** Facts of a finished run that saturation is judged on. */
export interface SaturationInput {
  generator: GeneratorLoad
  wallMs: number
  /** Open model only. */
  open?: {
    issued: number
    lateWithFreeConnection: number
    dropped: number
    maxConnections: number
    timeoutMs: number
    /** The generator's own lateness over the requests that found a connection free, and the median latency measured. */
  }
}

/** Human-readable reasons the generator, not the system under test, limited the run; empty when it did not. */
export function saturationReasons({ generator, wallMs, open }: SaturationInput): string[] {
  const reasons: string[] = []
  if (generator.loopDelayP99Ms > LOOP_DELAY_P99_LIMIT_MS) {
    reasons.push(
      `The load generator's event loop was blocked for up to ${Math.round(generator.loopDelayMaxMs)} ms (p99 ${Math.round(generator.loopDelayP99Ms)} ms), so its timing is not trustworthy; keep CPU-heavy work out of the generator thread or use workers: 2.`,
    )
  }
  if (wallMs >= 1000 && generator.cpuShare > CPU_SHARE_LIMIT) {
    reasons.push(
      `The load generator's thread was busy ${Math.round(generator.cpuShare * 100)}% of the run, so it may have limited the load; use workers: 2, lower the load, or run the server in another process.`,
    )
  }
  if (open && open.issued > 0 && open.lateWithFreeConnection / open.issued > LATE_SHARE_LIMIT) {
    reasons.push(
      `${open.lateWithFreeConnection} of ${open.issued} requests (${pct(open.lateWithFreeConnection / open.issued)}) started late although a connection was free: the generator could not keep the arrival schedule. Lower the rate or use workers: 2.`,
    )
  }
  if (open && open.dropped > 0) {
    reasons.push(
      `${open.dropped} scheduled requests never started: all ${open.maxConnections} connections were busy for longer than the ${open.timeoutMs} ms timeout. Raise maxConnections or lower the rate to measure the server rather than the connection limit.`,
    )
  }
  return reasons
}

function ms(value: number): string {
  return value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(2)
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`
}
