import { PerfgateError } from '../errors/index.ts'
import { mergeLatencyData } from './latencyData.ts'
import { measurementOf, type Measurement, type MeasurementData, type Outage, type RunFacts, type ShardSet } from './measurement.ts'
import { mergeMetrics } from './metrics.ts'
import { withNoise } from './noise.ts'
import { mergeTimelines } from './timeline.ts'

/** Options of {@link mergeMeasurements}. */
export interface MergeOptions {
  /** What to call each part in an error or note (its file, say), in the order of the parts. @default 'part 1', 'part 2', … */
  names?: readonly string[]
}

/**
 * Merges measurements taken at the same time (worker threads, shards of one run): samples and counts
 * add up, and the measured time spans from the earliest start to the latest end. Percentiles are those
 * of the union of the samples: exact while it holds at most `EXACT_SAMPLE_CAP`, within the histogram's
 * 0.1% past it. Parts whose latencies mean different things (from the intended start and from the send,
 * a bench and a load) are refused with `PERFGATE_ERR_MERGE_MISMATCH`; a merge of shards records which
 * shards it holds (`shards`) and notes missing or duplicate ones in `facts.notes`.
 *
 * @example
 * const files = ['shard-1.json', 'shard-2.json']
 * const all = mergeMeasurements(files.map((file) => readMeasurement(file)), { names: files })
 * all.shards // { count: 2, indexes: [1, 2] }
 */
export function mergeMeasurements(parts: ReadonlyArray<Measurement | MeasurementData>, options: MergeOptions = {}): Measurement {
  return measurementOf(mergeData(parts.map((part) => ('toJSON' in part ? part.toJSON() : part)), options))
}

export function mergeData(parts: readonly MeasurementData[], options: MergeOptions = {}): MeasurementData {
  if (parts.length === 0) throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', 'mergeMeasurements needs at least one measurement.')
  const nameOf = (i: number): string => options.names?.[i] ?? `part ${i + 1}`
  const latencyFrom = commonLatencyFrom(parts, nameOf)
  const shards = mergedShards(parts, nameOf)
  if (parts.length === 1 && !shards) return parts[0]!
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
  const facts = withNotes(mergeFacts(parts.map(withoutShardNotes)), [...(shards ? shardNotes(shards) : []), ...alignmentNotes(parts, startedAt, nameOf)])
  // The noise of the merged run is that of its merged seconds, not of any one part.
  return withNoise({
    version: 1,
    source: sources.size === 1 ? parts[0]!.source : 'merged',
    ...(parts[0]!.name === undefined ? {} : { name: parts[0]!.name }),
    latency: mergeLatencyData(parts.map((p) => p.latency)),
    ...(serviceTimes.length ? { serviceTime: mergeLatencyData(serviceTimes) } : {}),
    ...(dispatchLags.length ? { dispatchLag: mergeLatencyData(dispatchLags) } : {}),
    ...(latencyFrom ? { latencyFrom } : {}),
    ...(shards ? { shards } : {}),
    count: parts.reduce((a, p) => a + p.count, 0),
    errors: parts.reduce((a, p) => a + p.errors, 0),
    errorsByKind,
    durationMs: endedAt - startedAt,
    startedAt,
    timeline: mergeTimelines(parts, startedAt),
    facts: withOutages(facts, mergeOutages(parts, startedAt)),
    ...(tags.size ? { byTag } : {}),
    ...(metrics ? { metrics } : {}),
  })
}

/** How far from a whole second apart parts may start before their merged timeline is noted as approximate. */
const ALIGNMENT_TOLERANCE_MS = 50

type LatencyFrom = NonNullable<MeasurementData['latencyFrom']>

const DEFINITIONS: Record<LatencyFrom | 'bench', string> = {
  'intended-start': 'latency from each request\'s intended start (open model, coordinated omission corrected)',
  send: 'latency from the actual send (closed model, or k6\'s http_req_duration)',
  'first-byte': 'time to first byte',
  bench: 'in-process timing of a benchmarked function',
}

/**
 * The one latency definition all parts share (undefined when none recorded it); a part saved before
 * perfgate recorded `latencyFrom` is taken to match. Refuses parts whose percentiles are incomparable.
 */
function commonLatencyFrom(parts: readonly MeasurementData[], nameOf: (i: number) => string): LatencyFrom | undefined {
  const definitionOf = (p: MeasurementData): LatencyFrom | 'bench' | undefined => (p.source === 'bench' ? 'bench' : p.latencyFrom)
  const first = parts.findIndex((p) => definitionOf(p) !== undefined)
  if (first < 0) return undefined
  const expected = definitionOf(parts[first]!)!
  const other = parts.findIndex((p) => (definitionOf(p) ?? expected) !== expected)
  if (other >= 0) {
    const found = definitionOf(parts[other]!)!
    throw new PerfgateError(
      'PERFGATE_ERR_MERGE_MISMATCH',
      `Cannot merge ${nameOf(first)} (${DEFINITIONS[expected]}) with ${nameOf(other)} (${DEFINITIONS[found]}): their percentiles measure different things. Merge only parts of one definition, e.g. rerun every shard with the same model (--rate for all, or --connections for all).`,
    )
  }
  if (expected === 'bench' || parts.some((p) => p.latencyFrom === undefined)) return undefined
  return expected
}

