import { invalidOption } from '../errors/index.ts'
import { thresholdsFromSla, validateThreshold, type Sla, type Threshold } from '../judge/index.ts'
import type { LoadOptions } from '../load/index.ts'
import { toMs, type Duration } from '../measure/index.ts'
import type { SearchBounds } from './search.ts'

/** The load options a capacity search sets itself, one per probe. */
type ProbeShapeKeys = 'connections' | 'rate' | 'stages' | 'startRate' | 'startConnections' | 'duration' | 'requests' | 'think' | 'stopWhen'
const PROBE_SHAPE_KEYS: readonly ProbeShapeKeys[] = ['connections', 'rate', 'stages', 'startRate', 'startConnections', 'duration', 'requests', 'think', 'stopWhen']
/** Options of one run split across machines: a search's probes are whole runs, one after another. */
type OneRunKeys = 'shard' | 'startAt'
const ONE_RUN_KEYS: readonly OneRunKeys[] = ['shard', 'startAt']

/**
 * Options of {@link findCapacity}: the SLA, the range of arrival rates to search, and how long and
 * how finely; every other option is `load()`'s (headers through the target, `timeout`,
 * `maxConnections`, `workers`, `expectStatus`, `baseUrl`, `signal`, …) and applies to each probe.
 */
export interface CapacityOptions extends Omit<LoadOptions, ProbeShapeKeys | OneRunKeys> {
  /** What each probe must meet: `{ p95: 500, errorRate: 0.01 }` or `'p95<500ms'`. */
  sla: Sla | string
  /** Lowest arrival rate to try (req/s); the search starts here. */
  from: number
  /** Highest arrival rate to try (req/s). */
  to: number
  /** How long each probe offers its rate, longer when the SLA needs more samples at a low rate. @default '5s' */
  step?: Duration
  /** The search stops once the highest met and the lowest broken rate are this close, relative to the met one. @default 0.05 */
  resolution?: number
  /** Error-rate limit added to an SLA that has none (a fraction). @default 0.01 */
  maxErrorRate?: number
  /** Most probes to run, repeats included. @default 20 */
  maxProbes?: number
  /** Longest the whole search may take; a probe that would end past it is not started. @default '5m' */
  maxDuration?: Duration
}

/** A validated capacity search: what each probe is judged on, where to look, and its bounds. */
export interface CapacityPlan extends SearchBounds {
  thresholds: Threshold[]
  stepMs: number
  maxProbes: number
  maxDurationMs: number
  /** The options handed to every probe's load(). */
  loadOptions: Omit<LoadOptions, ProbeShapeKeys | OneRunKeys>
}

/** Checks a capacity search's options before any probe runs; throws a coded error naming the fix. */
export function capacityPlanOf(options: CapacityOptions): CapacityPlan {
  if (typeof options !== 'object' || options === null) throw invalidOption(`findCapacity() needs options such as { sla: 'p95<500ms', from: 50, to: 2000 }; got ${String(options)}.`)
  const { sla, from, to, step, resolution = 0.05, maxErrorRate, maxProbes = 20, maxDuration = '5m', ...loadOptions } = options
  const shape = PROBE_SHAPE_KEYS.filter((key) => (loadOptions as Record<string, unknown>)[key] !== undefined)
  if (shape.length) {
    throw invalidOption(`findCapacity() sets each probe's rate and duration itself; remove ${shape.join(', ')} and give the range as from and to (req/s), the probe length as step.`)
  }
  const oneRun = ONE_RUN_KEYS.filter((key) => (loadOptions as Record<string, unknown>)[key] !== undefined)
  if (oneRun.length) {
    throw invalidOption(`findCapacity() runs its probes one after another on this machine, each at the whole rate; remove ${oneRun.join(', ')} (they split one run across machines: a shard would offer a fraction of each probe's rate and report it as the whole).`)
  }
  if (sla === undefined || sla === null) throw invalidOption("findCapacity() needs an sla to judge each probe on, such as { p95: 500 } or 'p95<500ms'.")
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalidOption(`findCapacity() ${name} must be a positive arrival rate in req/s, such as ${name === 'from' ? 50 : 2000}; got ${String(value)}.`)
  }
  if (from >= to) throw invalidOption(`findCapacity() searches from a lower rate to a higher one; got from ${from} >= to ${to}. Swap them or widen the range.`)
  if (typeof resolution !== 'number' || !(resolution > 0 && resolution < 1)) throw invalidOption(`findCapacity() resolution is a fraction of the rate above 0 and below 1, such as 0.05 for 5%; got ${String(resolution)}.`)
  if (!Number.isInteger(maxProbes) || maxProbes < 1) throw invalidOption(`findCapacity() maxProbes must be a whole number of at least 1; got ${String(maxProbes)}.`)
  const thresholds = thresholdsFromSla(sla, 'findCapacity() sla')
  const slaErrorRate = thresholds.find((t) => t.stat === 'errorRate')
  if (slaErrorRate && maxErrorRate !== undefined) throw invalidOption('findCapacity() got an error-rate limit twice: in the sla (errorRate) and as maxErrorRate. Keep one.')
  if (!slaErrorRate) thresholds.push(validateThreshold({ stat: 'errorRate', max: maxErrorRate ?? 0.01 }))
  if (thresholds.some((t) => t.stat === 'errorRate' && t.max === 0)) {
    throw invalidOption('findCapacity() cannot show an error rate of 0 with confidence (one more request could fail): give a small fraction such as 0.001.')
  }
  const stepMs = toMs(step ?? '5s', 'step')
  const maxDurationMs = toMs(maxDuration, 'maxDuration')
  if (!(stepMs >= 500)) throw invalidOption(`findCapacity() step must be at least 500 ms, long enough to judge a rate; got ${stepMs} ms.`)
  if (maxDurationMs < stepMs) throw invalidOption(`findCapacity() maxDuration (${maxDurationMs} ms) is shorter than one step (${stepMs} ms): raise maxDuration or shorten step.`)
  return { thresholds, from, to, resolution, stepMs, maxProbes, maxDurationMs, loadOptions }
}
