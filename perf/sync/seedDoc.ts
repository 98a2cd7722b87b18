import type { SyncDevice } from '../app/sync/index.ts'
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
