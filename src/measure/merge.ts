import { PerfgateError } from '../errors/index.ts'
import { mergeLatencyData } from './latencyData.ts'
import { measurementOf, type Measurement, type MeasurementData, type Outage, type RunFacts } from './measurement.ts'
import { mergeMetrics } from './metrics.ts'
import { withNoise } from './noise.ts'
import { mergeTimelines } from './timeline.ts'

/**
 * Merges measurements taken at the same time (worker threads, shards of one run): samples and counts
 * add up, and the measured time spans from the earliest start to the latest end.
 */
export function mergeMeasurements(parts: ReadonlyArray<Measurement | MeasurementData>): Measurement {
  return measurementOf(mergeData(parts.map((part) => ('toJSON' in part ? part.toJSON() : part))))
}

export function mergeData(parts: readonly MeasurementData[]): MeasurementData {
  if (parts.length === 0) throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', 'mergeMeasurements needs at least one measurement.')
  if (parts.length === 1) return parts[0]!
  const startedAt = Math.min(...parts.map((p) => p.startedAt))
  const endedAt = Math.max(...parts.map((p) => p.startedAt + p.durationMs))
  const errorsByKind: Record<string, number> = {}
  for (const part of parts) {
    for (const [kind, n] of Object.entries(part.errorsByKind)) errorsByKind[kind] = (errorsByKind[kind] ?? 0) + n
  }
  const serviceTimes = parts.flatMap((p) => (p.serviceTime ? [p.serviceTime] : []))
  const dispatchLags = parts.flatMap((p) => (p.dispatchLag ? [p.dispatchLag] : []))
  const tags = new Set(parts.flatMap((p) => Object.keys(p.byTag ?? {})))
  const byTag = Object.fromEntries(
    [...tags].map((tag) => [tag, mergeData(parts.flatMap((p) => (p.byTag?.[tag] ? [p.byTag[tag]] : [])))]),
  )
  const sources = new Set(parts.map((p) => p.source))
  const metrics = mergeMetrics(parts.map((p) => p.metrics))
  // The noise of the merged run is that of its merged seconds, not of any one part.
  return withNoise({
    version: 1,
    source: sources.size === 1 ? parts[0]!.source : 'merged',
    ...(parts[0]!.name === undefined ? {} : { name: parts[0]!.name }),
    latency: mergeLatencyData(parts.map((p) => p.latency)),
    ...(serviceTimes.length ? { serviceTime: mergeLatencyData(serviceTimes) } : {}),
    ...(dispatchLags.length ? { dispatchLag: mergeLatencyData(dispatchLags) } : {}),
    count: parts.reduce((a, p) => a + p.count, 0),
    errors: parts.reduce((a, p) => a + p.errors, 0),
    errorsByKind,
    durationMs: endedAt - startedAt,
    startedAt,
    timeline: mergeTimelines(parts, startedAt),
    facts: withOutages(mergeFacts(parts.map((p) => p.facts)), mergeOutages(parts, startedAt)),
    ...(tags.size ? { byTag } : {}),
    ...(metrics ? { metrics } : {}),
  })
}

function mergeFacts(facts: readonly RunFacts[]): RunFacts {
  const first = facts[0]!
  const sum = (key: 'lateStarts' | 'dropped'): number | undefined =>
    facts.some((f) => f[key] !== undefined) ? facts.reduce((a, f) => a + (f[key] ?? 0), 0) : undefined
  const lateStarts = sum('lateStarts')
  const dropped = sum('dropped')
  const notes = [...new Set(facts.flatMap((f) => f.notes ?? []))]
  const { noise: _noise, ...rest } = first
  return {
    ...rest,
    // One uncorrected part makes the whole uncorrected: its stalls are hidden in the merged tail.
    coordinatedOmission: facts.some((f) => f.coordinatedOmission === 'uncorrected')
      ? 'uncorrected'
      : first.coordinatedOmission,
    saturation: {
      saturated: facts.some((f) => f.saturation.saturated),
      reasons: [...new Set(facts.flatMap((f) => f.saturation.reasons))],
    },
    ...(lateStarts === undefined ? {} : { lateStarts }),
    ...(dropped === undefined ? {} : { dropped }),
    ...(notes.length ? { notes } : {}),
    workers: facts.reduce((a, f) => a + (f.workers ?? 1), 0),
  }
}

function withOutages(facts: RunFacts, outages: Outage[]): RunFacts {
  const { outages: _first, ...rest } = facts
  return outages.length ? { ...rest, outages } : rest
}

/**
 * The outages of parts that ran at the same time (worker threads on one server), on the merged
 * clock: overlapping stretches are one outage, recovered only when every part saw the server back.
 */
export function mergeOutages(parts: ReadonlyArray<Pick<MeasurementData, 'startedAt' | 'facts'>>, startedAt: number): Outage[] {
  const stretches = parts
    .flatMap((p) => (p.facts.outages ?? []).map((o) => ({ start: p.startedAt + o.startMs, end: p.startedAt + o.endMs, errors: o.errors, recovered: o.recoveryMs !== undefined })))
    .sort((a, b) => a.start - b.start)
  const merged: typeof stretches = []
  for (const stretch of stretches) {
    const last = merged.at(-1)
    if (last && stretch.start <= last.end) {
      last.end = Math.max(last.end, stretch.end)
      last.errors += stretch.errors
      last.recovered &&= stretch.recovered
    } else {
      merged.push({ ...stretch })
    }
  }
  return merged.map((o) => {
    const startMs = Math.round(o.start - startedAt)
    const endMs = Math.round(o.end - startedAt)
    return { startMs, endMs, errors: o.errors, ...(o.recovered ? { recoveryMs: endMs - startMs } : {}) }
  })
}
