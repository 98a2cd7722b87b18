import type { Random } from '../app/seed/index.ts'
import type { Edit, RegisterField, TaskSnapshot } from '../app/sync/index.ts'
import type { EditPlan } from './workload.ts'

/** What the round runner needs of a device: the real Yjs device and the naive canary both fit. */
export interface Replica {
  readonly name: string
  readonly edits: readonly Edit[]
  setField(task: string, field: RegisterField, value: string): void
  addNote(task: string, text: string): void
  sync(baseUrl: string): Promise<unknown>
  resendLast(baseUrl: string): Promise<unknown>
  snapshot(): TaskSnapshot
  stateVector(): ReadonlyMap<number, number>
}

export interface RoundOptions {
  plan: EditPlan
  replicas: readonly Replica[]
  /** Server instances; each delivery picks one at random. */
  servers: readonly string[]
  random: Random
  /** Chance that a delivery is followed, later in the round, by a re-delivery of the same request. */
  duplicateRate?: number
}

export interface RoundStats {
  deliveries: number
  duplicates: number
  /** Deliveries per server instance, in `servers` order. */
  byServer: number[]
}

/**
 * Each round: every device edits offline, then the devices deliver their pending updates in a random
 * order through random instances (some requests twice), then every device pulls, in another random
 * order, so each round starts from everything the previous one wrote.
 */
export async function runRounds(options: RoundOptions): Promise<RoundStats> {
  const { plan, replicas, servers, random } = options
  const stats: RoundStats = { deliveries: 0, duplicates: 0, byServer: servers.map(() => 0) }
  const pick = (): string => {
    const index = random.int(0, servers.length - 1)
    stats.byServer[index]!++
    return servers[index]!
  }
  for (const round of plan.rounds) {
    round.forEach((edits, index) => {
      const replica = replicas[index]!
      for (const edit of edits) {
        if (edit.kind === 'set') replica.setField(edit.task, edit.field, edit.value)
        else replica.addNote(edit.task, edit.text)
      }
    })
    const order = shuffle(random, replicas.slice(0, round.length))
    const deliveries = order.map((replica) => ({ replica, resend: false }))
    for (const replica of order) {
      if (random.next() >= (options.duplicateRate ?? 0.3)) continue
      const original = deliveries.findIndex((delivery) => delivery.replica === replica)
      deliveries.splice(random.int(original + 1, deliveries.length), 0, { replica, resend: true })
      stats.duplicates++
    }
    for (const { replica, resend } of deliveries) await (resend ? replica.resendLast(pick()) : replica.sync(pick()))
    stats.deliveries += deliveries.length
    for (const replica of shuffle(random, replicas.slice(0, round.length))) await replica.sync(pick())
  }
  return stats
}

export function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}
