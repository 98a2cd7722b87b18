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

/** The share of a shape one of `workers` threads drives (thread `index`, 0-based). */
export function shareOf(shape: LoadShape, workers: number, index: number): LoadShape {
  const part = (n: number): number => Math.floor(n / workers) + (index < n % workers ? 1 : 0)
  switch (shape.kind) {
    case 'closed': {
      const { requests, ...rest } = shape
      return { ...rest, connections: part(shape.connections), ...(requests === undefined ? {} : { requests: part(requests) }) }
    }
    case 'open':
      return { ...shape, rate: shape.rate / workers, maxConnections: Math.max(1, part(shape.maxConnections)) }
    case 'stages':
      if (shape.unit === 'rate') {
        return {
          ...shape,
          start: shape.start / workers,
          stages: shape.stages.map((s) => ({ durationMs: s.durationMs, target: s.target / workers })),
          maxConnections: Math.max(1, part(shape.maxConnections)),
        }
      }
      return { ...shape, start: part(shape.start), stages: shape.stages.map((s) => ({ durationMs: s.durationMs, target: part(s.target) })) }
  }
}
