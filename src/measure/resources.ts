/**
 * CPU and memory of the service under test, sampled from /proc while a workload ran (see
 * `service().during()` in perfgate/fixtures). Plain, serializable data: the fixture produces it,
 * `toStayWithin` judges it; neither imports the other, so the shape is checked here at the edge.
 */

/** One reading of the service's process group. */
export interface ResourceSample {
  /** ms since the window began. */
  tMs: number
  /** CPU time the group used since the window began, in ms (all its processes, children it reaped included). */
  cpuMs: number
  /** Resident memory summed over the group's processes, in MB (2^20 bytes); shared pages count once per process, as `ps` shows them. */
  rssMb: number
  /** Processes in the group at this reading. */
  processes: number
}

/** The resources a service used during one workload. */
export interface ResourceUsage {
  kind: 'resources'
  /** The service's name, for messages. */
  name: string
  /** The group leader's pid (also the process group id). */
  pid: number
  /** What was summed: every process of the service's process group. */
  scope: 'process-group'
  /**
   * `one-core`: a CPU figure of 1 is one core fully busy for the whole time (2 = two cores), as
   * `top` shows 100%. The machine's share is that divided by `cores`.
   */
  cpuBasis: 'one-core'
  /** Logical CPUs of the machine (`os.availableParallelism()`). */
  cores: number
  /** Sampling period asked for, in ms (readings are timestamped: a late timer does not skew CPU). */
  intervalMs: number
  /** Epoch ms at which the window began. */
  startedAt: number
  /** Length of the window, in ms. */
  durationMs: number
  /** Readings in time order; the first is taken as the window begins (its cpuMs is 0). */
  samples: ResourceSample[]
  /** Set when the service was no longer running when the window ended. */
  exited?: { code: number | null; signal: string | null }
}

/** What is wrong with data claiming to be a ResourceUsage, or undefined when it is sound. */
export function resourceUsageProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `expected resource usage (an object), got ${value === null ? 'null' : typeof value}`
  const u = value as Record<string, unknown>
  if (u.kind !== 'resources') return `'kind' must be 'resources', got ${JSON.stringify(u.kind)}`
  if (u.cpuBasis !== 'one-core') return `'cpuBasis' must be 'one-core', got ${JSON.stringify(u.cpuBasis)}`
  for (const key of ['pid', 'cores', 'intervalMs', 'startedAt', 'durationMs'] as const) {
    if (typeof u[key] !== 'number' || !Number.isFinite(u[key]) || u[key] < 0) return `'${key}' must be a finite number >= 0, got ${String(u[key])}`
  }
  if (typeof u.name !== 'string') return `'name' must be a string`
  if (!Array.isArray(u.samples)) return `'samples' must be an array of { tMs, cpuMs, rssMb, processes }`
  let previous = -Infinity
  for (const [i, sample] of (u.samples as unknown[]).entries()) {
    const s = sample as Record<string, unknown> | null
    for (const key of ['tMs', 'cpuMs', 'rssMb', 'processes'] as const) {
      const v = s?.[key]
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `'samples[${i}].${key}' must be a finite number >= 0, got ${String(v)}`
    }
    if ((s!.tMs as number) < previous) return `'samples[${i}].tMs' goes back in time`
    previous = s!.tMs as number
  }
  return undefined
}

/** True for sound resource usage data. */
export function isResourceUsage(value: unknown): value is ResourceUsage {
  return resourceUsageProblem(value) === undefined
}
