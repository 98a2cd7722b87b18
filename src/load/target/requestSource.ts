import { Buffer } from 'node:buffer'
import { invalidOption, PerfgateError } from '../../errors/index.ts'
import { redactSecrets, redactUrl } from '../../redact/index.ts'
import type { ExpectStatus } from '../options/loadOptions.ts'
import { assertAllowedTarget } from './allowHosts.ts'
import type { FunctionWorkload, LoadTarget, RequestContext, RequestFn, RequestSpec, Scenario } from './loadTarget.ts'
import type { PreparedRequest } from './preparedRequest.ts'
import { statusCheckOf } from './statusCheck.ts'

/** Where a run's requests come from: one origin, and the next request for a virtual user. */
export interface RequestSource {
  readonly origin: string
  /** The target without credentials, for facts and messages. */
  readonly display: string
  readonly tags: readonly string[]
  /** `function` for function workloads: their requests carry a `call` for the function engine. */
  readonly engine?: 'function'
  next(vu: number): PreparedRequest
}

export interface SourceSettings {
  baseUrl?: string | undefined
  allowHosts?: readonly string[] | undefined
  expectStatus?: ExpectStatus | undefined
  timeoutMs: number
}

/** Resolves a {@link LoadTarget} into a {@link RequestSource}, checking the host before any request. */
export function sourceOf(target: LoadTarget, settings: SourceSettings): RequestSource {
  const base = settings.baseUrl === undefined ? undefined : parseUrl(settings.baseUrl, 'baseUrl')
  if (typeof target === 'object' && target !== null && 'mix' in target) return mixSource(target, base, settings)
  return singleSource(target, base, settings, undefined)
}

/** A function workload has no request to prepare: each `next` is one call of its function, under its tag. */
function workloadSource(workload: FunctionWorkload, tag: string | undefined): RequestSource {
  const keys = Object.keys(workload).filter((key) => key !== 'run' && key !== 'name')
  if (typeof workload.run !== 'function') {
    throw invalidOption(`A function workload is { run: async ({ vu, iteration, signal, metrics }) => { … } }; its run is ${workload.run === null ? 'null' : typeof workload.run}.`)
  }
  if (keys.length) throw invalidOption(`A function workload takes run and name only; got ${keys.map((k) => `'${k}'`).join(', ')}. Load options such as connections or rate go in load()'s second argument.`)
  if (workload.name !== undefined && typeof workload.name !== 'string') throw invalidOption(`A function workload's name must be a string; got ${typeof workload.name}.`)
  const name = workload.name ?? (workload.run.name && workload.run.name !== 'run' ? workload.run.name : 'workload')
  const call: PreparedRequest = {
    options: { path: '', method: 'CALL', headers: {}, body: null, headersTimeout: 0, bodyTimeout: 0 },
    tag,
    ok: () => true,
    wire: undefined,
    call: workload.run,
  }
  return { origin: 'function:', display: `function ${redactSecrets(name)}`, tags: tag ? [tag] : [], engine: 'function', next: () => call }
}

function singleSource(target: string | URL | RequestSpec | RequestFn | FunctionWorkload, base: URL | undefined, settings: SourceSettings, tag: string | undefined): RequestSource {
  if (typeof target === 'function') return functionSource(target, base, settings, tag)
  if (typeof target === 'object' && target !== null && 'run' in target) return workloadSource(target, tag)
  const spec: RequestSpec = typeof target === 'string' || target instanceof URL ? { url: String(target) } : target
  if (typeof spec !== 'object' || spec === null) {
    throw invalidOption(`load() target must be a URL, a request spec { url, method, headers, body }, a function returning one, { mix: [...] }, or a function workload { run }; got ${String(target)}.`)
  }
  const url = urlOfSpec(spec, base)
  assertAllowedTarget(url, settings.allowHosts)
  const prepared = prepare(spec, url, settings, tag)
  const display = `${spec.method ?? 'GET'} ${redactUrl(withoutCredentials(url))}`
  return { origin: url.origin, display, tags: prepared.tag ? [prepared.tag] : [], next: () => prepared }
}

