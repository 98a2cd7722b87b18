import { monitorEventLoopDelay } from 'node:perf_hooks'

/** Event-loop delay (p99) above which the generator could not keep its own timing. */
export const LOOP_DELAY_P99_LIMIT_MS = 50
/** Share of one core the generator thread may use before it is considered the bottleneck. */
export const CPU_SHARE_LIMIT = 0.95
/** Share of arrivals (5%) that may start late, with a connection free, before the schedule is considered missed. */
export const LATE_SHARE_LIMIT = 0.05

/** What the generator's own thread went through during a run. */
export interface GeneratorLoad {
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  /** CPU time of this thread divided by wall time (1 = one core fully busy). */
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

  stop(): GeneratorLoad {
    this.#histogram.disable()
    const cpu = process.threadCpuUsage(this.#cpu)
    const wallMs = performance.now() - this.#wallMs
    const ns = (n: number): number => (Number.isFinite(n) ? n / 1e6 : 0)
    return {
      loopDelayP99Ms: this.#histogram.count > 0 ? ns(this.#histogram.percentile(99)) : 0,
      loopDelayMaxMs: this.#histogram.count > 0 ? ns(this.#histogram.max) : 0,
      cpuShare: wallMs > 0 ? (cpu.user + cpu.system) / 1000 / wallMs : 0,
    }
  }
}

/** Facts of a finished run that saturation is judged on. */
export interface SaturationInput {
  generator: GeneratorLoad
  wallMs: number
  /** Open model only. */
  open?: { issued: number; lateWithFreeConnection: number; dropped: number; maxConnections: number; timeoutMs: number }
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

function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`
}
