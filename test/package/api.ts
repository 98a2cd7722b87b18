/**
 * perfgate's public surface: the names each package entry exports. Changing it is a decision:
 * update this list in the same commit, and the README if users see the change.
 */
export const PUBLIC_API = {
  '.': {
    source: 'src/index.ts',
    values: [
      'CONFIDENCE_LEVEL', 'EXACT_SAMPLE_CAP', 'HISTOGRAM_RELATIVE_ERROR', 'History', 'LIMITS', 'METRICS_PORT_ENV', 'PERCENTILE_STATS',
      'PerfgateError', 'bench', 'failsTest', 'findCapacity', 'fromK6', 'fromSamples', 'history', 'invariants', 'isMeasurement', 'isPerfgateError',
      'isResourceUsage', 'judge', 'judgeAll', 'judgeCapacity', 'judgeResources', 'judgeWindows', 'load', 'mergeMeasurements', 'minSamplesFor',
      'overdispersionAt', 'parseMeasurement', 'parseThreshold', 'perfgateMatchers', 'profiles', 'readMeasurement', 'serveMetrics', 'showRange',
      'stringifyMeasurement', 'summarizeMeasurement', 'thresholdsFromSla', 'toMs', 'validateThreshold', 'within', 'writeMeasurement',
    ],
    types: [
      'BenchOptions', 'BreachCause', 'CapacityOptions', 'CapacityProbe', 'CapacityResult', 'CapacityStop', 'CheckReport', 'DispatchMode', 'Duration',
      'EffectRange', 'ErrorKind', 'ExpectStatus', 'FromK6Options', 'FromSamplesOptions', 'FunctionWorkload', 'HistoryOptions', 'InconclusiveReason',
      'InvariantCheck', 'InvariantOptions', 'InvariantRun', 'InvariantSampler', 'JudgedAssertion', 'JudgedVerdict', 'Latency', 'LatencyData', 'LoadOptions',
      'LoadShape', 'LoadTarget', 'MatcherOptions', 'Measurable', 'Measurement', 'MeasurementData', 'MeasurementSummary', 'MergeOptions',
      'MetricsData', 'MetricsOptions', 'MetricsServer', 'Op', 'OpOutcome', 'Outage', 'PercentileStat', 'PerfgateErrorCode', 'PerfgateMatchers',
      'ProbeOutcome', 'ProfileOptions', 'RateData', 'RequestContext', 'RequestFn', 'RequestSpec', 'ResourceLimits', 'ResourceSample', 'ResourceUsage',
      'ResourceVerdict', 'RunFacts', 'RunNoise', 'Scenario', 'ScenarioEntry', 'ShapeSummary', 'ShardRef', 'ShardSet', 'Sla', 'Stage', 'StagePlan', 'ThinkPlan', 'ThinkTime', 'Threshold',
      'TimelinePoint', 'Verdict', 'VerdictUnit', 'Violation', 'WorkloadContext', 'WorkloadMetrics',
    ],
  },
  './vitest': { source: 'src/matchers/vitest.ts', values: [], types: ['JudgedAssertion', 'PerfgateMatchers'] },
  './jest': { source: 'src/matchers/jest.ts', values: [], types: ['JudgedAssertion', 'PerfgateMatchers'] },
  './fixtures': {
    source: 'src/fixtures/index.ts',
    values: ['PostgresFixture', 'RedisFixture', 'postgres', 'redis', 'service', 'shareServers', 'stopSharedServers', 'withFixtures'],
    types: [
      'FixtureOptions', 'PerfFixtures', 'PgSeed', 'PgServerOptions', 'PostgresClone', 'PostgresDatabase', 'PostgresOptions', 'ProviderName',
      'ReadyCheck', 'ReadyFound', 'RedisClone', 'RedisDatabase', 'RedisOptions', 'RedisServerOptions', 'ServiceDuration', 'ServiceOptions', 'ServiceResources',
      'SharedServerOptions', 'StartedPostgres', 'StartedRedis', 'StartedService',
    ],
  },
  './reporter': {
    source: 'src/report/index.ts',
    values: [
      'PerfgateReporter', 'RESULTS_SCHEMA_VERSION', 'compareHtml', 'compareMarkdown', 'compareResults', 'default', 'parseResults', 'redactSecrets', 'renderHtml', 'renderJUnit',
      'renderStepSummary', 'renderTable',
    ],
    types: ['PerfResults', 'PerfTestResult', 'PerfgateReporterOptions'],
  },
  './reporter/jest': { source: 'src/report/jest.ts', values: ['default'], types: [] },
} as const satisfies Record<string, { source: string; values: readonly string[]; types: readonly string[] }>

export type Entry = keyof typeof PUBLIC_API

/** Entries a plain `node` process can load (the others register matchers on a runner's expect). */
export const RUNNER_FREE_ENTRIES = ['.', './fixtures', './reporter', './reporter/jest'] as const satisfies readonly Entry[]

/** The names an entry file declares with `export { … }`, `export type { … }` and `export default`, split into values and types. */
export function declaredExports(text: string): { values: string[]; types: string[]; star: boolean } {
  const values: string[] = []
  const types: string[] = []
  for (const [, typeOnly, list] of text.matchAll(/^export (type )?\{([^}]*)\}/gm)) {
    for (const raw of list!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const isType = Boolean(typeOnly) || raw.startsWith('type ')
      const name = raw.replace(/^type /, '').split(/\s+as\s+/).pop()!
      ;(isType ? types : values).push(name)
    }
  }
  if (/^export default /m.test(text)) values.push('default')
  return { values: values.sort(), types: types.sort(), star: /^export \* /m.test(text) }
}
