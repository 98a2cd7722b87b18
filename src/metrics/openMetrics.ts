import { redactSecrets } from '../redact/index.ts'

/**
 * One second of a load run as the engine hands it out (load/observe/live.ts's `LiveWindow`, the
 * same shape: this room reads plain data and imports nothing of the engine).
 */
export interface RunWindow {
  name: string | undefined
  elapsedMs: number
  tags: ReadonlyArray<{ tag: string; latenciesMs: readonly number[]; errors: number }>
  active: number
  dropped: number
  final: boolean
}

/**
 * Upper bounds (seconds) of the `http_req_duration` buckets: 0.1 ms × 2^(i/4) up to 60 s, four per
 * doubling. A quantile Prometheus computes from them (`histogram_quantile`) lies in the bucket of
 * the true one: within 19% (2^(1/4) − 1) of it.
 */
export const DURATION_BUCKETS_SECONDS: readonly number[] = Array.from({ length: 78 }, (_, i) => Number((0.0001 * 2 ** (i / 4)).toPrecision(6)))

interface Series {
  labels: string
  reqs: number
  failed: number
  buckets: number[]
  sum: number
}

/** The live counters of every run in this thread, rendered in the OpenMetrics text format. */
export class LiveRegistry {
  readonly #series = new Map<string, Series>()
  /** Per run: its test's labels and what it has running now; `vus` sums the runs of a test. */
  readonly #vus = new Map<number, { labels: string; value: number }>()
  #runs = 0
  readonly #dropped = new Map<string, number>()

  /** A recorder for one run (or one worker thread of it): its windows add to the counters of its test. */
  openRun(test: string): (window: RunWindow) => void {
    let droppedSoFar = 0
    const runLabels = labelsOf({ test })
    const run = ++this.#runs
    return (window) => {
      for (const { tag, latenciesMs, errors } of window.tags) {
        const series = this.#seriesOf(test, tag)
        series.reqs += latenciesMs.length + errors
        series.failed += errors
        for (const ms of latenciesMs) {
          const seconds = ms / 1000
          series.sum += seconds
          const i = firstAtLeast(DURATION_BUCKETS_SECONDS, seconds)
          series.buckets[i]!++
        }
      }
      this.#vus.set(run, { labels: runLabels, value: window.final ? 0 : window.active })
      this.#dropped.set(runLabels, (this.#dropped.get(runLabels) ?? 0) + Math.max(0, window.dropped - droppedSoFar))
      droppedSoFar = Math.max(droppedSoFar, window.dropped)
    }
  }

  #seriesOf(test: string, tag: string): Series {
    const key = `${test}\u0000${tag}`
    let series = this.#series.get(key)
    if (!series) {
      series = { labels: labelsOf(tag ? { test, tag } : { test }), reqs: 0, failed: 0, buckets: Array.from({ length: DURATION_BUCKETS_SECONDS.length + 1 }, () => 0), sum: 0 }
      this.#series.set(key, series)
    }
    return series
  }

  /**
   * The OpenMetrics text exposition (k6's names: `http_reqs`, `http_req_failed`, `http_req_duration`
   * in seconds, `vus`, `dropped_iterations`), labelled by test and tag, ending with `# EOF`.
   */
  render(): string {
    const series = [...this.#series.values()]
    const lines: string[] = [
      '# TYPE http_reqs counter',
      '# HELP http_reqs HTTP requests made by perfgate load(), successes and failures.',
      ...series.map((s) => `http_reqs_total{${s.labels}} ${s.reqs}`),
      '# TYPE http_req_failed counter',
      '# HELP http_req_failed HTTP requests that failed (error status, timeout or connection error).',
      ...series.map((s) => `http_req_failed_total{${s.labels}} ${s.failed}`),
      '# TYPE http_req_duration histogram',
      '# HELP http_req_duration Latency of successful requests in seconds (from the scheduled start in the open model).',
    ]
    for (const s of series) {
      let cumulative = 0
      DURATION_BUCKETS_SECONDS.forEach((le, i) => {
        cumulative += s.buckets[i]!
        lines.push(`http_req_duration_bucket{${s.labels},le="${le}"} ${cumulative}`)
      })
      cumulative += s.buckets.at(-1)!
      lines.push(`http_req_duration_bucket{${s.labels},le="+Inf"} ${cumulative}`, `http_req_duration_count{${s.labels}} ${cumulative}`, `http_req_duration_sum{${s.labels}} ${s.sum}`)
    }
    lines.push('# TYPE vus gauge', '# HELP vus Requests in flight (open model) or users running (closed model).')
    const vus = new Map<string, number>()
    for (const { labels, value } of this.#vus.values()) vus.set(labels, (vus.get(labels) ?? 0) + value)
    for (const [labels, value] of vus) lines.push(`vus{${labels}} ${value}`)
    lines.push('# TYPE dropped_iterations counter', '# HELP dropped_iterations Scheduled arrivals that never started (open model).')
    for (const [labels, value] of this.#dropped) lines.push(`dropped_iterations_total{${labels}} ${value}`)
    lines.push('# EOF')
    return `${lines.join('\n')}\n`
  }
}

/** The index of the first bound >= value; the +Inf bucket past the last. */
function firstAtLeast(bounds: readonly number[], value: number): number {
  let lo = 0
  let hi = bounds.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (bounds[mid]! >= value) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** `test="…",tag="…"`: label values redacted and escaped as OpenMetrics wants (\\, ", newline). */
function labelsOf(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${redactSecrets(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',')
}
