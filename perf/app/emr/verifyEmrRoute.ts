import type { FastifyInstance } from 'fastify'
import type { Pool } from 'pg'
import { practitionerOf } from '../server/authenticate.ts'
import { taskIdParams } from '../tasks/taskSchemas.ts'
import { CircuitOpenError } from './circuitBreaker.ts'
import type { EmrSystem } from './emrProfile.ts'
import { EmrUnavailableError } from './emrVerifier.ts'
import type { EmrVerifier } from './emrVerifier.ts'

/**
 * POST /tasks/:id/verify-emr: verifies the task's patient with its EMR (cached, single-flight,
 * behind a circuit breaker). 502 when the EMR fails or times out, 503 while its circuit is open.
 */
export function verifyEmrRoute(app: FastifyInstance, pool: Pool, verifier: EmrVerifier): void {
  app.post<{ Params: { id: number } }>('/tasks/:id/verify-emr', { schema: { params: taskIdParams } }, async (request, reply) => {
    const found = await pool.query<{ patient_id: number; emr_system: EmrSystem; emr_patient_id: string }>(
      `SELECT t.patient_id, p.emr_system, p.emr_patient_id
         FROM tasks t JOIN patients p ON p.id = t.patient_id WHERE t.id = $1 AND t.organization_id = $2`,
      [request.params.id, practitionerOf(request).organizationId],
    )
    const patient = found.rows[0]
    if (!patient) {
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `task ${request.params.id} not found` })
    }
    try {
      const { verification, source } = await verifier.verify({ emrSystem: patient.emr_system, emrPatientId: patient.emr_patient_id })
      void reply.header('x-emr-source', source)
      return { taskId: request.params.id, patientId: patient.patient_id, emrSystem: patient.emr_system, source, verification }
    } catch (error) {
      if (error instanceof CircuitOpenError) {
        return reply
          .code(503)
          .header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))))
          .send({ statusCode: 503, error: 'Service Unavailable', message: error.message })
      }
      if (error instanceof EmrUnavailableError) {
        return reply.code(502).send({ statusCode: 502, error: 'Bad Gateway', message: error.message })
      }
      throw error
    }
  })
}
