import type { PatientRow, PractitionerRow } from './clinicDataset.ts'
import { SEED_EPOCH } from './clinicDataset.ts'
import type { Random } from './prng.ts'

export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]
export type TaskPriority = (typeof TASK_PRIORITIES)[number]

const STATUS_WEIGHTS: Record<TaskStatus, number> = { todo: 30, in_progress: 25, blocked: 5, done: 35, cancelled: 5 }
const PRIORITY_WEIGHTS: Record<TaskPriority, number> = { low: 20, normal: 50, high: 22, urgent: 8 }

const TITLES = [
  'Review treatment plan', 'Schedule parent training session', 'Verify insurance eligibility',
  'Update behavior intervention plan', 'Collect signed consent forms', 'Submit authorization renewal',
  'Complete quarterly progress report', 'Call family about missed session', 'Reassess skill acquisition goals',
  'Prepare functional behavior assessment', 'Supervise RBT session', 'Reconcile billed units',
]
const NOTE_SENTENCES = [
  'Family prefers afternoon appointments.', 'Payer requires prior authorization before the next session.',
  'Tantrum frequency decreased after the new reinforcement schedule.', 'Waiting on the school for observation notes.',
  'Eligibility check returned an inactive plan, follow up with the insurer.', 'Parent training covered prompting hierarchy.',
  'Telehealth session had connectivity problems.', 'Data sheets uploaded to the shared drive.',
  'Discuss generalization targets with the supervising BCBA.', 'Denied claim needs a corrected modifier.',
]
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/** The tasks as columns, ready for one `INSERT … SELECT FROM unnest(…)`. */
export interface TaskColumns {
  id: number[]
  organizationId: number[]
  patientId: number[]
  assigneeId: (number | null)[]
  title: string[]
  notes: string[]
  status: TaskStatus[]
  priority: TaskPriority[]
  dueAt: (string | null)[]
  createdAt: string[]
  updatedAt: string[]
}

export function taskColumns(
  random: Random,
  count: number,
  patients: readonly PatientRow[],
  practitioners: readonly PractitionerRow[],
): TaskColumns {
  const columns: TaskColumns = {
    id: [], organizationId: [], patientId: [], assigneeId: [], title: [], notes: [],
    status: [], priority: [], dueAt: [], createdAt: [], updatedAt: [],
  }
  const staffByOrganization = Map.groupBy(practitioners, (practitioner) => practitioner.organizationId)
  for (let index = 0; index < count; index++) {
    const patient = random.pick(patients)
    const staff = staffByOrganization.get(patient.organizationId) ?? []
    const createdAt = SEED_EPOCH.getTime() - random.int(0, 180 * 24) * HOUR_MS
    columns.id.push(index + 1)
    columns.organizationId.push(patient.organizationId)
    columns.patientId.push(patient.id)
    columns.assigneeId.push(staff.length > 0 && random.next() < 0.9 ? random.pick(staff).id : null)
    columns.title.push(`${random.pick(TITLES)} for ${patient.fullName}`)
    columns.notes.push(Array.from({ length: random.int(1, 3) }, () => random.pick(NOTE_SENTENCES)).join(' '))
    columns.status.push(weighted(random, STATUS_WEIGHTS))
    columns.priority.push(weighted(random, PRIORITY_WEIGHTS))
    columns.dueAt.push(random.next() < 0.9 ? new Date(createdAt + random.int(1, 30) * DAY_MS).toISOString() : null)
    columns.createdAt.push(new Date(createdAt).toISOString())
    columns.updatedAt.push(new Date(createdAt + random.int(0, 72) * HOUR_MS).toISOString())
  }
  return columns
}

function weighted<K extends string>(random: Random, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][]
  let roll = random.next() * entries.reduce((sum, [, weight]) => sum + weight, 0)
  for (const [key, weight] of entries) {
    roll -= weight
    if (roll < 0) return key
  }
  return entries[entries.length - 1]![0]
}
