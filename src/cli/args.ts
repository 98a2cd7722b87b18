import { parseArgs } from 'node:util'
import { isPerfgateError } from '../errors/index.ts'
import { parseShard, type LoadOptions, type RequestSpec } from '../load/index.ts'
import { toMs, type Duration } from '../measure/index.ts'

/** A command line, read: what to run, as plain data. */
export type Command =
  | { command: 'help' }
  | { command: 'compare'; before: string; after: string; markdown?: string; html?: string }
  | { command: 'merge'; files: string[]; out?: string }
  | { command: 'load'; request: RequestSpec & { url: string }; options: LoadOptions & { startAt?: number }; out?: string }

/** A command line perfgate cannot read; the CLI prints it with the usage and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export const USAGE = `usage: perfgate <command> …

  perfgate compare <old.json> <new.json> [--markdown <file>] [--html <file>]
    Prints, per perf assertion, how p50/p95/p99, rps, error rate and verdicts changed, each latency
    change marked significant or within noise by the judge's 95% intervals. --markdown writes the same
    as a table for a pull-request comment or $GITHUB_STEP_SUMMARY ('-' prints it instead), --html as a page.

  perfgate load <url> (--rate <n> | --connections <n>) --duration <30s|ms> [--shard <i/n>]
                [--start-at <epoch ms|ISO time with Z or ±hh:mm>] [--out <file>] [--method <GET>] [--header 'name: value']…
                [--body <text>] [--timeout <10s>] [--max-connections <n>] [--requests <n>] [--workers <n>] [--name <name>]
                [--dispatch precise|timer]
    Runs load() against <url> (its host is allowed: you named it) and writes the Measurement as JSON to
    --out (or stdout), with a one-line summary on stderr. --rate is the open model (latency from each
    request's intended start), --connections the closed one. --shard 3/8 runs shard 3 of 8: its share of
    the rate (every 8th arrival) or of the connections; give every shard the same --start-at so their
    schedules line up, then merge their files. Header values are never printed.

  perfgate merge <file.json>… [--out <file>]
    Merges measurement files (shards of one run, or threads) into one: counts add up, percentiles are
    those of all samples together (exact up to 1,000,000, within 0.1% past it). Refuses files whose
    latencies mean different things, and notes missing or duplicate shards. Writes JSON to --out or stdout.

  Exit codes: 0 done, 1 failed (the message says why), 2 usage.
`

/**
 * Reads a perfgate command line into a {@link Command}; throws a {@link UsageError} naming what is wrong.
 *
 * @example
 * parseCommand(['load', 'http://api:8080/', '--rate', '400', '--duration', '60s', '--shard', '3/8'])
 * // { command: 'load', request: { url: 'http://api:8080/' }, options: { rate: 400, durationMs…, shard: { index: 3, count: 8 } } }
 */
export function parseCommand(args: readonly string[]): Command {
  const [command, ...rest] = args
  if (command === undefined || command === '--help' || command === '-h' || command === 'help' || rest.includes('--help') || rest.includes('-h')) return { command: 'help' }
  switch (command) {
    case 'compare':
      return compareCommand(rest)
    case 'merge':
      return mergeCommand(rest)
    case 'load':
      return loadCommand(rest)
    default:
      throw new UsageError(`unknown command '${command}'; perfgate's commands are compare, load and merge`)
  }
}

function compareCommand(args: readonly string[]): Command {
  const { values, positionals } = parse(args, { markdown: { type: 'string' }, html: { type: 'string' } })
  const [before, after, ...extra] = positionals
  if (!before || !after || extra.length) throw new UsageError('compare takes exactly two results files: perfgate compare <old.json> <new.json>')
  return { command: 'compare', before, after, ...defined({ markdown: values.markdown, html: values.html }) }
}

function mergeCommand(args: readonly string[]): Command {
  const { values, positionals } = parse(args, { out: { type: 'string', short: 'o' } })
  if (positionals.length === 0) throw new UsageError('merge needs at least one measurement file: perfgate merge shard-*.json --out all.json')
  return { command: 'merge', files: positionals, ...defined({ out: values.out }) }
}

