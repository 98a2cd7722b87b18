/**
 * `perfgate`: the engines (`bench`, `load`), measurements, the judge and the error codes. Every name
 * is listed: what is not here is internal, and test/package/api.test.ts fails when this list changes.
 */
import { BASELINE_DIR_ENV, fileBaselineStore } from './baseline/store.ts'
import { watchLiveWith } from './load/observe/live.ts'
import { watchProgressWith } from './load/observe/progress.ts'
import { setBaselineStore } from './matchers/toMatchBaseline.ts'
import { openRunMetrics } from './metrics/server.ts'
import { createProgress } from './report/progress.ts'

// `perfgateMatchers` is ready for any runner's expect.extend: toMatchBaseline keeps its baselines on
// disk, where perfgate/vitest and perfgate/jest keep them.
setBaselineStore(fileBaselineStore(() => process.env[BASELINE_DIR_ENV] || undefined))

export { bench, type BenchOptions } from './bench/index.ts'
export { findCapacity, type CapacityOptions } from './capacity/index.ts'
export { isPerfgateError, PerfgateError, type PerfgateErrorCode } from './errors/index.ts'
export { fromK6, type FromK6Options } from './k6/index.ts'
export {
  CONFIDENCE_LEVEL,
  failsTest,
  judge,
  judgeCapacity,
  judgeAll,
  judgeResources,
  judgeWindows,
  minSamplesFor,
  parseThreshold,
  PERCENTILE_STATS,
  thresholdsFromSla,
  validateThreshold,
  type BreachCause,
  type CapacityProbe,
  type CapacityResult,
  type CapacityStop,
  type InconclusiveReason,
  type PercentileStat,
  type ProbeOutcome,
  type ResourceLimits,
  type ResourceVerdict,
  type Sla,
  type JudgedVerdict,
  type Threshold,
  type Verdict,
  type VerdictUnit,
} from './judge/index.ts'
export {
  History,
  history,
  invariants,
  showRange,
  within,
  type CheckReport,
  type EffectRange,
  type HistoryOptions,
  type InvariantCheck,
  type InvariantOptions,
  type InvariantRun,
  type InvariantSampler,
  type Op,
  type OpOutcome,
  type Violation,
} from './invariants/index.ts'
export {
  LIMITS,
  load,
  profiles,
  type DispatchMode,
  type ErrorKind,
  type ExpectStatus,
  type FunctionWorkload,
  type LoadOptions,
  type LoadShape,
  type LoadTarget,
  type WorkloadMetrics,
  type ProfileOptions,
  type RequestContext,
  type RequestFn,
  type RequestSpec,
  type Scenario,
  type ScenarioEntry,
  type Stage,
  type StagePlan,
  type ThinkPlan,
  type ThinkTime,
  type WorkloadContext,
} from './load/index.ts'
export { METRICS_PORT_ENV, serveMetrics, type MetricsOptions, type MetricsServer } from './metrics/index.ts'
export { perfgateMatchers, type JudgedAssertion, type MatcherOptions, type Measurable, type PerfgateMatchers } from './matchers/index.ts'
export {
  EXACT_SAMPLE_CAP,
  fromSamples,
  HISTOGRAM_RELATIVE_ERROR,
  isMeasurement,
  isResourceUsage,
  mergeMeasurements,
  overdispersionAt,
  parseMeasurement,
  readMeasurement,
  stringifyMeasurement,
  summarizeMeasurement,
  toMs,
  writeMeasurement,
  type Duration,
  type FromSamplesOptions,
  type Latency,
  type LatencyData,
  type Measurement,
  type MeasurementData,
  type MeasurementSummary,
  type MergeOptions,
  type MetricsData,
  type Outage,
  type RateData,
  type ResourceSample,
  type ResourceUsage,
  type RunFacts,
  type RunNoise,
  type ShapeSummary,
  type ShardRef,
  type ShardSet,
  type TimelinePoint,
} from './measure/index.ts'

// load() emits its progress as plain data; drawing it (a live line on an interactive terminal) is
// the reporter's job, plugged in here so that the engine never imports the reporter.
watchProgressWith(createProgress)
// The same for live metrics: load() hands out plain per-second windows; the OpenMetrics exporter
// (served only when asked for, see serveMetrics) turns them into counters and histograms.
watchLiveWith(openRunMetrics)
