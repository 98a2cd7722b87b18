import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Pool } from 'pg'
import { practitionerOf } from '../server/authenticate.ts'
import { listTasks } from './listTasks.ts'
import type { TaskFilter } from './listTasks.ts'
import { TASK_COLUMNS, taskOf } from './taskRow.ts'
import type { TaskRow } from './taskRow.ts'
import { createTaskBody, listTasksQuery, patchTaskBody, taskIdParams } from './taskSchemas.ts'
import { createTask, UnknownReferenceError, updateTask } from './writeTask.ts'
import type { TaskFields } from './writeTask.ts'

/**
 * POST /tasks, GET /tasks/:id, PATCH /tasks/:id, GET /tasks (filters, full-text `q`, pagination)
 * and GET /analytics/tasks-by-status — all scoped to the caller's organization.
 */
export function taskRoutes(app: FastifyInstance, pool: Pool): void {
  app.post<{ Body: TaskFields & { patientId: number; title: string } }>(
    '/tasks',
    { schema: { body: createTaskBody } },
    async (request, reply) => {
      const task = await unprocessableOnUnknown(reply, () => createTask(pool, practitionerOf(request).organizationId, request.body))
      return task && reply.code(201).send(task)
    },
  )

  app.get<{ Params: { id: number } }>('/tasks/:id', { schema: { params: taskIdParams } }, async (request, reply) => {
    const found = await pool.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM tasks t JOIN patients p ON p.id = t.patient_id WHERE t.id = $1 AND t.organization_id = $2`,
      [request.params.id, practitionerOf(request).organizationId],
    )
    const row = found.rows[0]
    return row ? taskOf(row) : taskNotFound(reply, request.params.id)
  })

  app.patch<{ Params: { id: number }; Body: TaskFields }>(
    '/tasks/:id',
    { schema: { params: taskIdParams, body: patchTaskBody } },
    async (request, reply) => {
      const { organizationId } = practitionerOf(request)
      const outcome = await unprocessableOnUnknown(reply, async () => ({
        task: await updateTask(pool, organizationId, request.params.id, request.body),
      }))
      if (!outcome) return reply
      return outcome.task ?? taskNotFound(reply, request.params.id)
    },
  )

  app.get<{ Querystring: TaskFilter }>('/tasks', { schema: { querystring: listTasksQuery } }, async (request) =>
    listTasks(pool, practitionerOf(request).organizationId, request.query),
  )

  app.get('/analytics/tasks-by-status', async (request) => {
    const { organizationId } = practitionerOf(request)
    const counted = await pool.query<{ status: string; count: number; overdue: number; urgent: number }>(
      `SELECT status, count(*)::int AS count,
              count(*) FILTER (WHERE due_at < now() AND status NOT IN ('done', 'cancelled'))::int AS overdue,
              count(*) FILTER (WHERE priority = 'urgent')::int AS urgent
         FROM tasks WHERE organization_id = $1 GROUP BY status ORDER BY status`,
      [organizationId],
    )
    return {
      organizationId,
      total: counted.rows.reduce((sum, row) => sum + row.count, 0),
      byStatus: counted.rows,
    }
  })
}

async function unprocessableOnUnknown<T>(reply: FastifyReply, write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write()
  } catch (error) {
    if (!(error instanceof UnknownReferenceError)) throw error
    await reply.code(422).send({ statusCode: 422, error: 'Unprocessable Entity', message: error.message })
    return undefined
  }
}

function taskNotFound(reply: FastifyReply, id: number): FastifyReply {
  return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `task ${id} not found` })
}
