import { mulberry32, type Random } from '../app/seed/index.ts'
import type { RegisterField } from '../app/sync/index.ts'

export type PlannedEdit =
  | { kind: 'set'; task: string; field: RegisterField; value: string }
  | { kind: 'note'; task: string; text: string }

export interface EditPlan {
  seed: number
  tasks: string[]
  /** rounds[r][d]: what device d edits offline in round r. */
  rounds: PlannedEdit[][][]
}

export interface PlanOptions {
  seed: number
  devices: number
  rounds: number
  editsPerDeviceRound: number
  tasks: number
  /**
   * Share of a device's edits on the tasks it owns (task i belongs to device i mod devices); the
   * rest hit three hot tasks (a fifth of them) or any task. 0 makes every edit contend.
   * @default 0.95
   */
  ownShare?: number
}

export const STATUSES = ['todo', 'doing', 'blocked', 'done'] as const
export const ASSIGNEES = ['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08', 'p09', 'p10'] as const
/** The pinned edit distribution: 40% status, 30% assignee, 30% notes; off-owner edits go a fifth to three hot tasks. */
const HOT_TASKS = 3
const HOT_SHARE = 0.2

export function taskIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `t${String(i + 1).padStart(3, '0')}`)
}

/** The seeded workload: the same seed always yields the same edits by the same devices. */
export function planEdits(options: PlanOptions): EditPlan {
  const random = mulberry32(options.seed)
  const tasks = taskIds(options.tasks)
  const ownShare = options.ownShare ?? 0.95
  const owned = Array.from({ length: options.devices }, (_, device) => tasks.filter((_, i) => i % options.devices === device))
  const rounds = Array.from({ length: options.rounds }, (_, round) =>
    Array.from({ length: options.devices }, (_, device) =>
      Array.from({ length: options.editsPerDeviceRound }, (_, n) => {
        const mine = owned[device]!
        const task = mine.length > 0 && random.next() < ownShare ? random.pick(mine) : sharedTask(random, tasks)
        return plannedEdit(random, task, `r${round}d${device}e${n}`)
      }),
    ),
  )
  return { seed: options.seed, tasks, rounds }
}

function sharedTask(random: Random, tasks: readonly string[]): string {
  return random.next() < HOT_SHARE ? tasks[random.int(0, Math.min(HOT_TASKS, tasks.length) - 1)]! : random.pick(tasks)
}

function plannedEdit(random: Random, task: string, tag: string): PlannedEdit {
  const kind = random.next()
  if (kind < 0.4) return { kind: 'set', task, field: 'status', value: random.pick(STATUSES) }
  if (kind < 0.7) return { kind: 'set', task, field: 'assignee', value: random.pick(ASSIGNEES) }
  return { kind: 'note', task, text: `[${tag}]` }
}

/**
 * The conflict rate the plan implies when every device syncs fully between rounds: within a round no
 * device has seen another's edits, so every register write whose field another device also wrote in
 * that round conflicts. `setupWrites` are the seeder's non-conflicting initial writes.
 */
export function expectedConflicts(plan: EditPlan, setupWrites: number): { writes: number; conflicting: number; rate: number } {
  let writes = setupWrites
  let conflicting = 0
  for (const round of plan.rounds) {
    const writers = new Map<string, Map<number, number>>()
    round.forEach((edits, device) => {
      for (const edit of edits) {
        if (edit.kind !== 'set') continue
        writes++
        const key = `${edit.task}.${edit.field}`
        const byDevice = writers.get(key) ?? new Map<number, number>()
        byDevice.set(device, (byDevice.get(device) ?? 0) + 1)
        writers.set(key, byDevice)
      }
    })
    for (const byDevice of writers.values()) {
      if (byDevice.size > 1) for (const count of byDevice.values()) conflicting += count
    }
  }
  return { writes, conflicting, rate: writes === 0 ? 0 : conflicting / writes }
}
