/**
 * Sizes of the sync specs. `quick` (default) keeps `npx vitest run perf/sync` near a minute on two
 * shared cores; `PERFGATE_PROFILE=full` runs the sizes the workload owners asked for.
 */
export interface SyncProfile {
  name: 'quick' | 'full'
  /** Offline devices in the convergence and conflict-rate runs. */
  devices: number
  rounds: number
  editsPerDeviceRound: number
  tasks: number
  /** Fresh devices timed doing their initial sync. */
  initialSyncs: number
  singleChanges: number
  batchSizes: readonly number[]
  stateReads: number
  /** WebSocket connections held open while delivery is timed. */
  connections: number
  deliveries: number
}

const QUICK: SyncProfile = {
  name: 'quick',
  devices: 12,
  rounds: 4,
  editsPerDeviceRound: 6,
  tasks: 40,
  initialSyncs: 20,
  singleChanges: 80,
  batchSizes: [10, 60, 250, 1000],
  stateReads: 200,
  connections: 200,
  deliveries: 30,
}

const FULL: SyncProfile = {
  name: 'full',
  devices: 30,
  rounds: 8,
  editsPerDeviceRound: 10,
  tasks: 120,
  initialSyncs: 50,
  singleChanges: 200,
  batchSizes: [10, 30, 60, 250, 500, 1000, 1000, 1000],
  stateReads: 1000,
  connections: 1000,
  deliveries: 60,
}

/** `PERFGATE_SYNC_CONNECTIONS` overrides the connection count, to find what a machine sustains. */
export function syncProfile(env: NodeJS.ProcessEnv = process.env): SyncProfile {
  const profile = env.PERFGATE_PROFILE === 'full' ? FULL : QUICK
  const connections = Number(env.PERFGATE_SYNC_CONNECTIONS)
  return Number.isInteger(connections) && connections > 1 ? { ...profile, connections } : profile
}
