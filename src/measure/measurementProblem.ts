/**
 * What is wrong with data claiming to be a measurement (saved JSON, a file from another tool), as a
 * sentence naming the field, or undefined when every field a judge or reporter reads is sound.
 * Checked once at the edge, so a bad file fails here with a code instead of as NaN or a TypeError
 * deep inside a matcher.
 */
export function measurementProblem(data: unknown, at = ''): string | undefined {
  if (!isRecord(data)) return `${at || 'the measurement'} must be an object, got ${describeValue(data)}`
  const field = (name: string): string => `'${at}${name}'`
  if (data.version !== 1) return `unsupported version ${describeValue(data.version)} at ${field('version')} (this perfgate reads version 1)`
  if (!SOURCES.has(data.source as string)) return `${field('source')} must be one of ${[...SOURCES].join(', ')}, got ${describeValue(data.source)}`
  if (data.name !== undefined && typeof data.name !== 'string') return `${field('name')} must be a string, got ${describeValue(data.name)}`
  for (const key of ['count', 'errors'] as const) {
    if (!isCount(data[key])) return `${field(key)} must be a whole number >= 0, got ${describeValue(data[key])}`
  }
  if (!isNonNegative(data.durationMs)) return `${field('durationMs')} must be a finite number of ms >= 0, got ${describeValue(data.durationMs)}`
  if (typeof data.startedAt !== 'number' || !Number.isFinite(data.startedAt)) return `${field('startedAt')} must be epoch ms, got ${describeValue(data.startedAt)}`
  const byKind = countsProblem(data.errorsByKind, `${at}errorsByKind`)
  if (byKind) return byKind
  const kindsTotal = Object.values(data.errorsByKind as Record<string, number>).reduce((a, b) => a + b, 0)
  if (kindsTotal !== data.errors) return `${field('errorsByKind')} adds up to ${kindsTotal}, but ${field('errors')} is ${String(data.errors)}`
  const latency = latencyProblem(data.latency, `${at}latency`, data.count as number)
  if (latency) return latency
  if (data.serviceTime !== undefined) {
    const serviceTime = latencyProblem(data.serviceTime, `${at}serviceTime`, data.count as number)
    if (serviceTime) return serviceTime
  }
  if (data.dispatchLag !== undefined) {
    // One sample per request the generator sent onto a free connection, failed ones too: no tie to 'count'.
    const dispatchLag = latencyProblem(data.dispatchLag, `${at}dispatchLag`, undefined)
    if (dispatchLag) return dispatchLag
  }
  if (data.latencyFrom !== undefined && !LATENCY_FROM.has(data.latencyFrom as string)) {
    return `${field('latencyFrom')} must be one of ${[...LATENCY_FROM].join(', ')}, got ${describeValue(data.latencyFrom)}`
  }
  const shard = shardProblem(data, at)
  if (shard) return shard
  const timeline = timelineProblem(data.timeline, `${at}timeline`)
  if (timeline) return timeline
  const facts = factsProblem(data.facts, `${at}facts`)
  if (facts) return facts
  if (data.metrics !== undefined) {
    const metrics = metricsProblem(data.metrics, `${at}metrics`)
    if (metrics) return metrics
  }
  if (data.byTag !== undefined) {
    if (!isRecord(data.byTag)) return `${field('byTag')} must be an object of measurements, got ${describeValue(data.byTag)}`
    for (const [tag, sub] of Object.entries(data.byTag)) {
      const problem = measurementProblem(sub, `${at}byTag[${JSON.stringify(tag)}].`)
      if (problem) return problem
    }
  }
  return undefined
}

const SOURCES = new Set(['bench', 'load', 'samples', 'merged'])
const OMISSION = new Set(['corrected', 'uncorrected', 'not-applicable'])
const LATENCY_FROM = new Set(['intended-start', 'send', 'first-byte'])

