import { LatencyRecorder, TimelineRecorder, type LatencyData, type TimelinePoint } from '../../measure/index.ts'
import type { WorkloadMetrics } from '../target/loadTarget.ts'
import { MetricsRecorder } from './metricsRecorder.ts'
import { OutageTracker } from './outageTracker.ts'

/** Counts and latencies of one run (or one tag of it), in the hot path: no allocation per request. */
export class OutcomeRecorder {
  readonly latency = new LatencyRecorder()
  readonly serviceTime: LatencyRecorder | undefined
  readonly timeline: TimelineRecorder
  readonly errorsByKind: Record<string, number> = {}
  count = 0
  errors = 0
  /** Once sealed (the run was cut), requests still finishing are not counted. */
  sealed = false
  /** Latencies and errors of the current one-second window, kept only when `stopWhen` watches them. */
  window: { latenciesMs: number[]; errors: number } | undefined

  /** Custom metrics recorded by calls counted here; `run` is whose sealing stops them (the run's recorder). */
  readonly metrics: MetricsRecorder

  constructor(originMs: number, withServiceTime: boolean, run?: { readonly sealed: boolean }) {
    this.metrics = new MetricsRecorder(run ?? this)
    this.timeline = new TimelineRecorder(originMs)
    this.serviceTime = withServiceTime ? new LatencyRecorder() : undefined
  }

  success(endMs: number, latencyMs: number, serviceMs: number): void {
    if (this.sealed) return
    this.count++
    this.latency.record(latencyMs)
    this.serviceTime?.record(serviceMs)
    this.timeline.success(endMs, latencyMs)
    if (this.window !== undefined) this.window.latenciesMs.push(latencyMs)
  }

  failure(endMs: number, kind: string): void {
    if (this.sealed) return
    this.errors++
    this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + 1
    this.timeline.error(endMs)
    if (this.window !== undefined) this.window.errors++
  }

  snapshot(): { latency: LatencyData; serviceTime: LatencyData | undefined; timeline: TimelinePoint[] } {
    return { latency: this.latency.toData(), serviceTime: this.serviceTime?.toData(), timeline: this.timeline.toData() }
  }
}

/** The whole run's recorder plus one per tag of a scenario mix, and the run's outages. */
export class RunRecorder extends OutcomeRecorder {
  readonly byTag = new Map<string, OutcomeRecorder>()
  readonly outages: OutageTracker

  readonly #originMs: number
  readonly #withServiceTime: boolean
  readonly #tagMetrics = new Map<string, WorkloadMetrics>()

  constructor(originMs: number, withServiceTime: boolean, tags: readonly string[]) {
    super(originMs, withServiceTime)
    this.outages = new OutageTracker(originMs)
    this.#originMs = originMs
    this.#withServiceTime = withServiceTime
    for (const tag of tags) this.forTag(tag)
  }

  override success(endMs: number, latencyMs: number, serviceMs: number): void {
    if (this.sealed) return
    super.success(endMs, latencyMs, serviceMs)
    this.outages.outcome(endMs, undefined)
  }

  override failure(endMs: number, kind: string): void {
    if (this.sealed) return
    super.failure(endMs, kind)
    this.outages.outcome(endMs, kind)
  }

  /** The metrics a call under `tag` records into: the run's and the tag's own, both. */
  metricsFor(tag: string): WorkloadMetrics {
    let tee = this.#tagMetrics.get(tag)
    if (!tee) {
      const run = this.metrics
      const own = this.forTag(tag).metrics
      tee = {
        trend: (name, ms) => (run.trend(name, ms), own.trend(name, ms)),
        rate: (name, value) => (run.rate(name, value), own.rate(name, value)),
        count: (name, n) => (run.count(name, n), own.count(name, n)),
      }
      this.#tagMetrics.set(tag, tee)
    }
    return tee
  }

  forTag(tag: string): OutcomeRecorder {
    let recorder = this.byTag.get(tag)
    if (!recorder) {
      recorder = new OutcomeRecorder(this.#originMs, this.#withServiceTime, this)
      this.byTag.set(tag, recorder)
    }
    return recorder
  }
}
