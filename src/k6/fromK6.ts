import { invalidOption, PerfgateError } from '../errors/index.ts'
import { measurementOf, mergeData, type Measurement, type MeasurementData, type RunFacts } from '../measure/index.ts'
import { readK6File, type K6File } from './readK6File.ts'

export interface FromK6Options {
  /**
   * The k6 tag whose values split the requests into `byTag` sub-measurements (k6 sets `name` to the
   * URL unless the script names the request); `false` for none.
   * @default 'name'
   */
  tag?: string | false
  /**
   * How many values of `tag` get their own `byTag` entry; requests under further values count in the
   * totals only, and a note says how many.
   * @default 100
   */
  maxTagValues?: number
  /** The measurement's name, as reporters show it. */
  name?: string
}

const OPTIONS = ['tag', 'maxTagValues', 'name'] as const
/** The one fact every k6 measurement carries: what http_req_duration is and is not. */
const DURATION_NOTE =
  "k6's http_req_duration runs from the request's send to the end of its response: it leaves out connection set-up (http_req_blocked, _connecting, _tls_handshaking) and is not corrected for coordinated omission (a slow server makes k6's VUs wait instead of sending on schedule)"

/**
 * Reads k6's `--out json` results (plain or gzip, streamed in bounded memory) as one Measurement,
 * so perfgate's matchers judge a k6 run. Several files (one per k6-operator pod) merge into one.
 *
 * Each `http_req_duration` point is one request: a latency when it succeeded, else an error by kind
 * (`http-5xx`, `connection-refused`, …). Whether it succeeded is its `expected_response` tag; when
 * k6 left that tag out, the `http_req_failed` point of the same request (same time and tags) says,
 * and without either the status does (200–399 is success, k6's default). `dropped_iterations` are
 * counted in `facts.dropped`; the run is `uncorrected` for coordinated omission, `latencyFrom: 'send'`.
 *
 * @example
 * // k6 run --out json=pod-0.json script.js   (one file per pod)
 * const m = await fromK6(['pod-0.json', 'pod-1.json.gz'])
 * await expect(m).toMeetP95(300)
 * await expect(m.byTag['GET /api/patients']).toMeetP95(200)
 */
export async function fromK6(paths: string | readonly string[], options: FromK6Options = {}): Promise<Measurement> {
  const files = typeof paths === 'string' ? [paths] : paths
  if (!Array.isArray(files) || files.length === 0 || !files.every((p) => typeof p === 'string' && p.length > 0)) {
    throw new PerfgateError(
      'PERFGATE_ERR_INVALID_INPUT',
      `fromK6 takes the path of a k6 results file or a non-empty array of paths, got ${describe(paths)}. Write one with k6 run --out json=results.json script.js and pass fromK6('results.json').`,
    )
  }
  const { tag, maxTagValues, name } = validated(options)
  const read: K6File[] = []
  const tagValues = new Set<string>()
  for (const path of files) read.push(await readK6File(path, { tag, maxTagValues, tagValues }))

  const dropped = Math.round(read.reduce((sum, file) => sum + file.dropped, 0))
  const untagged = read.reduce((sum, file) => sum + file.untagged, 0)
  const notes = [
    `${DURATION_NOTE}; dropped_iterations: ${dropped} (iterations k6 could not start on schedule${dropped ? ', their requests never measured' : ''}).`,
    ...(untagged && tag !== false
      ? [`k6 tag '${tag}' has more than ${maxTagValues} values: ${untagged} requests under the others are in the totals but in no byTag entry. Name requests with a few values (the name tag, http.url\`…\`), raise maxTagValues, or pass { tag: false }.`]
      : []),
    ...(read.length > 1 ? [`merged from ${read.length} k6 files: ${read.map((f) => f.path).join(', ')}.`] : []),
  ]
  const facts: RunFacts = { coordinatedOmission: 'uncorrected', saturation: { saturated: false, reasons: [] }, dropped, workers: 1, notes }
  const parts = read.map((file) => fileData(file, facts, name))
  const merged = mergeData(parts)
  return measurementOf(withFacts(merged, { ...facts, workers: read.length }))
}

function fileData(file: K6File, facts: RunFacts, name: string | undefined): MeasurementData {
  const byTag = Object.fromEntries([...file.byTag].map(([value, tally]) => [value, tally.toData(facts, name)]))
  return { ...file.all.toData(facts, name), ...(file.byTag.size ? { byTag } : {}) }
}

/**
 * The merge sums per-file facts (each file was given the whole run's) and may drop the latency
 * definition: put the whole run's back, on every tag too. Each keeps its own noise, and any note
 * the merge itself added.
 */
function withFacts(data: MeasurementData, facts: RunFacts): MeasurementData {
  const byTag = data.byTag && Object.fromEntries(Object.entries(data.byTag).map(([value, sub]) => [value, withFacts(sub, facts)]))
  const { noise } = data.facts
  const notes = [...new Set([...(facts.notes ?? []), ...(data.facts.notes ?? [])])]
  return { ...data, latencyFrom: 'send', facts: { ...facts, notes, ...(noise ? { noise } : {}) }, ...(byTag ? { byTag } : {}) }
}

function validated(options: FromK6Options): { tag: string | false; maxTagValues: number; name: string | undefined } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw invalidOption(`fromK6: options must be an object such as { tag: 'name' }, got ${describe(options)}.`)
  const unknown = Object.keys(options).filter((key) => !(OPTIONS as readonly string[]).includes(key))
  if (unknown.length) throw invalidOption(`fromK6: unknown option ${unknown.map((k) => `'${k}'`).join(', ')}; the options are ${OPTIONS.join(', ')}.`)
  const { tag = 'name', maxTagValues = 100, name } = options
  if (tag !== false && (typeof tag !== 'string' || tag.length === 0)) throw invalidOption(`fromK6: tag must be a k6 tag name such as 'name' or 'scenario', or false, got ${describe(tag)}.`)
  if (!Number.isSafeInteger(maxTagValues) || maxTagValues < 1) throw invalidOption(`fromK6: maxTagValues must be a whole number >= 1, got ${describe(maxTagValues)}.`)
  if (name !== undefined && typeof name !== 'string') throw invalidOption(`fromK6: name must be a string, got ${describe(name)}.`)
  return { tag, maxTagValues, name }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : Array.isArray(value) ? `an array of ${value.length}` : value === null ? 'null' : typeof value
}
