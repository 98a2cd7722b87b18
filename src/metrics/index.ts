export { DURATION_BUCKETS_SECONDS, LiveRegistry, type RunWindow } from './openMetrics.ts'
export { METRICS_PORT_ENV, openRunMetrics, serveMetrics, type MetricsOptions, type MetricsServer } from './server.ts'