function functionSource(fn: RequestFn, base: URL | undefined, settings: SourceSettings, tag: string | undefined): RequestSource {
  const first = callUser(fn, { vu: 0, iteration: 0 })
  const origin = base ?? urlOfSpec(first, undefined)
  assertAllowedTarget(origin, settings.allowHosts)
  const check = statusCheckOf(settings.expectStatus)
  // The call that found the origin is the run's first request, so each call is exactly one request.
  let pending: RequestSpec | undefined = first
  let iteration = 1
  return {
    origin: origin.origin,
    display: `requests from ${fn.name || 'a function'} on ${redactUrl(origin.origin)}`,
    tags: tag ? [tag] : [],
    next(vu) {
      const spec = pending ?? callUser(fn, { vu, iteration: iteration++ })
      pending = undefined
      const raw = spec.url ?? spec.path
      if (typeof raw !== 'string') throw badSpec(spec)
      if (raw.startsWith('/')) return prepareFast(spec, raw, settings, tag ?? spec.tag, check)
      if (raw.startsWith(origin.origin + '/')) return prepareFast(spec, raw.slice(origin.origin.length), settings, tag ?? spec.tag, check)
      if (!/^[a-z][a-z0-9+.-]*:/i.test(raw)) {
        throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `The request function returned the path '${redactSecrets(raw)}', which needs a leading '/': return e.g. '/${redactSecrets(raw)}'.`)
      }
      throw new PerfgateError(
        'PERFGATE_ERR_TARGET_NOT_ALLOWED',
        `The request function returned ${redactUrl(raw)}, outside this run's origin ${origin.origin}. One load() drives one origin; return paths such as '/tasks/42'.`,
      )
    },
  }
}

function mixSource(scenario: Scenario, base: URL | undefined, settings: SourceSettings): RequestSource {
  const entries = scenario.mix
  if (!Array.isArray(entries) || entries.length === 0) throw invalidOption(`A scenario mix needs entries: { mix: [{ tag: 'GET /tasks', weight: 3, request: '/tasks' }] }.`)
  const tags = new Set<string>()
  const sources = entries.map((entry, i) => {
    if (typeof entry.tag !== 'string' || entry.tag === '' || tags.has(entry.tag)) {
      throw invalidOption(`mix[${i}].tag must be a unique, non-empty name such as 'GET /tasks/:id'; got ${JSON.stringify(entry.tag)}.`)
    }
    if (typeof entry.weight !== 'number' || !Number.isFinite(entry.weight) || entry.weight <= 0) {
      throw invalidOption(`mix[${i}].weight must be a number above 0 (a relative share); got ${String(entry.weight)}.`)
    }
    tags.add(entry.tag)
    const request = typeof entry.request === 'string' ? { url: entry.request } : entry.request
    return singleSource(request, base, settings, entry.tag)
  })
  const origin = sources[0]!.origin
  if (sources.some((s) => s.engine === 'function') && sources.some((s) => s.engine !== 'function')) {
    throw invalidOption('A mix is either HTTP requests or function workloads { run }, not both: run one load() for each.')
  }
  const other = sources.find((s) => s.origin !== origin)
  if (other) throw invalidOption(`Every entry of a mix must target one origin; got ${origin} and ${other.origin}. Run one load() per origin.`)
  // Smooth weighted round-robin: exact shares, evenly interleaved, no randomness to flake a test.
  const weights = entries.map((e) => e.weight)
  const total = weights.reduce((a, b) => a + b, 0)
  const current = new Float64Array(entries.length)
  return {
    origin,
    ...(sources[0]!.engine ? { engine: sources[0]!.engine } : {}),
    display: `mix of ${entries.map((e) => `${e.tag} ×${e.weight}`).join(', ')} on ${origin}`,
    tags: [...tags],
    next(vu) {
      let best = 0
      for (let i = 0; i < current.length; i++) {
        current[i]! += weights[i]!
        if (current[i]! > current[best]!) best = i
      }
      current[best]! -= total
      return sources[best]!.next(vu)
    },
  }
}

