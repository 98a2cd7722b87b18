import type { Pool } from 'pg'
import type { TaskPriority, TaskStatus } from '../seed/taskDataset.ts'
import { TASK_COLUMNS, taskOf } from './taskRow.ts'
import type { Task, TaskRow } from './taskRow.ts'

export interface TaskFilter {
  status?: TaskStatus
  priority?: TaskPriority
  assignee?: number
  patient?: number
  /** Full-text search over title and notes (web search syntax: words, "phrases", -not). */
  q?: string
  limit: number
  offset: number
}

export interface TaskPage {
  items: Task[]
  limit: number
  offset: number
  /** The offset of the next page, or null on the last one. */
  nextOffset: number | null
}

/**
 * One organization's tasks, filtered; soonest due first, or best match first when searching.
 * Only the filters given become predicates, so each combination gets its own index-friendly plan.
 */
export async function listTasks(pool: Pool, organizationId: number, filter: TaskFilter): Promise<TaskPage> {
  const values: unknown[] = [organizationId]
  const where = ['t.organization_id = $1']
  const add = (predicate: (param: string) => string, value: unknown): void => {
    values.push(value)
    where.push(predicate(`$${values.length}`))
  }
  if (filter.status) add((p) => `t.status = ${p}`, filter.status)
  if (filter.priority) add((p) => `t.priority = ${p}`, filter.priority)
  if (filter.assignee) add((p) => `t.assignee_id = ${p}`, filter.assignee)
  if (filter.patient) add((p) => `t.patient_id = ${p}`, filter.patient)
  let order = 't.due_at, t.id'
  if (filter.q) {
    add((p) => `t.search @@ websearch_to_tsquery('english', ${p})`, filter.q)
    order = `ts_rank(t.search, websearch_to_tsquery('english', $${values.length})) DESC, t.id`
  }
  values.push(filter.limit + 1, filter.offset)
  const found = await pool.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM tasks t JOIN patients p ON p.id = t.patient_id
      WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  )
  const more = found.rows.length > filter.limit
  return {
    items: found.rows.slice(0, filter.limit).map(taskOf),
    limit: filter.limit,
    offset: filter.offset,
    nextOffset: more ? filter.offset + filter.limit : null,
  }
}
