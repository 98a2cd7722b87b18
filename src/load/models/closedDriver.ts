import type { Exchange } from '../engines/exchange.ts'
import type { StagePlan, ThinkPlan } from '../options/loadShape.ts'
import { Driver, type DriverContext } from './driver.ts'

/** How many virtual users a closed run wants at `elapsedMs`: fixed, or ramped by connection stages. */
export type UsersAt = (elapsedMs: number) => number

/** Linear ramps between connection targets, like k6's ramping-vus executor. */
export function rampedUsers(start: number, stages: readonly StagePlan[]): UsersAt {
  return (elapsedMs) => {
    let from = start
    let atMs = 0
    for (const stage of stages) {
      if (elapsedMs < atMs + stage.durationMs) return Math.round(from + (stage.target - from) * ((elapsedMs - atMs) / stage.durationMs))
      atMs += stage.durationMs
      from = stage.target
    }
    return from
  }
}

export interface ClosedSettings {
  maxUsers: number
  users: UsersAt
  durationMs: number | undefined
  requests: number | undefined
  think: ThinkPlan | undefined
  /** Re-read `users` this often (connection stages only). */
  rampEveryMs?: number
}

/**
 * The closed model: each virtual user owns one connection and sends its next request when the
 * previous one is answered (after its think time). Latency runs from the actual send, so a server
 * stall delays the senders instead of showing in the samples: coordinated omission, uncorrected.
 */
export class ClosedDriver extends Driver {
  readonly #settings: ClosedSettings
  readonly #deadline: number
  readonly #requests: number
  #issued = 0
  #active = 0
  #wanted = 0
  readonly #running: boolean[] = []
  readonly #thinking = new Set<NodeJS.Timeout>()
  #deadlineTimer: NodeJS.Timeout | undefined
  #rampTimer: NodeJS.Timeout | undefined

  constructor(ctx: DriverContext, settings: ClosedSettings) {
    super(ctx)
    this.#settings = settings
    this.#deadline = settings.durationMs === undefined ? Number.POSITIVE_INFINITY : ctx.t0 + settings.durationMs
    this.#requests = settings.requests ?? Number.POSITIVE_INFINITY
  }

  get active(): number {
    return this.#active
  }

  /** Node's timers count whole milliseconds and may fire up to 1 ms early: the run stops at its deadline, never before. */
  #armDeadline(): void {
    const remainingMs = this.#deadline - performance.now()
    if (remainingMs <= 0) this.stop()
    else this.#deadlineTimer = setTimeout(() => this.#armDeadline(), Math.max(1, Math.ceil(remainingMs)))
  }

  start(): void {
    if (this.#settings.durationMs !== undefined) this.#armDeadline()
    if (this.#settings.rampEveryMs !== undefined) {
      this.#rampTimer = setInterval(() => this.#ramp(), this.#settings.rampEveryMs)
    }
    this.#ramp()
    this.settleIfIdle()
  }

  finished(exchange: Exchange): void {
    const think = this.#settings.think
    if (think === undefined || this.stopping) {
      this.#next(exchange)
      return
    }
    const pauseMs = think.minMs + Math.random() * (think.maxMs - think.minMs)
    const timer = setTimeout(() => {
      this.#thinking.delete(timer)
      this.#next(exchange)
    }, pauseMs)
    this.#thinking.add(timer)
  }

  protected cancelTimers(): void {
    clearTimeout(this.#deadlineTimer)
    clearInterval(this.#rampTimer)
    for (const timer of this.#thinking) clearTimeout(timer)
    this.#active -= this.#thinking.size
    for (let vu = 0; vu < this.#running.length; vu++) {
      if (this.#running[vu] && !this.exchanges[vu]!.busy) this.#running[vu] = false
    }
    this.#thinking.clear()
  }

  protected idle(): boolean {
    return this.#active === 0 && (this.stopping || this.#issued >= this.#requests)
  }

  #ramp(): void {
    this.#wanted = Math.min(this.#settings.maxUsers, this.#settings.users(performance.now() - this.ctx.t0))
    for (let vu = 0; vu < this.#wanted && !this.stopping; vu++) {
      if (this.#running[vu]) continue
      const exchange = this.exchanges[vu] ?? this.newExchange(vu)
      this.#running[vu] = true
      this.#active++
      this.#next(exchange)
    }
  }

  #next(exchange: Exchange): void {
    const now = performance.now()
    if (this.stopping || exchange.vu >= this.#wanted || this.#issued >= this.#requests || now >= this.#deadline) {
      this.#running[exchange.vu] = false
      this.#active--
      this.settleIfIdle()
      return
    }
    this.#issued++
    this.sendNext(exchange, now)
  }
}
