import { PerfgateError } from '../errors/index.ts'
import type { ResourceUsage } from '../measure/resources.ts'
import { formatMargin, formatNumber } from './format.ts'
import { MARGINAL_MARGIN } from './verdict.ts'

/**
 * Resource limits of a service, as data:
 * - `cpu`: the busiest second's CPU in cores (1 = one core fully busy, as `top`'s 100%);
 * - `machineCpu`: the same as a fraction of the whole machine (cpu ÷ its logical cores);
 * - `rssMb`: the largest resident memory read, in MB, summed over the service's processes.
 */
export interface ResourceLimits {
  cpu?: number
  machineCpu?: number
  rssMb?: number
}

/** The judge's answer for one resource limit. Peaks are facts about the readings, compared directly (no interval). */
export interface ResourceVerdict {
  metric: keyof ResourceLimits
  status: 'pass' | 'fail' | 'inconclusive'
  measured: number
  limit: number
  unit: 'cores' | 'ratio' | 'MB'
  /** (limit − measured) / limit; negative when violated. */
  margin: number
  /** ms into the window where the peak was (the start of the busiest second, for CPU). */
  atMs: number
  /** Readings it was judged from. */
  samples: number
  summary: string
  hint?: string
  /** A pass with under {@link MARGINAL_MARGIN} of headroom, as the judge marks every limit's. */
  marginal?: true
}

/** The length of the window the CPU peak is averaged over. */
export const CPU_PEAK_WINDOW_MS = 1000
const KEYS = ['cpu', 'machineCpu', 'rssMb'] as const

/** Checks resource limits before anything runs; throws PERFGATE_ERR_INVALID_THRESHOLD naming the fix. */
export function validateResourceLimits(limits: unknown): ResourceLimits {
  const example = `such as { cpu: 0.7, rssMb: 2048 } (cpu in cores: 1 = one core; machineCpu a fraction of all cores; rssMb in MB)`
  if (typeof limits !== 'object' || limits === null) throw new PerfgateError('PERFGATE_ERR_INVALID_THRESHOLD', `toStayWithin takes resource limits ${example}; got ${String(limits)}.`)
  const values = limits as Record<string, unknown>
  const unknown = Object.keys(values).filter((key) => !(KEYS as readonly string[]).includes(key))
  if (unknown.length) throw new PerfgateError('PERFGATE_ERR_INVALID_THRESHOLD', `Unknown resource limit ${unknown.map((k) => `'${k}'`).join(', ')}. Use ${KEYS.join(', ')}, ${example}.`)
  const given = KEYS.filter((key) => values[key] !== undefined)
  if (given.length === 0) throw new PerfgateError('PERFGATE_ERR_INVALID_THRESHOLD', `toStayWithin needs at least one limit, ${example}.`)
  for (const key of given) {
    const v = values[key]
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new PerfgateError('PERFGATE_ERR_INVALID_THRESHOLD', `${key} must be a positive, finite number; got ${String(v)}. Write limits ${example}.`)
    if (key === 'machineCpu' && v > 1) {
      throw new PerfgateError('PERFGATE_ERR_INVALID_THRESHOLD', `machineCpu is a fraction of the whole machine (0–1); got ${v}.${v <= 100 ? ` Did you mean ${v / 100}, or cpu: ${v} (cores)?` : ''}`)
    }
  }
  return Object.fromEntries(given.map((key) => [key, values[key]])) as ResourceLimits
}

/** The busiest `windowMs` of CPU, in cores, and where it began; the whole window's average when it is shorter. */
export function cpuPeak(usage: ResourceUsage, windowMs = CPU_PEAK_WINDOW_MS): { cores: number; atMs: number } {
  const s = usage.samples
  if (s.length < 2) return { cores: Number.NaN, atMs: 0 }
  const last = s.at(-1)!
  if (last.tMs - s[0]!.tMs < windowMs) return { cores: (last.cpuMs - s[0]!.cpuMs) / Math.max(1, last.tMs - s[0]!.tMs), atMs: s[0]!.tMs }
  let best = { cores: 0, atMs: 0 }
  let j = 0
  for (let i = 0; i < s.length; i++) {
    while (j < s.length && s[j]!.tMs - s[i]!.tMs < windowMs) j++
    if (j >= s.length) break
    const cores = (s[j]!.cpuMs - s[i]!.cpuMs) / (s[j]!.tMs - s[i]!.tMs)
    if (cores > best.cores) best = { cores, atMs: s[i]!.tMs }
  }
  return best
}

/** The largest resident memory read, in MB, and when. */
export function rssPeak(usage: ResourceUsage): { mb: number; atMs: number } {
  let best = { mb: Number.NaN, atMs: 0 }
  for (const sample of usage.samples) if (!(sample.rssMb <= best.mb)) best = { mb: sample.rssMb, atMs: sample.tMs }
  return best
}

function formatResource(value: number, unit: ResourceVerdict['unit']): string {
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}% of the machine`
  if (unit === 'cores') return `${formatNumber(value)} core${value === 1 ? '' : 's'}`
  return `${formatNumber(value)} MB`
}

/**
 * Judges resource usage against limits. Pure: no I/O, no timing. Fewer than two readings is
 * inconclusive (no-data): the run was shorter than the sampling period.
 *
 * @example
 * judgeResources(usage, { cpu: 0.7, rssMb: 2048 }).every((v) => v.status === 'pass')
 */
export function judgeResources(usage: ResourceUsage, limits: ResourceLimits): ResourceVerdict[] {
  const verdicts: ResourceVerdict[] = []
  const cpu = cpuPeak(usage)
  const rss = rssPeak(usage)
  for (const metric of KEYS) {
    const limit = limits[metric]
    if (limit === undefined) continue
    const unit: ResourceVerdict['unit'] = metric === 'rssMb' ? 'MB' : metric === 'cpu' ? 'cores' : 'ratio'
    const measured = metric === 'rssMb' ? rss.mb : metric === 'cpu' ? cpu.cores : cpu.cores / Math.max(1, usage.cores)
    const atMs = metric === 'rssMb' ? rss.atMs : cpu.atMs
    const what = metric === 'rssMb' ? 'peak resident memory' : `CPU of the busiest ${usage.durationMs < CPU_PEAK_WINDOW_MS ? `${formatNumber(usage.durationMs)} ms (the whole run)` : 'second'}`
    const base = { metric, measured, limit, unit, atMs, samples: usage.samples.length, margin: (limit - measured) / limit }
    if (usage.samples.length < 2 || !Number.isFinite(measured)) {
      verdicts.push({ ...base, status: 'inconclusive', summary: `no readings of ${usage.name} to judge ${metric} from`, hint: `run the workload longer than the sampling period (${usage.intervalMs} ms); CPU and memory are read from Linux's /proc` })
      continue
    }
    const pass = measured <= limit
    const summary = `${what} ${formatResource(measured, unit)} ${pass ? '<=' : '>'} ${formatResource(limit, unit)} (${formatMargin(base.margin)}) at ${formatNumber(atMs / 1000)} s`
    if (pass) verdicts.push({ ...base, status: 'pass', summary, ...(base.margin < MARGINAL_MARGIN ? { marginal: true as const } : {}) })
    else {
      verdicts.push({
        ...base,
        status: 'fail',
        summary,
        hint: metric === 'rssMb'
          ? 'memory that grows with the load and is not given back is a leak: take heap snapshots before and after a run (node --heapsnapshot-signal), or raise the limit if the service needs it'
          : 'profile the service under this load (node --cpu-prof), lower the load, or give the service more cores and state the limit in machineCpu',
      })
    }
  }
  return verdicts
}
