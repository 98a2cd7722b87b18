import { PerfgateError } from '../errors/index.ts'
import { k6ErrorKind, type K6Tags } from './errorKind.ts'
import { isGzip, MAX_LINE_BYTES, wantedLines } from './lines.ts'
import { RequestOutcomes, type K6Request } from './requestOutcome.ts'
import { RequestTally } from './requestTally.ts'

/** How to read one file: which tag splits `byTag`, and how many of its values to keep apart. */
export interface K6ReadOptions {
  tag: string | false
  maxTagValues: number
  /** The tag values given a `byTag` entry so far, shared by every file of one run. */
  tagValues: Set<string>
}

/** What one k6 file held, as tallies still to be turned into measurement data. */
export interface K6File {
  path: string
  gzip: boolean
  all: RequestTally
  byTag: Map<string, RequestTally>
  /** Requests whose tag value came after `maxTagValues` others: in `all`, in no `byTag` entry. */
  untagged: number
  /** The sum of the file's `dropped_iterations` points. */
  dropped: number
}

/** k6's metric names perfgate reads; the other lines are checked for shape only. */
const DURATION = 'http_req_duration'
const FAILED = 'http_req_failed'
const DROPPED = 'dropped_iterations'
/** Lines parsed in full at the start of a file, so that any JSON-lines file that is not k6's is refused early. */
const CHECKED_LINES = 20

/** Streams one k6 `--out json` file (plain or gzip) into tallies, in bounded memory. */
export async function readK6File(path: string, options: K6ReadOptions): Promise<K6File> {
  const gzip = await isGzip(path).catch((error: unknown) => {
    throw fileError(path, error)
  })
  const file: K6File = { path, gzip, all: new RequestTally(), byTag: new Map(), untagged: 0, dropped: 0 }
  let durations = 0
  const settle = ({ atMs, ms, tags }: K6Request, failed: boolean): void => {
    const value = options.tag === false ? undefined : tags[options.tag]
    let sub: RequestTally | undefined
    // k6 tag values are strings; anything else is not a value to split by.
    if (typeof value === 'string') {
      if (!options.tagValues.has(value) && options.tagValues.size < options.maxTagValues) options.tagValues.add(value)
      if (options.tagValues.has(value)) {
        sub = file.byTag.get(value)
        if (!sub) file.byTag.set(value, (sub = new RequestTally()))
      } else {
        file.untagged++
      }
    }
    for (const tally of sub ? [file.all, sub] : [file.all]) {
      if (failed) tally.failure(atMs, k6ErrorKind(tags))
      else tally.success(atMs, ms)
    }
  }
  const outcomes = new RequestOutcomes(settle)

  try {
    const filter = {
      needles: [DURATION, FAILED, DROPPED],
      firstLines: CHECKED_LINES,
      notAnObject: (line: number) => formatError(path, line, 'is not JSON'),
      tooLong: (line: number) => formatError(path, line, `is longer than ${MAX_LINE_BYTES} bytes`),
    }
    for await (const batch of wantedLines(path, gzip, filter)) {
      for (const { number: lineNumber, text: line } of batch) {
        const entry = parseLine(path, lineNumber, line)
        if (entry.type !== 'Point') continue
        const { atMs, value, tags } = pointOf(path, lineNumber, entry)
        const key = (): string => requestKey(entry, tags)
        if (entry.metric === DURATION) {
          durations++
          outcomes.duration({ atMs, ms: value, tags }, key)
        } else if (entry.metric === FAILED) {
          outcomes.failed(tags, value !== 0, key)
        } else if (entry.metric === DROPPED) {
          file.dropped += value
        }
      }
    }
  } catch (error) {
    if (error instanceof PerfgateError) throw error
    throw fileError(path, error)
  }
  outcomes.finish()
  if (durations === 0) {
    throw new PerfgateError(
      'PERFGATE_ERR_K6_NO_REQUESTS',
      `fromK6: ${path} holds no http_req_duration point, so no HTTP request to judge. Check that the script makes HTTP requests and that http_req_duration is not left out by the systemTags or summary options, and write the file with k6 run --out json=results.json script.js.`,
    )
  }
  return file
}

interface K6Line {
  type: unknown
  metric: unknown
  data: unknown
}

function parseLine(path: string, lineNumber: number, line: string): K6Line {
  let entry: unknown
  try {
    entry = JSON.parse(line)
  } catch {
    throw formatError(path, lineNumber, 'is not JSON')
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw formatError(path, lineNumber, 'is not a JSON object')
  const { type, metric, data } = entry as Record<string, unknown>
  if ((type !== 'Metric' && type !== 'Point') || typeof metric !== 'string' || typeof data !== 'object' || data === null) {
    throw formatError(path, lineNumber, `has no "type" of "Metric" or "Point" with a "metric" name and "data" (got type ${JSON.stringify(type)?.slice(0, 40)})`)
  }
  return { type, metric, data }
}

function pointOf(path: string, lineNumber: number, entry: K6Line): { atMs: number; value: number; tags: K6Tags } {
  const { time, value, tags } = entry.data as Record<string, unknown>
  const atMs = typeof time === 'string' ? Date.parse(time) : Number.NaN
  if (!Number.isFinite(atMs)) throw formatError(path, lineNumber, `is a ${String(entry.metric)} point whose "time" is not an ISO 8601 time (got ${JSON.stringify(time)?.slice(0, 60)})`)
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw formatError(path, lineNumber, `is a ${String(entry.metric)} point whose "value" is not a number >= 0 (got ${JSON.stringify(value)?.slice(0, 40)})`)
  }
  if (tags !== undefined && tags !== null && (typeof tags !== 'object' || Array.isArray(tags))) throw formatError(path, lineNumber, `is a ${String(entry.metric)} point whose "tags" is not an object`)
  return { atMs, value, tags: (tags ?? {}) as K6Tags }
}

/** k6 emits a request's points together, with one time and the same tags: that pair names the request. */
function requestKey(entry: K6Line, tags: K6Tags): string {
  return `${String((entry.data as { time: string }).time)} ${JSON.stringify(tags)}`
}

function formatError(path: string, lineNumber: number, problem: string): PerfgateError {
  return new PerfgateError(
    'PERFGATE_ERR_K6_FORMAT',
    `fromK6: line ${lineNumber} of ${path} ${problem}; this is not k6's JSON output (one {"type":"Metric"|"Point","metric":…,"data":…} object per line). Write the file with k6 run --out json=results.json script.js (a .gz name gzips it), and pass that file.`,
  )
}

function fileError(path: string, error: unknown): PerfgateError {
  const code = (error as { code?: unknown } | null)?.code
  const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${error instanceof Error ? error.message : String(error)})`
  return new PerfgateError(
    'PERFGATE_ERR_K6_FILE',
    `fromK6: ${path} ${why}. Pass the path of a file k6 wrote with k6 run --out json=results.json script.js (plain or gzip), relative to ${process.cwd()}.`,
    { cause: error },
  )
}
