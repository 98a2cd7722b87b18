export type EmrSystem = 'epic' | 'cerner'

/** How a simulated EMR behaves: lognormal latency around `medianMs`, and a failure rate. */
export interface EmrProfile {
  medianMs: number
  /** Spread of the latency in log space (0 = always the median). */
  sigma: number
  /** Share of calls answered with 503, in [0, 1]. */
  failureRate: number
  /** Latency cap, so a long tail never exceeds it. */
  maxMs: number
}

/** Epic-like: ~150 ms median, moderate tail. */
export const EPIC_PROFILE: EmrProfile = { medianMs: 150, sigma: 0.35, failureRate: 0, maxMs: 1500 }
/** Cerner-like: ~300 ms median, longer tail. */
export const CERNER_PROFILE: EmrProfile = { medianMs: 300, sigma: 0.45, failureRate: 0, maxMs: 3000 }

export function validateProfile(system: EmrSystem, profile: EmrProfile): EmrProfile {
  const { medianMs, sigma, failureRate, maxMs } = profile
  if (!(medianMs >= 0) || !(sigma >= 0) || !(maxMs >= medianMs)) {
    throw new RangeError(`emr.${system}: need medianMs >= 0, sigma >= 0 and maxMs >= medianMs`)
  }
  if (!(failureRate >= 0 && failureRate <= 1)) {
    throw new RangeError(`emr.${system}.failureRate must be within [0, 1], got ${failureRate}`)
  }
  return profile
}
