import { PerfgateError } from '../errors/index.ts'
import { bucketOf, toBuckets } from './histogram.ts'
import { measurementOf, type Measurement, type TimelinePoint } from './measurement.ts'
import { binUpperMs, BINS_PER_OCTAVE } from './noise.ts'

/** One window of a run: its time range (ms from the run's start) and its own measurement. */
export interface RunWindow {
  startMs: number
  endMs: number
  measurement: Measurement
}

/**
 * Cuts a run into consecutive windows of `windowMs` (whole seconds) from its per-second timeline.
 * Counts, errors and rps are exact; latencies come from the timeline's per-second bins, so a
 * window's percentiles are within half a bin (±2.2%) of its samples'. Answers that arrived after
 * the load window (stragglers) belong to the last window.
 *
 * @example
 * sliceWindows(m, 10_000).map((w) => w.measurement.errorRate)
 */
export function sliceWindows(m: Measurement, windowMs: number, needLatency: boolean): RunWindow[] {
  const seconds = Math.round(windowMs / 1000)
  if (m.timeline.length === 0 && m.total > 0) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `a windowed SLA needs the per-second timeline load() records; this ${m.source} measurement has none. Judge it without { window }, or measure with load().`)
  }
  if (needLatency && m.timeline.some((point) => point.count > 0 && !point.bins)) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', 'a windowed latency SLA needs per-second latency bins, which this measurement (saved by an older perfgate) does not have. Measure it again with load().')
  }
  const loadSeconds = Math.max(1, Math.ceil(m.durationMs / 1000))
  const count = Math.max(1, Math.ceil(loadSeconds / seconds))
  const groups: TimelinePoint[][] = Array.from({ length: count }, () => [])
  for (const point of m.timeline) groups[Math.min(count - 1, Math.floor(point.t / seconds))]!.push(point)
  return groups.map((points, w) => {
    const startMs = w * seconds * 1000
    const endMs = Math.min(m.durationMs, (w + 1) * seconds * 1000)
    return { startMs, endMs, measurement: windowMeasurement(m, points, startMs, Math.max(1, endMs - startMs)) }
  })
}

function windowMeasurement(m: Measurement, points: readonly TimelinePoint[], startMs: number, durationMs: number): Measurement {
  const fine = new Map<number, number>()
  let count = 0
  let binned = 0
  let errors = 0
  let sum = 0
  let sumSquares = 0
  let min = Number.POSITIVE_INFINITY
  let max = 0
  for (const point of points) {
    count += point.count
    errors += point.errors
    max = Math.max(max, point.latencyMaxMs)
    for (const [bin, n] of point.bins ?? []) {
      // The bin's geometric middle, never above the slowest sample the second really had.
      const value = Math.min(point.latencyMaxMs, binUpperMs(bin) * 2 ** (-0.5 / BINS_PER_OCTAVE))
      const index = bucketOf(value)
      fine.set(index, (fine.get(index) ?? 0) + n)
      binned += n
      sum += value * n
      sumSquares += value * value * n
      min = Math.min(min, value)
    }
  }
  const shift = Math.floor(startMs / 1000)
  const { noise: _noise, outages: _outages, ...facts } = m.facts
  return measurementOf({
    version: 1,
    source: m.source,
    ...(m.name === undefined ? {} : { name: m.name }),
    latency: { kind: 'histogram', buckets: toBuckets(fine), count: binned, sumMs: sum, sumSquaresMs: sumSquares, minMs: binned ? min : 0, maxMs: binned ? max : 0 },
    count,
    errors,
    errorsByKind: {},
    durationMs,
    startedAt: m.startedAt + startMs,
    timeline: points.map((point) => ({ ...point, t: point.t - shift })),
    facts,
  })
}
