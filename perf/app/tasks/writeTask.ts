import type { Pool } from 'pg'
import type { TaskPriority, TaskStatus } from '../seed/taskDataset.ts'
import { TASK_COLUMNS, taskOf } from './taskRow.ts'
import type { Task, TaskRow } from './taskRow.ts'

export interface TaskFields {
  title?: string
  notes?: string
  status?: TaskStatus
  priority?: TaskPriority
  assigneeId?: number | null
  dueAt?: string | null
}

/** A request that names a patient or assignee the caller's organization does not have. */
export class UnknownReferenceError extends Error {
  readonly code = 'CLINIC_UNKNOWN_REFERENCE'
}

const COLUMN_OF: Record<keyof TaskFields, string> = {
  title: 'title', notes: 'notes', status: 'status', priority: 'priority', assigneeId: 'assignee_id', dueAt: 'due_at',
}

export async function createTask(
  pool: Pool,
  organizationId: number,
  fields: TaskFields & { patientId: number },
): Promise<Task> {
  await assertReferences(pool, organizationId, fields.patientId, fields.assigneeId)
  const created = await pool.query<TaskRow>(
    `WITH t AS (
       INSERT INTO tasks (organization_id, patient_id, assignee_id, title, notes, status, priority, due_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now()) RETURNING *
     )
     SELECT ${TASK_COLUMNS} FROM t JOIN patients p ON p.id = t.patient_id`,
    [
      organizationId, fields.patientId, fields.assigneeId ?? null, fields.title, fields.notes ?? '',
      fields.status ?? 'todo', fields.priority ?? 'normal', fields.dueAt ?? null,
    ],
  )
  return taskOf(created.rows[0]!)
}

/** Updates the given fields; undefined when the organization has no such task. */
export async function updateTask(
  pool: Pool,
  organizationId: number,
  id: number,
  fields: TaskFields,
): Promise<Task | undefined> {
  await assertReferences(pool, organizationId, undefined, fields.assigneeId)
  const values: unknown[] = [id, organizationId]
  const sets = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => {
      values.push(value)
      return `${COLUMN_OF[field as keyof TaskFields]} = $${values.length}`
    })
  const updated = await pool.query<TaskRow>(
    `WITH t AS (
       UPDATE tasks SET ${[...sets, 'updated_at = now()'].join(', ')}
        WHERE id = $1 AND organization_id = $2 RETURNING *
     )
     SELECT ${TASK_COLUMNS} FROM t JOIN patients p ON p.id = t.patient_id`,
    values,
  )
  const row = updated.rows[0]
  return row ? taskOf(row) : undefined
}

async function assertReferences(
  pool: Pool,
  organizationId: number,
  patientId: number | undefined,
  assigneeId: number | null | undefined,
): Promise<void> {
  if (patientId === undefined && (assigneeId === undefined || assigneeId === null)) return
  const found = await pool.query<{ patient: boolean; assignee: boolean }>(
    `SELECT ($2::int IS NULL OR EXISTS (SELECT 1 FROM patients WHERE id = $2 AND organization_id = $1)) AS patient,
            ($3::int IS NULL OR EXISTS (SELECT 1 FROM practitioners WHERE id = $3 AND organization_id = $1)) AS assignee`,
    [organizationId, patientId ?? null, assigneeId ?? null],
  )
  const { patient, assignee } = found.rows[0]!
  if (!patient) throw new UnknownReferenceError(`patient ${patientId} is not a patient of your organization`)
  if (!assignee) throw new UnknownReferenceError(`assignee ${assigneeId} is not a practitioner of your organization`)
}
