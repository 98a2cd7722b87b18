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
  request: string | RequestSpec | RequestFn
}

/** A weighted mix of requests, e.g. `{ mix: [{ tag: 'GET /tasks/:id', weight: 7, request: … }, …] }`. */
export interface Scenario {
  mix: readonly ScenarioEntry[]
}

/** What {@link load} can drive: a URL, a request spec, a request function or a weighted scenario mix. */
export type LoadTarget = string | URL | RequestSpec | RequestFn | Scenario
