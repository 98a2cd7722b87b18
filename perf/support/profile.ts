/**
 * Sizes of the perf/db and perf/api specs. `quick` (the default) is the pull-request profile: with
 * perf/sync, the whole `npx vitest run perf` stays under 5 minutes on two shared cores.
 * `PERFGATE_PROFILE=full` runs the longer shapes of WORKLOADS.md (tens of seconds to minutes per
 * spec) — nightly, or while tuning. Rates are scaled to a 2-core machine; each spec says how.
 * Same switch as perf/sync/profile.ts.
 */
export interface PerfProfile {
  name: 'quick' | 'full'
  /** 50 × 10-unit reservations at once on a fresh 50-unit authorization, this many times. */
  burstRounds: number
  contention: { clients: number; durationMs: number; thinkMs: { min: number; max: number }; maxUnits: number }
  spread: { rate: number; durationMs: number }
  mixed: { rate: number; durationMs: number }
  faults: { clients: number; durationMs: number; killEveryMs: number }
  canary: { clients: number; durationMs: number }
  /** Timed executions of each database query. */
  querySamples: number
  /** EMR verifications through the Redis cache: arrivals per second, for how long, over how many patients. */
  cache: { rate: number; durationMs: number; patients: number }
  /** Jobs enqueued per second on the clinic's Redis job queue, for how long, and its workers. */
  queue: { rate: number; durationMs: number; workers: number }
  /** The capacity search on a server of known capacity: each probe's length, the resolution, and the search's time bound. */
  capacity: { stepMs: number; resolution: number; maxDurationMs: number }
  api: {
    durationMs: number
    readRate: number
    writeRate: number
    emrRate: number
    sustainRate: number
    sustainDurationMs: number
    mixRate: number
    mixDurationMs: number
    spike: { from: number; to: number; beforeMs: number; holdMs: number; afterMs: number }
  }
}

const QUICK: PerfProfile = {
  name: 'quick',
  burstRounds: 5,
  contention: { clients: 4, durationMs: 6_000, thinkMs: { min: 20, max: 60 }, maxUnits: 20 },
  spread: { rate: 200, durationMs: 6_000 },
  mixed: { rate: 100, durationMs: 8_000 },
  faults: { clients: 8, durationMs: 6_000, killEveryMs: 400 },
  canary: { clients: 16, durationMs: 3_000 },
  querySamples: 500,
  cache: { rate: 150, durationMs: 8_000, patients: 100 },
  queue: { rate: 50, durationMs: 6_000, workers: 32 },
  capacity: { stepMs: 3_000, resolution: 0.05, maxDurationMs: 36_000 },
  api: {
    durationMs: 5_000,
    readRate: 150,
    writeRate: 80,
    emrRate: 80,
    sustainRate: 500,
    sustainDurationMs: 8_000,
    mixRate: 200,
    mixDurationMs: 8_000,
    spike: { from: 30, to: 600, beforeMs: 3_000, holdMs: 5_000, afterMs: 4_000 },
  },
}

const FULL: PerfProfile = {
  name: 'full',
  burstRounds: 10,
  contention: { clients: 8, durationMs: 60_000, thinkMs: { min: 20, max: 60 }, maxUnits: 20 },
  spread: { rate: 200, durationMs: 60_000 },
  mixed: { rate: 100, durationMs: 40_000 },
  faults: { clients: 16, durationMs: 30_000, killEveryMs: 400 },
  canary: { clients: 16, durationMs: 5_000 },
  querySamples: 5_000,
  cache: { rate: 300, durationMs: 60_000, patients: 1_000 },
  queue: { rate: 100, durationMs: 60_000, workers: 64 },
  capacity: { stepMs: 10_000, resolution: 0.02, maxDurationMs: 300_000 },
  api: {
    durationMs: 30_000,
    readRate: 150,
    writeRate: 80,
    emrRate: 80,
    sustainRate: 1000,
    sustainDurationMs: 30_000,
    mixRate: 200,
    mixDurationMs: 30_000,
    spike: { from: 30, to: 600, beforeMs: 20_000, holdMs: 30_000, afterMs: 20_000 },
  },
}

export function perfProfile(env: NodeJS.ProcessEnv = process.env): PerfProfile {
  return env['PERFGATE_PROFILE'] === 'full' ? FULL : QUICK
}