/** The shards the parts hold together, or undefined when none is a shard; refuses shards of different splits. */
function mergedShards(parts: readonly MeasurementData[], nameOf: (i: number) => string): ShardSet | undefined {
  const sets = parts.map((p): ShardSet | undefined => (p.shard ? { count: p.shard.count, indexes: [p.shard.index] } : p.shards))
  const first = sets.findIndex((set) => set !== undefined)
  if (first < 0) return undefined
  const count = sets[first]!.count
  const describe = (i: number): string => {
    const set = sets[i]
    if (!set) return `${nameOf(i)} (not a shard)`
    return `${nameOf(i)} (${set.indexes.length === 1 ? `shard ${set.indexes[0]}/${set.count}` : `shards ${set.indexes.join(', ')} of ${set.count}`})`
  }
  const other = sets.findIndex((set) => set?.count !== count)
  if (other >= 0) {
    throw new PerfgateError(
      'PERFGATE_ERR_MERGE_MISMATCH',
      `Cannot merge ${describe(first)} with ${describe(other)}: they are not shards of one run split ${count} ways. Merge the files of one run only (every shard written by --shard i/${count}).`,
    )
  }
  sameRun(parts, describe)
  return { count, indexes: sets.flatMap((set) => set!.indexes).sort((a, b) => a - b) }
}

/**
 * Refuses shards that cannot be parts of one run: a different load shape (each records the whole
 * run's), or times that never overlapped (a file left from an earlier run).
 */
function sameRun(parts: readonly MeasurementData[], describe: (i: number) => string): void {
  const shapeOf = (p: MeasurementData): string => JSON.stringify(p.facts.shape ?? null)
  const otherShape = parts.findIndex((p) => shapeOf(p) !== shapeOf(parts[0]!))
  if (otherShape >= 0) {
    throw new PerfgateError(
      'PERFGATE_ERR_MERGE_MISMATCH',
      `Cannot merge ${describe(0)} with ${describe(otherShape)}: they record different load shapes (${shapeOf(parts[0]!)} and ${shapeOf(parts[otherShape]!)}), so they are not shards of one run. Merge the files of one run only, every shard started with the same options.`,
    )
  }
  const latest = parts.reduce((at, p, i) => (p.startedAt > parts[at]!.startedAt ? i : at), 0)
  const earliestEnd = parts.reduce((at, p, i) => (p.startedAt + p.durationMs < parts[at]!.startedAt + parts[at]!.durationMs ? i : at), 0)
  if (parts[latest]!.startedAt > parts[earliestEnd]!.startedAt + parts[earliestEnd]!.durationMs) {
    const iso = (ms: number): string => new Date(ms).toISOString()
    throw new PerfgateError(
      'PERFGATE_ERR_MERGE_MISMATCH',
      `Cannot merge ${describe(earliestEnd)} (ran ${iso(parts[earliestEnd]!.startedAt)} – ${iso(parts[earliestEnd]!.startedAt + parts[earliestEnd]!.durationMs)}) with ${describe(latest)} (started ${iso(parts[latest]!.startedAt)}): they never ran at the same time, so they are not shards of one run. Is one file left from an earlier run? Keep each run's files apart (a directory per --start-at).`,
    )
  }
}

/**
 * Notes on shards that do not make a whole run: missing ones, and ones held twice. A single shard's
 * measurement carries them too (it is missing the others), so whoever judges it alone is told.
 */
export function shardNotes({ count, indexes }: ShardSet): string[] {
  const notes: string[] = []
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.includes(i))
  const twice = [...new Set(indexes.filter((i, at) => indexes.indexOf(i) !== at))]
  if (missing.length) {
    notes.push(`Missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')}: this measurement holds ${count - missing.length} of the run's ${count} shards, so its counts and rps cover only that share of the load shape it records (the whole run's). Merge every shard's file to judge the run.`)
  }
  if (twice.length) {
    notes.push(`Shard${twice.length > 1 ? 's' : ''} ${twice.map((i) => `${i}/${count}`).join(', ')} merged more than once: ${twice.length > 1 ? 'their' : 'its'} requests are counted twice. Merge each shard's file once.`)
  }
  return notes
}

/**
 * A note when parts started a good fraction of a second apart: their seconds can only be aligned to
 * the nearest one. Threads of one run start within a few ms of each other, which no second shows.
 */
function alignmentNotes(parts: readonly MeasurementData[], startedAt: number, nameOf: (i: number) => string): string[] {
  const off = parts.findIndex((p) => p.timeline.length > 0 && Math.abs(((p.startedAt - startedAt + 500) % 1000) - 500) > ALIGNMENT_TOLERANCE_MS)
  if (off < 0) return []
  const ms = Math.round(parts[off]!.startedAt - startedAt)
  return [`${nameOf(off)} started ${ms} ms after the earliest part, not a whole number of seconds: its per-second timeline is aligned to the nearest second (up to 500 ms off). Start shards at one common time (startAt, --start-at) for exact seconds.`]
}

/** A merged part's facts without its own shard notes: the new merge restates them for all it holds. */
function withoutShardNotes(part: MeasurementData): RunFacts {
  const held = part.shard ? { count: part.shard.count, indexes: [part.shard.index] } : part.shards
  if (!held || !part.facts.notes) return part.facts
  const stale = new Set(shardNotes(held))
  const notes = part.facts.notes.filter((note) => !stale.has(note))
  const { notes: _notes, ...rest } = part.facts
  return notes.length ? { ...rest, notes } : rest
}

function withNotes(facts: RunFacts, notes: readonly string[]): RunFacts {
  if (!notes.length) return facts
  return { ...facts, notes: [...(facts.notes ?? []), ...notes] }
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