function loadCommand(args: readonly string[]): Command {
  const { values, positionals } = parse(args, {
    rate: { type: 'string' },
    connections: { type: 'string' },
    duration: { type: 'string' },
    requests: { type: 'string' },
    shard: { type: 'string' },
    'start-at': { type: 'string' },
    out: { type: 'string', short: 'o' },
    method: { type: 'string' },
    header: { type: 'string', short: 'H', multiple: true },
    body: { type: 'string' },
    timeout: { type: 'string' },
    'max-connections': { type: 'string' },
    workers: { type: 'string' },
    name: { type: 'string' },
    dispatch: { type: 'string' },
  })
  const [url, ...extra] = positionals
  if (!url || extra.length) throw new UsageError('load takes one URL: perfgate load http://127.0.0.1:3000/ --rate 100 --duration 30s')
  let host: string
  try {
    host = new URL(url).hostname
  } catch {
    throw new UsageError(`'${url}' is not a URL; give it whole, e.g. http://127.0.0.1:3000/tasks`)
  }
  if (values.rate === undefined && values.connections === undefined) throw new UsageError('load needs --rate <n> (open model) or --connections <n> (closed model)')
  if (values.duration === undefined && values.requests === undefined) throw new UsageError('load needs --duration, e.g. --duration 30s')
  const options: LoadOptions & { startAt?: number } = {
    ...defined({
      rate: numberOf(values.rate, '--rate'),
      connections: numberOf(values.connections, '--connections'),
      duration: values.duration === undefined ? undefined : durationOf(values.duration, '--duration'),
      requests: numberOf(values.requests, '--requests'),
      timeout: values.timeout === undefined ? undefined : durationOf(values.timeout, '--timeout'),
      maxConnections: numberOf(values['max-connections'], '--max-connections'),
      workers: numberOf(values.workers, '--workers'),
      name: values.name,
      dispatch: dispatchOf(values.dispatch),
      shard: values.shard === undefined ? undefined : shardOf(values.shard),
      startAt: values['start-at'] === undefined ? undefined : startAtOf(values['start-at']),
    }),
    allowHosts: [host],
  }
  const headers = Object.fromEntries((values.header ?? []).map(headerOf))
  const request = { url, ...defined({ method: values.method?.toUpperCase(), body: values.body }), ...(values.header?.length ? { headers } : {}) }
  return { command: 'load', request, options, ...defined({ out: values.out }) }
}

type Flags = NonNullable<Parameters<typeof parseArgs>[0]>['options']

function parse<O extends Flags>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

function numberOf(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} takes a number, got '${text}'`)
  return n
}

/** A duration in ms: a plain number is ms, else '30s', '2m', '1h'. */
function durationOf(text: string, flag: string): number {
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : (text as Duration)
  try {
    return toMs(value, flag)
  } catch {
    throw new UsageError(`${flag} takes a duration such as 30s, 2m or 1500 (ms), got '${text}'`)
  }
}

function dispatchOf(text: string | undefined): 'precise' | 'timer' | undefined {
  if (text === undefined || text === 'precise' || text === 'timer') return text
  throw new UsageError(`--dispatch takes precise or timer, got '${text}'`)
}

function shardOf(text: string): { index: number; count: number } {
  try {
    return parseShard(text)
  } catch (error) {
    if (isPerfgateError(error)) throw new UsageError(`--shard: ${error.message}`)
    throw error
  }
}

/** An ISO date and time with its zone: `Z` or `±hh:mm`, seconds and fractions optional. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * Epoch ms (digits) or an ISO time with its zone, such as 2026-11-30T06:00:00Z. A time without a zone
 * is refused: JavaScript reads it in the machine's local zone, so shards on machines in different
 * zones would start hours apart.
 */
function startAtOf(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : ISO_WITH_ZONE.test(text) ? Date.parse(text) : Number.NaN
  if (!Number.isFinite(ms)) {
    throw new UsageError(
      `--start-at takes epoch ms or an ISO time with its zone, got '${text}'. Accepted: epoch ms (1796018400000), ` +
        'an ISO time in UTC (2026-11-30T06:00:00Z) or with an offset (2026-11-30T07:00:00+01:00); a time without a zone is ' +
        "read in each machine's own zone, so shards in different zones would start hours apart.",
    )
  }
  return ms
}

function headerOf(text: string): [string, string] {
  const colon = text.indexOf(':')
  if (colon <= 0) throw new UsageError("--header takes 'name: value', e.g. --header 'authorization: Bearer …'")
  return [text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim()]
}

/** The entries whose value is not undefined (options are exact: an absent flag is an absent option). */
function defined<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}
