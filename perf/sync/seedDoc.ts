import { SyncDevice } from '../app/sync/index.ts'
import { ASSIGNEES, STATUSES } from './workload.ts'

/** The seeder's initial register writes: a status and an assignee per task. */
export const SETUP_WRITES_PER_TASK = 2

/** Creates every task with a status and an assignee, as one device would before the others join. */
export function seedTasks(seeder: SyncDevice, tasks: readonly string[]): void {
  tasks.forEach((task, i) => {
    seeder.setField(task, 'status', STATUSES[i % STATUSES.length]!)
    seeder.setField(task, 'assignee', ASSIGNEES[i % ASSIGNEES.length]!)
  })
}

/**
 * A seeder creates the tasks and syncs them through the first instance; then `count` devices join,
 * alternately through each instance, so every device starts from the seeded document.
 */
export async function joinDevices(docId: string, tasks: readonly string[], count: number, [a, b]: readonly [string, string]): Promise<{ seeder: SyncDevice; devices: SyncDevice[] }> {
  const seeder = new SyncDevice('seeder', docId)
  seedTasks(seeder, tasks)
  await seeder.sync(a)
  const devices = Array.from({ length: count }, (_, i) => new SyncDevice(`d${i}`, docId))
  for (const [i, device] of devices.entries()) await device.sync(i % 2 ? b : a)
  return { seeder, devices }
}
