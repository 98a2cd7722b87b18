import { invalidOption } from '../errors/index.ts'

/**
 * How an operation ended as its client saw it (Jepsen's terms): `ok` it happened, `fail` it
 * certainly did not, `info` unknown — a timeout or a dropped connection may or may not have applied it.
 */
export type OpOutcome = 'ok' | 'fail' | 'info'

/** One operation of the client-side history: who did what, what they were told, and when. */
export interface Op<T> {
  /** The client (virtual user) that did it. */
  process: number | string
  outcome: OpOutcome
  /** What the operation was and what came back, in your own terms. */
  value: T
  /** ms since the history began. */
  startMs: number
  endMs: number
}

/** Lowest and highest total an effect can have reached, given ok (certain) and info (possible) operations. */
export interface EffectRange {
  min: number
  max: number
}

export interface HistoryOptions {
  /** Operations kept; past it they are counted in `dropped`, and `ranges()` refuses to answer. @default 1_000_000 */
  maxOps?: number
}

/**
 * What each client saw and did during a run: an append-only, bounded log of operations, checked
 * after the run against what the system holds (Jepsen's history).
 *
 * @example
 * const h = history<{ id: number; units: number }>()
 * const op = await h.run(vu, async () => {
 *   const res = await reserve(id, 10)
 *   return { outcome: res.status === 200 ? 'ok' : res.status === 409 ? 'fail' : 'info', value: { id, units: 10 } }
 * })
 * h.ranges((op) => op.value.id, (op) => op.value.units) // per authorization: what the ok and info reservations add up to
 */
export class History<T> {
  readonly #ops: Op<T>[] = []
  readonly #maxOps: number
  readonly #t0 = performance.now()
  #dropped = 0

  constructor(options: HistoryOptions = {}) {
    const maxOps = options.maxOps ?? 1_000_000
    if (!Number.isInteger(maxOps) || maxOps < 1 || maxOps > 100_000_000) throw invalidOption(`history(): maxOps must be a whole number from 1 to 100,000,000; got ${String(options.maxOps)}.`)
    this.#maxOps = maxOps
  }

  /** ms since the history began (the clock `startMs` and `endMs` use). */
  now(): number {
    return performance.now() - this.#t0
  }

  /** Records an operation the caller timed itself. */
  record(op: Op<T>): void {
    if (this.#ops.length >= this.#maxOps) this.#dropped++
    else this.#ops.push(op)
  }

  /**
   * Runs one operation of `process` and records it: `fn` says how it ended. A throw records nothing
   * and is rethrown (the caller knows best whether it applied: catch it and return `info`).
   */
  async run(process: number | string, fn: () => Promise<{ outcome: OpOutcome; value: T }>): Promise<Op<T>> {
    const startMs = this.now()
    const { outcome, value } = await fn()
    const op: Op<T> = { process, outcome, value, startMs, endMs: this.now() }
    this.record(op)
    return op
  }

  /** The operations recorded, in the order they completed. */
  get ops(): readonly Op<T>[] {
    return this.#ops
  }

  /** Operations past `maxOps`, not kept. */
  get dropped(): number {
    return this.#dropped
  }

  /**
   * Per key, the range an effect's total must lie in, from `initial`: an `ok` operation adds its
   * delta for certain, an `info` one may or may not have (it widens the range by its delta), a
   * `fail` one adds nothing. With `delta` = 1 it counts rows an operation may have written.
   */
  ranges<K>(key: (op: Op<T>) => K, delta: (op: Op<T>) => number, initial: (key: K) => number = () => 0): Map<K, EffectRange> {
    if (this.#dropped > 0) throw invalidOption(`history: ${this.#dropped} operations were past maxOps (${this.#maxOps}) and not kept, so its ranges would be wrong; raise maxOps.`)
    const ranges = new Map<K, EffectRange>()
    for (const op of this.#ops) {
      if (op.outcome === 'fail') continue
      const k = key(op)
      let range = ranges.get(k)
      if (!range) {
        const start = initial(k)
        range = { min: start, max: start }
        ranges.set(k, range)
      }
      const d = delta(op)
      if (op.outcome === 'ok') {
        range.min += d
        range.max += d
      } else {
        range.min += Math.min(0, d)
        range.max += Math.max(0, d)
      }
    }
    return ranges
  }
}

/** A client-side history; see {@link History}. */
export function history<T>(options?: HistoryOptions): History<T> {
  return new History<T>(options)
}

/** Whether `value` lies in the range, and the range as text ('5' or '3…7') for a violation's detail. */
export function within(value: number, range: EffectRange): boolean {
  return value >= range.min && value <= range.max
}

export function showRange(range: EffectRange): string {
  return range.min === range.max ? String(range.min) : `${range.min}…${range.max}`
}
