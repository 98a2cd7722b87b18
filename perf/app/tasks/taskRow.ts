import type { TaskPriority, TaskStatus } from '../seed/taskDataset.ts'

export const TASK_COLUMNS = `t.id, t.patient_id, p.full_name AS patient_name, t.assignee_id, t.title, t.notes,
  t.status, t.priority, t.due_at, t.created_at, t.updated_at`

export interface TaskRow {
  id: number
  patient_id: number
  patient_name: string
  assignee_id: number | null
  title: string
  notes: string
  status: TaskStatus
  priority: TaskPriority
  due_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface Task {
  id: number
  patientId: number
  patientName: string
  assigneeId: number | null
  title: string
  notes: string
  status: TaskStatus
  priority: TaskPriority
  dueAt: string | null
  createdAt: string
  updatedAt: string
}

export function taskOf(row: TaskRow): Task {
  return {
    id: row.id,
    patientId: row.patient_id,
    patientName: row.patient_name,
    assigneeId: row.assignee_id,
    title: row.title,
    notes: row.notes,
    status: row.status,
    priority: row.priority,
    dueAt: row.due_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
