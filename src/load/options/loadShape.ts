/** Think time as stored: uniform between `minMs` and `maxMs` (equal for a fixed pause). */
export interface ThinkPlan {
  minMs: number
  maxMs: number
}

/** One ramp of a staged run: linear from the previous target to `target` over `durationMs`. */
export interface StagePlan {
  durationMs: number
  target: number
}

/**
 * The load shape of a run as plain data, recorded as `facts.shape`: the friendlier
 * {@link LoadOptions} after validation.
 */
export type LoadShape =
  | { kind: 'closed'; connections: number; durationMs?: number; requests?: number; think?: ThinkPlan }
  | { kind: 'open'; rate: number; durationMs: number; maxConnections: number }
  | { kind: 'stages'; unit: 'rate'; start: number; stages: StagePlan[]; maxConnections: number }
  | { kind: 'stages'; unit: 'connections'; start: number; stages: StagePlan[]; think?: ThinkPlan }

/** True when latency runs from each request's scheduled start (coordinated omission corrected). */
export function isOpen(shape: LoadShape): boolean {
  return shape.kind === 'open' || (shape.kind === 'stages' && shape.unit === 'rate')
}

/** Planned time load is offered, in ms; undefined for a closed run bounded only by `requests`. */
export function plannedMs(shape: LoadShape): number | undefined {
  if (shape.kind === 'stages') return shape.stages.reduce((sum, stage) => sum + stage.durationMs, 0)
  return shape.durationMs
}

/**
 * One of `count` equal shares of a run (0-based `index`): a worker thread's, a shard's, or a worker's
 * of a shard (see {@link shareWithin}). Together the `count` shares make exactly the whole run.
 */
export interface RunShare {
  index: number
  count: number
}

/** Share `index` of `count` within `outer` (a worker's part of a shard): the shares stay interleaved. */
export function shareWithin(outer: RunShare | undefined, index: number, count: number): RunShare {
  const { index: at, count: of } = outer ?? { index: 0, count: 1 }
  return { index: at + of * index, count: of * count }
}

/** This share's part of `n` (connections, requests): parts differ by at most one and add up to `n`. */
export function partOf(n: number, { index, count }: RunShare): number {
  return Math.floor(n / count) + (index < n % count ? 1 : 0)
}

/**
 * The shape a share drives. Closed shapes split their connections (and requests); open shapes keep
 * the whole schedule, of which the share makes every `count`-th arrival (ArrivalSchedule.slice), and
 * split `maxConnections`.
 */
export function shareOf(shape: LoadShape, share: RunShare): LoadShape {
  const part = (n: number): number => partOf(n, share)
  switch (shape.kind) {
    case 'closed': {
      const { requests, ...rest } = shape
      return { ...rest, connections: part(shape.connections), ...(requests === undefined ? {} : { requests: part(requests) }) }
    }
    case 'open':
      return { ...shape, maxConnections: Math.max(1, part(shape.maxConnections)) }
    case 'stages':
      if (shape.unit === 'rate') return { ...shape, maxConnections: Math.max(1, part(shape.maxConnections)) }
      return { ...shape, start: part(shape.start), stages: shape.stages.map((s) => ({ durationMs: s.durationMs, target: part(s.target) })) }
  }
}