function shardProblem(data: Record<string, unknown>, at: string): string | undefined {
  const { shard, shards } = data
  if (shard !== undefined) {
    const ok = isRecord(shard) && Number.isSafeInteger(shard.count) && (shard.count as number) >= 1 && Number.isSafeInteger(shard.index) && (shard.index as number) >= 1 && (shard.index as number) <= (shard.count as number)
    if (!ok) return `'${at}shard' must be { index, count } with whole numbers 1 <= index <= count, got ${describeValue(shard)}`
  }
  if (shards !== undefined) {
    const ok = isRecord(shards) && Number.isSafeInteger(shards.count) && (shards.count as number) >= 1 && Array.isArray(shards.indexes) &&
      shards.indexes.every((i) => Number.isSafeInteger(i) && (i as number) >= 1 && (i as number) <= (shards.count as number))
    if (!ok) return `'${at}shards' must be { count, indexes } with whole indexes from 1 to count, got ${describeValue(shards)}`
  }
  if (shard !== undefined && shards !== undefined) return `'${at}shard' and '${at}shards' cannot both be set: a measurement is one shard or a merge of shards`
  return undefined
}

function latencyProblem(value: unknown, name: string, count: number | undefined): string | undefined {
  if (!isRecord(value)) return `'${name}' must be exact samples or a histogram, got ${describeValue(value)}`
  if (value.kind === 'exact') {
    if (!Array.isArray(value.samplesMs)) return `'${name}.samplesMs' must be an array of latencies in ms, got ${describeValue(value.samplesMs)}`
    const bad = value.samplesMs.findIndex((ms) => !isNonNegative(ms))
    if (bad >= 0) return `'${name}.samplesMs[${bad}]' must be a finite latency in ms >= 0, got ${describeValue(value.samplesMs[bad])}`
    if (count !== undefined && value.samplesMs.length !== count) return `'${name}' holds ${value.samplesMs.length} samples, but 'count' is ${count} (one sample per success)`
    return undefined
  }
  if (value.kind !== 'histogram') return `'${name}.kind' must be 'exact' or 'histogram', got ${describeValue(value.kind)}`
  for (const key of ['sumMs', 'sumSquaresMs', 'minMs', 'maxMs'] as const) {
    if (!isNonNegative(value[key])) return `'${name}.${key}' must be a finite number >= 0, got ${describeValue(value[key])}`
  }
  if ((value.minMs as number) > (value.maxMs as number)) return `'${name}.minMs' is above its maxMs`
  if (!Array.isArray(value.buckets)) return `'${name}.buckets' must be an array of [bucket, count] pairs, got ${describeValue(value.buckets)}`
  let total = 0
  for (const [i, pair] of value.buckets.entries()) {
    const ok = Array.isArray(pair) && pair.length === 2 && (pair[0] === 'zero' || Number.isInteger(pair[0])) && isCount(pair[1])
    if (!ok) return `'${name}.buckets[${i}]' must be a [bucket, count] pair, got ${describeValue(pair)}`
    total += pair[1] as number
  }
  if (value.count !== total) return `'${name}.count' is ${describeValue(value.count)}, but its buckets hold ${total}`
  if (count !== undefined && total !== count) return `'${name}' holds ${total} samples, but 'count' is ${count} (one sample per success)`
  return undefined
}

function metricsProblem(value: unknown, name: string): string | undefined {
  if (!isRecord(value)) return `'${name}' must be an object { trends?, rates?, counters? }, got ${describeValue(value)}`
  for (const kind of ['trends', 'rates', 'counters'] as const) {
    if (value[kind] !== undefined && !isRecord(value[kind])) return `'${name}.${kind}' must be an object by metric name, got ${describeValue(value[kind])}`
  }
  for (const [metric, trend] of Object.entries((value.trends ?? {}) as Record<string, unknown>)) {
    const count = isRecord(trend) ? (trend.kind === 'exact' && Array.isArray(trend.samplesMs) ? trend.samplesMs.length : trend.count) : undefined
    const problem = latencyProblem(trend, `${name}.trends[${JSON.stringify(metric)}]`, count as number)
    if (problem) return problem
  }
  for (const [metric, rate] of Object.entries((value.rates ?? {}) as Record<string, unknown>)) {
    if (!isRecord(rate) || !isCount(rate.trues) || !isCount(rate.total) || rate.trues > rate.total) {
      return `'${name}.rates[${JSON.stringify(metric)}]' must be { trues, total } with whole numbers and trues <= total, got ${describeValue(rate)}`
    }
  }
  for (const [metric, n] of Object.entries((value.counters ?? {}) as Record<string, unknown>)) {
    if (!isNonNegative(n)) return `'${name}.counters[${JSON.stringify(metric)}]' must be a finite number >= 0, got ${describeValue(n)}`
  }
  return undefined
}