function prepare(spec: RequestSpec, url: URL, settings: SourceSettings, tag: string | undefined): PreparedRequest {
  const headers: Record<string, string> = { ...spec.headers }
  if (url.username || url.password) {
    headers.authorization ??= `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
  }
  return prepareFast(spec, url.pathname + url.search, settings, tag ?? spec.tag, statusCheckOf(settings.expectStatus), headers)
}

function prepareFast(
  spec: RequestSpec,
  path: string,
  settings: SourceSettings,
  tag: string | undefined,
  check: (status: number) => boolean,
  headers: Record<string, string> = spec.headers ?? {},
): PreparedRequest {
  let body: Buffer | null = null
  if (typeof spec.body === 'string') body = Buffer.from(spec.body)
  else if (spec.body instanceof Uint8Array) body = Buffer.from(spec.body.buffer, spec.body.byteOffset, spec.body.byteLength)
  else if (spec.body !== undefined && spec.body !== null) {
    body = Buffer.from(JSON.stringify(spec.body))
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers = { ...headers, 'content-type': 'application/json' }
  }
  return {
    options: { path, method: spec.method ?? 'GET', headers, body, headersTimeout: 0, bodyTimeout: 0 },
    tag,
    ok: spec.expectStatus === undefined ? check : statusCheckOf(spec.expectStatus),
    wire: undefined,
  }
}

function urlOfSpec(spec: RequestSpec, base: URL | undefined): URL {
  if (spec.url !== undefined && spec.path !== undefined) throw invalidOption(`A request spec takes url or path, not both; got url ${redactUrl(spec.url)} and path ${redactSecrets(String(spec.path))}.`)
  const raw = spec.url ?? spec.path
  if (typeof raw !== 'string') throw badSpec(spec)
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) return parseUrl(raw, 'url')
  if (!base) throw invalidOption(`The request path '${redactSecrets(raw)}' needs an origin: pass { baseUrl: 'http://127.0.0.1:3000' } or give an absolute URL.`)
  return new URL(raw, base)
}

function parseUrl(raw: string, name: string): URL {
  try {
    return new URL(raw)
  } catch {
    throw invalidOption(`${name} ${redactUrl(raw)} is not a valid URL; use e.g. 'http://127.0.0.1:3000/tasks'.`)
  }
}

function callUser(fn: RequestFn, context: RequestContext): RequestSpec {
  let spec: RequestSpec
  try {
    spec = fn(context)
  } catch (error) {
    throw new PerfgateError('PERFGATE_ERR_WORKLOAD_THREW', `The request function threw: ${redactSecrets(messageOf(error))}. Fix the function; load() stops rather than count its bugs as server errors.`, { cause: redactedCopy(error) })
  }
  if (typeof spec !== 'object' || spec === null || typeof (spec as { then?: unknown }).then === 'function') throw badSpec(spec)
  return spec
}

function badSpec(spec: unknown): PerfgateError {
  // Only the keys: values such as headers may hold credentials.
  const got = spec === null ? 'null' : typeof spec !== 'object' ? typeof spec
    : 'then' in spec ? 'a Promise'
    : `an object with keys ${Object.keys(spec).join(', ') || '(none)'}`
  const promise = got === 'a Promise'
    ? ' To load the function itself (a query, a cache, a queue), pass it as a function workload: load({ run: async ({ vu, signal, metrics }) => { … } }, options).'
    : ''
  return new PerfgateError(
    'PERFGATE_ERR_INVALID_INPUT',
    `A request function must synchronously return { url or path, method?, headers?, body? }; got ${got}. Prepare async data (tokens) before load() and look it up by context.vu.${promise}`,
  )
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The user's error as a cause that runners may print: its message and stack without secrets. */
function redactedCopy(error: unknown): Error {
  const copy = new Error(redactSecrets(messageOf(error)))
  copy.name = error instanceof Error ? error.name : 'Error'
  if (error instanceof Error && error.stack) copy.stack = redactSecrets(error.stack)
  return copy
}

/** The target as recorded in facts: user name and password are how it was reached, not what it is. */
function withoutCredentials(url: URL): URL {
  const shown = new URL(url)
  shown.username = ''
  shown.password = ''
  return shown
}
