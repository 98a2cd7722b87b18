import type { Sla } from '../../judge/threshold.ts'
import type { Duration } from '../../measure/index.ts'

/** Which response statuses count as successes: a list of statuses, or a predicate. @default status < 400 */
export type ExpectStatus = readonly number[] | ((status: number) => boolean)

/**
 * How the open model waits for each scheduled arrival:
 * - `'precise'`: a helper thread sleeps to just before each arrival's time and this thread polls the
 *   last few tens of microseconds (reading responses meanwhile), so requests leave within tens of µs
 *   of their schedule. The polling is capped at a quarter of the time between arrivals, so the cost
 *   stays a few per cent of a core at 1,000 req/s; past ~5,000 req/s precision gives way to CPU.
 * - `'timer'`: one `setTimeout` per wait, as wrk2 does: requests leave 0–1 ms late (Node's timers
 *   count whole milliseconds), for no CPU while waiting and no helper thread.
 *
 * Either way `m.dispatchLag` records how late each request really left.
 */
export type DispatchMode = 'precise' | 'timer'

/** One step of a staged run: ramp linearly from the previous target to this one over `duration`. */
export type Stage = { duration: Duration; rate: number } | { duration: Duration; connections: number }

/** Think time a virtual user waits after each response: fixed, or uniform between min and max. */
export type ThinkTime = Duration | { min: Duration; max: Duration }

/**
 * Options of {@link load}. The model follows from which of `connections`, `rate` or `stages` you give:
 *
 * - closed: `connections` virtual users, each sending its next request when the previous one is
 *   answered (plus `think`), for `duration` or until `requests` have been made;
 * - open: `rate` requests per second arrive for `duration`, whether or not earlier ones were answered;
 * - staged: `stages` ramp a rate (open) or a number of connections (closed), like k6's ramping executors.
 */
export interface LoadOptions {
  /** Closed model: concurrent virtual users, each on its own connection. */
  connections?: number
  /** Open model: arrivals per second. */
  rate?: number
  /** Staged model: ramps of `{ duration, rate }` or `{ duration, connections }`. */
  stages?: readonly Stage[]
  /** Staged model: where the first ramp starts. @default 0 */
  startRate?: number
  /** Staged model: where the first ramp starts. @default 0 */
  startConnections?: number
  /** How long load is offered: `'30s'` or ms. */
  duration?: Duration
  /** Closed model: stop after this many requests, or calls of a function workload (with `duration`: whichever comes first). */
  requests?: number
  /** Closed model: pause of each virtual user after a response. @default 0 */
  think?: ThinkTime
  /**
   * Open and staged-rate models: most requests in flight at once; arrivals beyond it wait (counted as
   * late starts) and are dropped if they cannot start within `timeout`.
   * @default 1000
   */
  maxConnections?: number
  /** Open and staged-rate models: how the generator waits for each arrival (see {@link DispatchMode}). @default 'precise' */
  dispatch?: DispatchMode
  /**
   * Per-request timeout, from send to the last body byte; for a function workload, per call (its
   * `signal` is aborted and the call counted as a `timeout`). @default '10s'
   */
  timeout?: Duration
  /** Statuses that count as successes (e.g. `[200, 201, 409]` where a conflict is an expected outcome). HTTP only. */
  expectStatus?: ExpectStatus
  /** Origin for targets given as paths, e.g. `'http://127.0.0.1:3000'`. */
  baseUrl?: string
  /** Hosts besides loopback that may be loaded, e.g. `['api.staging.internal']`. @default [] */
  allowHosts?: readonly string[]
  /** Generator threads; each drives its share of the load and the measurements are merged. @default 1 */
  workers?: number
  /** Stops the run: all sockets are closed and `load()` rejects with `PERFGATE_ERR_ABORTED`. */
  signal?: AbortSignal
  /**
   * Stop early once a one-second window breaks these limits (the stress profile uses it to find the
   * breaking point): an SLA as `toMeetSLA` takes it, `{ p95: 500, errorRate: 0.05 }` or `'p95<500ms'`.
   * Windows with fewer than 10 requests are not judged.
   */
  stopWhen?: Sla | string
  /** A name carried into the Measurement. */
  name?: string
  /**
   * Run one shard of a load split over machines or processes (`'3/8'`, 1-based, or `{ index: 3, count: 8 }`);
   * the other options describe the whole run. An open shard makes every `count`-th arrival of the whole
   * schedule (at `rate / count`, offset by `(index - 1) / rate`), so the shards together make exactly one
   * schedule at `rate`; a closed shard runs its share of `connections` (and `requests`). The Measurement
   * records `shard`; merge the shards' files with `mergeMeasurements` or `perfgate merge`.
   */
  shard?: string | { index: number; count: number }
  /**
   * A common start time (epoch ms or a Date) every shard waits for, so their schedules line up: the run's
   * clock starts at it exactly (`startedAt` is `startAt`). At most an hour ahead; a time more than
   * a second past is refused.
   */
  startAt?: number | Date
}
