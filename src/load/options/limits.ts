/**
 * Hard caps every run obeys, whatever the options say: a typo such as `rate: 1e9` or
 * `duration: '100h'` is refused before any load starts, and a run that overstays its plan is cut.
 */
export const LIMITS = {
  /** Longest planned run (8 h, the endurance soak in WORKLOADS.md). */
  maxDurationMs: 8 * 3_600_000,
  /** Most requests one run may make. */
  maxRequests: 100_000_000,
  /** Most concurrent connections one run may open. */
  maxConnections: 10_000,
  /** Highest arrival rate per second. */
  maxRate: 200_000,
  /** Most worker threads. */
  maxWorkers: 64,
  /** Longest per-request timeout. */
  maxTimeoutMs: 600_000,
  /** Most shards a run may be split into. */
  maxShards: 10_000,
  /** Longest wait for a common `startAt` (1 h: pods of one job are scheduled within it). */
  maxStartWaitMs: 3_600_000,
} as const

/** Per-request timeout when none is given. */
export const DEFAULT_TIMEOUT_MS = 10_000

/** A request that starts more than this many ms after its scheduled time is a late start. */
export const LATE_START_MS = 10

/** How far in the past a `startAt` may be (a shard scheduled a moment late); its first arrivals then leave late, and count so. */
export const START_AT_TOLERANCE_MS = 1_000

/** Slack added to a run's planned length (plus its drain) before it is cut short. */
export const OVERRUN_GRACE_MS = 5_000
