import { bucketOf, fromBuckets, toBuckets, type Buckets } from './histogram.ts'

/**
 * Latencies in ms, as plain data. Exact (every sample) up to `EXACT_SAMPLE_CAP` samples; past it a
 * histogram with 0.1% relative error, so memory stays bounded however long a run lasts.
 */
export type LatencyData =
  | { kind: 'exact'; samplesMs: number[] }
  | { kind: 'histogram'; buckets: Buckets; count: number; sumMs: number; sumSquaresMs: number; minMs: number; maxMs: number }

/** Runs up to this many samples keep every one (8 MB); longer runs fold into a histogram. */
export const EXACT_SAMPLE_CAP = 1_000_000

/** Collects latencies with bounded memory: a growable Float64Array, then a histogram past the cap. */
export class LatencyRecorder {
  #samples = new Float64Array(1024)
  #length = 0
  #histogram: Map<number, number> | undefined
  #count = 0
  #sum = 0
  #sumSquares = 0
  #min = Number.POSITIVE_INFINITY
  #max = Number.NEGATIVE_INFINITY
  readonly #cap: number

  constructor(cap = EXACT_SAMPLE_CAP) {
    this.#cap = cap
  }

  get count(): number {
    return this.#count
  }

  record(ms: number): void {
    this.#count++
    this.#sum += ms
    this.#sumSquares += ms * ms
    if (ms < this.#min) this.#min = ms
    if (ms > this.#max) this.#max = ms
    if (this.#histogram) {
      this.#addToHistogram(ms)
      return
    }
    if (this.#length === this.#cap) {
      this.#histogram = new Map()
      for (let i = 0; i < this.#length; i++) this.#addToHistogram(this.#samples[i]!)
      this.#samples = new Float64Array(0)
      this.#length = 0
      this.#addToHistogram(ms)
      return
    }
    if (this.#length === this.#samples.length) {
      const grown = new Float64Array(Math.min(this.#cap, this.#samples.length * 2))
      grown.set(this.#samples)
      this.#samples = grown
    }
    this.#samples[this.#length++] = ms
  }

  recordAll(data: LatencyData): void {
    if (data.kind === 'exact') {
      for (const ms of data.samplesMs) this.record(ms)
      return
    }
    if (!this.#histogram) {
      this.#histogram = new Map()
      for (let i = 0; i < this.#length; i++) this.#addToHistogram(this.#samples[i]!)
      this.#samples = new Float64Array(0)
      this.#length = 0
    }
    for (const [index, count] of fromBuckets(data.buckets)) {
      this.#histogram.set(index, (this.#histogram.get(index) ?? 0) + count)
    }
    this.#count += data.count
    this.#sum += data.sumMs
    this.#sumSquares += data.sumSquaresMs
    this.#min = Math.min(this.#min, data.minMs)
    this.#max = Math.max(this.#max, data.maxMs)
  }

  toData(): LatencyData {
    if (!this.#histogram) return { kind: 'exact', samplesMs: Array.from(this.#samples.subarray(0, this.#length)) }
    return {
      kind: 'histogram',
      buckets: toBuckets(this.#histogram),
      count: this.#count,
      sumMs: this.#sum,
      sumSquaresMs: this.#sumSquares,
      minMs: this.#count ? this.#min : 0,
      maxMs: this.#count ? this.#max : 0,
    }
  }

  #addToHistogram(ms: number): void {
    const index = bucketOf(ms)
    this.#histogram!.set(index, (this.#histogram!.get(index) ?? 0) + 1)
  }
}

export function mergeLatencyData(parts: readonly LatencyData[], cap = EXACT_SAMPLE_CAP): LatencyData {
  const recorder = new LatencyRecorder(cap)
  for (const part of parts) recorder.recordAll(part)
  return recorder.toData()
}
