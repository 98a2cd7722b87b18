import type { ExpectStatus } from '../options/loadOptions.ts'

/** One HTTP request: `url` is absolute or a path resolved against the `baseUrl` option. */
export interface RequestSpec {
  url?: string
  /** Same as `url`, for a path such as `'/tasks/42'`. */
  path?: string
  /** @default 'GET' */
  method?: string
  headers?: Record<string, string>
  /** A string, bytes, or an object sent as JSON (with `content-type: application/json`). */
  body?: string | Uint8Array | Record<string, unknown> | unknown[]
  /** Requests with a tag are also measured on their own, in `m.byTag[tag]`. */
  tag?: string
  /** Statuses that count as successes for this request; overrides the `expectStatus` option. */
  expectStatus?: ExpectStatus
}

/** Which virtual user (0-based) asks for a request, and how many requests this thread made before. */
export interface RequestContext {
  vu: number
  iteration: number
}

/** Yields a request per call, e.g. a random id, or a JWT per virtual user. Must be synchronous. */
export type RequestFn = (context: RequestContext) => RequestSpec

/** One entry of a weighted scenario mix, measured on its own under `tag`. */
export interface ScenarioEntry {
  tag: string
  /** Relative share of requests, e.g. 70 and 30 for a 70/30 mix. */
  weight: number
  /** A URL, a request spec or a request function; or, in a mix of function workloads, `{ run }`. */
  request: string | RequestSpec | RequestFn | FunctionWorkload
}

/** A weighted mix of requests, e.g. `{ mix: [{ tag: 'GET /tasks/:id', weight: 7, request: … }, …] }`. */
export interface Scenario {
  mix: readonly ScenarioEntry[]
}

/**
 * Custom metrics a workload records, by name (letters, digits and `_ . : -`, up to 64 characters;
 * at most 100 names of each kind per run). They land in `m.metrics`, merged across worker threads.
 */
export interface WorkloadMetrics {
  /** Records a duration in ms under trend `name`; judge it with `expect(m.trend(name)).toMeetP95(…)`. */
  trend(name: string, ms: number): void
  /** Records one true/false observation under rate `name`; judge it with `expect(m.rate(name)).toHaveRateAtLeast(…)`. */
  rate(name: string, value: boolean): void
  /** Adds `n` (default 1) to counter `name`; read it with `m.counter(name)`. */
  count(name: string, n?: number): void
}

/** What a function workload is called with, once per iteration. */
export interface WorkloadContext {
  /** The virtual user (closed model) or slot (open model) running this call, 0-based. */
  vu: number
  /** How many calls this thread started before this one, 0-based. */
  iteration: number
  /** Aborted when the call exceeds the `timeout` option or the run is stopped: pass it on to clients that take one. */
  signal: AbortSignal
  metrics: WorkloadMetrics
}

/**
 * A function workload: `run` is called once per iteration, under the same closed, open or staged
 * model as HTTP, and its latency is the time to its promise settling. A thrown error or a rejected
 * promise is a failure, counted by kind (the error's `code`, else its name). Use it to load
 * Postgres queries, Redis, a job queue or a WebSocket.
 *
 * @example
 * const m = await load({ run: async ({ signal }) => { await pool.query('SELECT 1') } }, { connections: 4, duration: '5s' })
 */
export interface FunctionWorkload {
  run: (context: WorkloadContext) => unknown
  /** Shown as the target in facts and reports. @default the function's name */
  name?: string
}

/** What {@link load} can drive: a URL, a request spec, a request function, a weighted scenario mix or a function workload. */
export type LoadTarget = string | URL | RequestSpec | RequestFn | Scenario | FunctionWorkload
