export { toMs, type Duration } from './duration.ts'
export { fromSamples, type FromSamplesOptions } from './fromSamples.ts'
export { HISTOGRAM_RELATIVE_ERROR } from './histogram.ts'
export { checkWritable, readMeasurement, readTextFile, writeFileAtomic, writeMeasurement } from './file.ts'
export { parseMeasurement, stringifyMeasurement } from './json.ts'
export { latencyOf, type Latency } from './latency.ts'
export { EXACT_SAMPLE_CAP, LatencyRecorder, mergeLatencyData, type LatencyData } from './latencyData.ts'
export {
  isMeasurement,
  measurementOf,
  type Measurement,
  type MeasurementData,
  type Outage,
  type RunFacts,
  type RunNoise,
  type ShardRef,
  type ShardSet,
  ZERO_BIN,
  type ShapeSummary,
  type TimelinePoint,
} from './measurement.ts'
export { mergeData, mergeMeasurements, shardNotes, type MergeOptions } from './merge.ts'
export { BINS_PER_OCTAVE, binOf, binUpperMs, exceedances, MIN_NOISE_WINDOWS, noiseOf, overdispersionAt, withNoise } from './noise.ts'
export { mergeMetrics, type MetricsData, type RateData } from './metrics.ts'
export { summarizeMeasurement, type MeasurementSummary } from './summary.ts'
export { isValidPercentile, nearestRank, percentileOfSorted } from './percentile.ts'
export { mergeTimelines, TimelineRecorder } from './timeline.ts'
export { sliceWindows, type RunWindow } from './window.ts'
export { isResourceUsage, resourceUsageProblem, type ResourceSample, type ResourceUsage } from './resources.ts'
