import type { FieldWrite } from './conflicts.ts'
import { StructIndex } from './structIndex.ts'

/** Operations `[from, to)` of `client` that reached the server in one sync, with the sender's state vector. */
export interface Receipt {
  client: number
  from: number
  to: number
  seen: ReadonlyMap<number, number>
}

/** The task model's register fields: concurrent writes to them are conflicts (one value is lost). */
export const REGISTER_FIELDS: readonly string[] = ['status', 'assignee']
/** The root map of the task model: task id → Y.Map { status, assignee, notes: Y.Text }. */
export const TASKS_ROOT = 'tasks'

/**
 * The server's view of the register writes in a document: every operation received (first receipt
 * wins, so re-delivered updates count once) that the stored state places at `tasks.<id>.<field>`.
 */
export function resolveFieldWrites(state: Uint8Array, receipts: Iterable<Receipt>, fields = REGISTER_FIELDS): FieldWrite[] {
  const index = new StructIndex(state)
  const claimed = new Set<string>()
  const writes: FieldWrite[] = []
  for (const receipt of receipts) {
    for (let clock = receipt.from; clock < receipt.to; clock++) {
      const key = `${receipt.client}:${clock}`
      if (claimed.has(key)) continue
      claimed.add(key)
      const field = fieldOf(index, receipt.client, clock, fields)
      if (field !== undefined) writes.push({ client: receipt.client, clock, field, seen: receipt.seen })
    }
  }
  return writes
}

function fieldOf(index: StructIndex, client: number, clock: number, fields: readonly string[]): string | undefined {
  const item = index.find(client, clock)
  const placement = item && index.placement(item)
  if (!placement || typeof placement.parent === 'string' || placement.parentSub === null) return undefined
  if (!fields.includes(placement.parentSub)) return undefined
  const taskItem = index.find(placement.parent.client, placement.parent.clock)
  const task = taskItem && index.placement(taskItem)
  if (!task || task.parent !== TASKS_ROOT || task.parentSub === null) return undefined
  return `${task.parentSub}.${placement.parentSub}`
}