function timelineProblem(value: unknown, name: string): string | undefined {
  if (!Array.isArray(value)) return `'${name}' must be an array of per-second points, got ${describeValue(value)}`
  for (const [i, point] of value.entries()) {
    const where = `'${name}[${i}]'`
    if (!isRecord(point)) return `${where} must be a point { t, count, errors, latencySumMs, latencyMaxMs }, got ${describeValue(point)}`
    for (const key of ['t', 'count', 'errors'] as const) {
      if (!isCount(point[key])) return `${where}.${key} must be a whole number >= 0, got ${describeValue(point[key])}`
    }
    for (const key of ['latencySumMs', 'latencyMaxMs'] as const) {
      if (!isNonNegative(point[key])) return `${where}.${key} must be a finite number >= 0, got ${describeValue(point[key])}`
    }
    if (point.bins !== undefined) {
      const bins = point.bins
      const ok = Array.isArray(bins) && bins.every((pair) => Array.isArray(pair) && pair.length === 2 && Number.isSafeInteger(pair[0]) && isCount(pair[1]))
      if (!ok) return `${where}.bins must be an array of [bin, count] pairs of whole numbers, got ${describeValue(bins)}`
      const held = (bins as Array<[number, number]>).reduce((a, pair) => a + pair[1], 0)
      if (held !== point.count) return `${where}.bins hold ${held} samples, but its count is ${describeValue(point.count)}`
    }
  }
  return undefined
}

function factsProblem(value: unknown, name: string): string | undefined {
  if (!isRecord(value)) return `'${name}' must be an object, got ${describeValue(value)}`
  if (!OMISSION.has(value.coordinatedOmission as string)) {
    return `'${name}.coordinatedOmission' must be one of ${[...OMISSION].join(', ')}, got ${describeValue(value.coordinatedOmission)}`
  }
  const saturation = value.saturation
  if (!isRecord(saturation) || typeof saturation.saturated !== 'boolean' || !isStrings(saturation.reasons)) {
    return `'${name}.saturation' must be { saturated: boolean, reasons: string[] }, got ${describeValue(saturation)}`
  }
  for (const key of ['lateStarts', 'dropped', 'workers'] as const) {
    if (value[key] !== undefined && !isCount(value[key])) return `'${name}.${key}' must be a whole number >= 0, got ${describeValue(value[key])}`
  }
  for (const key of ['target', 'provider'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') return `'${name}.${key}' must be a string, got ${describeValue(value[key])}`
  }
  if (value.notes !== undefined && !isStrings(value.notes)) return `'${name}.notes' must be an array of strings, got ${describeValue(value.notes)}`
  if (value.outages !== undefined) {
    if (!Array.isArray(value.outages)) return `'${name}.outages' must be an array, got ${describeValue(value.outages)}`
    for (const [i, outage] of value.outages.entries()) {
      const ok = isRecord(outage) && isNonNegative(outage.startMs) && isNonNegative(outage.endMs) && outage.endMs >= outage.startMs && isCount(outage.errors) &&
        (outage.recoveryMs === undefined || isNonNegative(outage.recoveryMs))
      if (!ok) return `'${name}.outages[${i}]' must be { startMs, endMs >= startMs, errors, recoveryMs? } in ms, got ${describeValue(outage)}`
    }
  }
  if (value.noise !== undefined) {
    const noise = value.noise
    const ok = isRecord(noise) && isNonNegative(noise.overdispersion) && Array.isArray(noise.stallSeconds) && noise.stallSeconds.every(isCount)
    if (!ok) return `'${name}.noise' must be { overdispersion: number >= 0, stallSeconds: whole seconds[] }, got ${describeValue(noise)}`
  }
  if (value.shape !== undefined && (!isRecord(value.shape) || typeof value.shape.kind !== 'string')) {
    return `'${name}.shape' must be an object with a kind, got ${describeValue(value.shape)}`
  }
  return undefined
}

function countsProblem(value: unknown, name: string): string | undefined {
  if (!isRecord(value)) return `'${name}' must be an object of counts by kind, got ${describeValue(value)}`
  for (const [kind, n] of Object.entries(value)) {
    if (!isCount(n)) return `'${name}.${kind}' must be a whole number >= 0, got ${describeValue(n)}`
  }
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string')
}

/** A short, single-line rendering of a bad value for an error message (safe on cycles). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value as string)
  } catch {
    text = Object.prototype.toString.call(value)
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
