import type { Sla } from '../../judge/threshold.ts'
import type { Duration } from '../../measure/index.ts'
import type { LoadOptions, Stage } from './loadOptions.ts'

/** Whether a profile's levels are arrival rates per second (open) or virtual users (closed). @default 'rate' */
export interface ProfileOptions {
  unit?: 'rate' | 'connections'
}

type StagedOptions = Pick<LoadOptions, 'stages' | 'startRate' | 'startConnections' | 'stopWhen'>

function staged(unit: 'rate' | 'connections' = 'rate', start: number, steps: ReadonlyArray<[Duration, number]>): StagedOptions {
  const stages: Stage[] = steps.map(([duration, level]) => (unit === 'rate' ? { duration, rate: level } : { duration, connections: level }))
  return unit === 'rate' ? { stages, startRate: start } : { stages, startConnections: start }
}

/**
 * The classic load shapes of WORKLOADS.md as staged options: spread them into {@link load}'s options
 * and add what else the run needs. Levels are rates per second unless `unit: 'connections'`.
 *
 * @example
 * const m = await load(url, { ...profiles.spike({ from: 20, to: 200 }), timeout: '2s' })
 * await expect(m).toHaveErrorRateBelow(0.05)
 */
export const profiles = {
  /**
   * Normal traffic: ramp up to `at`, then hold it.
   * @default duration '1m', rampUp '10s'
   */
  baseline(o: ProfileOptions & { at: number; duration?: Duration; rampUp?: Duration }): StagedOptions {
    return staged(o.unit, 0, [[o.rampUp ?? '10s', o.at], [o.duration ?? '1m', o.at]])
  },

  /**
   * Peak traffic: ramp to `normal`, up to `normal × factor`, hold, ramp down.
   * @default factor 2, duration '2m', rampUp '30s'
   */
  peak(o: ProfileOptions & { normal: number; factor?: number; duration?: Duration; rampUp?: Duration }): StagedOptions {
    const peak = o.normal * (o.factor ?? 2)
    const rampUp = o.rampUp ?? '30s'
    return staged(o.unit, 0, [[rampUp, o.normal], [rampUp, peak], [o.duration ?? '2m', peak], [rampUp, 0]])
  },

  /**
   * A sudden spike: hold `from`, jump to `to` within `rise`, hold it, fall back and watch recovery.
   * @default before '20s', rise '1s', hold '30s', after '20s'
   */
  spike(o: ProfileOptions & { from: number; to: number; before?: Duration; rise?: Duration; hold?: Duration; after?: Duration }): StagedOptions {
    const rise = o.rise ?? '1s'
    return staged(o.unit, o.from, [[o.before ?? '20s', o.from], [rise, o.to], [o.hold ?? '30s', o.to], [rise, o.from], [o.after ?? '20s', o.from]])
  },

  /**
   * Step up from `from` to `to` in `steps` equal steps until the system breaks: give `until` (an SLA
   * such as `{ p95: 500 }` or `'p95<500ms'`) and the run stops at the first second that breaks it,
   * noting when in `facts.notes`.
   * @default steps 5, stepDuration '30s'
   */
  stress(o: ProfileOptions & { from: number; to: number; steps?: number; stepDuration?: Duration; until?: Sla | string }): StagedOptions {
    const steps = Math.max(2, Math.round(o.steps ?? 5))
    const levels = Array.from({ length: steps }, (_, i) => o.from + ((o.to - o.from) * i) / (steps - 1))
    const unitLevels = o.unit === 'connections' ? levels.map(Math.round) : levels
    const options = staged(o.unit, o.from, unitLevels.flatMap((level): Array<[Duration, number]> => [['1s', level], [o.stepDuration ?? '30s', level]]))
    return o.until ? { ...options, stopWhen: o.until } : options
  },

  /**
   * A long steady run to surface leaks and slow degradation: ramp to `at` and hold it.
   * @default duration '1h', rampUp '1m'
   */
  soak(o: ProfileOptions & { at: number; duration?: Duration; rampUp?: Duration }): StagedOptions {
    return staged(o.unit, 0, [[o.rampUp ?? '1m', o.at], [o.duration ?? '1h', o.at]])
  },
}
