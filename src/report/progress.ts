import { formatNumber } from '../judge/format.ts'

/** What a long run knows about itself at one instant; the load engine fills it in. */
export interface ProgressSnapshot {
  elapsedMs: number
  /** Planned length of the run; 0 or less when unknown (a request-count bound). */
  totalMs: number
  /** Requests (or calls) finished so far, successes and failures. */
  completed: number
  errors: number
  /** p95 latency so far; NaN before the first success. */
  p95Ms: number
  /** Current rate, requests per second. */
  rate: number
}

const BAR = 20

/** One progress line: `[██████░░░░] 30% · 1,000 req/s · p95 12.3 ms · 3 errors · 7 s left`. */
export function formatProgress(s: ProgressSnapshot): string {
  const parts: string[] = []
  if (s.totalMs > 0) {
    const fraction = Math.min(1, Math.max(0, s.elapsedMs / s.totalMs))
    const filled = Math.round(fraction * BAR)
    parts.push(`[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${Math.floor(fraction * 100)}%`)
  } else {
    parts.push(`${formatNumber(s.elapsedMs / 1000)} s`)
  }
  parts.push(`${formatNumber(s.rate)} req/s`, `p95 ${Number.isFinite(s.p95Ms) ? `${formatNumber(s.p95Ms)} ms` : '—'}`, `${formatNumber(s.errors)} error${s.errors === 1 ? '' : 's'}`)
  if (s.totalMs > 0) parts.push(`${formatNumber(Math.max(0, s.totalMs - s.elapsedMs) / 1000)} s left`)
  return `perfgate ${parts.join(' · ')}`
}

/** A live progress line on an interactive terminal. */
export interface Progress {
  /** False in CI or when the stream is not a TTY: updates are then ignored. */
  readonly enabled: boolean
  /** Redraws the line (at most every `minIntervalMs`). */
  update(snapshot: ProgressSnapshot): void
  /** Clears the line; call when the run ends. */
  done(): void
}

export interface ProgressOptions {
  /** @default process.stderr */
  stream?: { isTTY?: boolean; write(text: string): unknown }
  /** @default process.env */
  env?: NodeJS.ProcessEnv
  /** @default 250 */
  minIntervalMs?: number
  /** @default Date.now */
  now?: () => number
}

/**
 * Live progress for long runs, drawn in place with `\r` on stderr — only when stderr is a TTY and
 * `CI` is unset, so logs and CI output stay clean.
 *
 * @example
 * const progress = createProgress()
 * progress.update({ elapsedMs: 3000, totalMs: 10_000, completed: 3000, errors: 0, p95Ms: 12, rate: 1000 })
 * progress.done()
 */
export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr
  const env = options.env ?? process.env
  const now = options.now ?? Date.now
  const minInterval = options.minIntervalMs ?? 250
  const enabled = stream.isTTY === true && !env.CI
  let last = Number.NEGATIVE_INFINITY
  let width = 0
  return {
    enabled,
    update(snapshot) {
      if (!enabled) return
      const at = now()
      if (at - last < minInterval) return
      last = at
      const line = formatProgress(snapshot)
      stream.write(`\r${line.padEnd(width)}`)
      width = line.length
    },
    done() {
      if (!enabled || width === 0) return
      stream.write(`\r${' '.repeat(width)}\r`)
      width = 0
    },
  }
}
