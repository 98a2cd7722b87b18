import type { FastifyInstance, FastifyReply } from 'fastify'
import { practitionerOf } from '../server/authenticate.ts'
import { applyUnits } from './applyUnits.ts'
import type { ReservationDb } from './reservationDb.ts'
import type { ReserveStrategy } from './reserveStrategy.ts'
import type { RetryPolicy } from './serializableRetry.ts'
import { countersOf } from './unitsOutcome.ts'
import type { CounterRow, UnitsKind, UnitsOutcome } from './unitsOutcome.ts'

const MAX_UNITS_PER_REQUEST = 10_000
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
} as const
const unitsBody = {
  type: 'object',
  required: ['units'],
  additionalProperties: false,
  properties: { units: { type: 'integer', minimum: 1, maximum: MAX_UNITS_PER_REQUEST } },
} as const

/**
 * GET /authorizations/:id and POST /authorizations/:id/{reserve,release,consume} {units}.
 * 200 with the counters; 409 when the units do not fit; 404 for another organization's
 * authorization; 503 when serialization retries ran out. Every change answers `x-retries`.
 */
export function authorizationRoutes(
  app: FastifyInstance,
  db: ReservationDb,
  reserve: ReserveStrategy,
  retry: RetryPolicy,
): void {
  app.get<{ Params: { id: number } }>('/authorizations/:id', { schema: { params: idParams } }, async (request, reply) => {
    const { organizationId } = practitionerOf(request)
    const found = await db.pool.query<CounterRow>(
      'SELECT id, total_units, used_units, scheduled_units FROM authorizations WHERE id = $1 AND organization_id = $2',
      [request.params.id, organizationId],
    )
    const row = found.rows[0]
    return row ? countersOf(row) : notFound(reply, request.params.id)
  })

  const route = (kind: UnitsKind, run: (request: Parameters<ReserveStrategy['reserve']>[1]) => Promise<UnitsOutcome>) =>
    app.post<{ Params: { id: number }; Body: { units: number } }>(
      `/authorizations/:id/${kind}`,
      { schema: { params: idParams, body: unitsBody } },
      async (request, reply) => {
        const { practitionerId, organizationId } = practitionerOf(request)
        const outcome = await run({ authorizationId: request.params.id, organizationId, practitionerId, units: request.body.units })
        void reply.header('x-retries', String(outcome.retries))
        switch (outcome.kind) {
          case 'applied':
            return outcome.counters
          case 'insufficient':
            return reply.code(409).send({
              statusCode: 409,
              error: 'Conflict',
              message: `insufficient units: ${kind} ${request.body.units} with ${kind === 'reserve' ? outcome.counters.availableUnits + ' available' : outcome.counters.scheduledUnits + ' scheduled'}`,
              authorization: outcome.counters,
            })
          case 'not-found':
            return notFound(reply, request.params.id)
          case 'retries-exhausted':
            return reply.code(503).header('retry-after', '1').send({
              statusCode: 503,
              error: 'Service Unavailable',
              message: `gave up after ${outcome.retries} serialization retries; retry the request`,
            })
        }
      },
    )

  route('reserve', (request) => reserve.reserve(db, request))
  route('release', (request) => applyUnits(db, 'release', request, retry))
  route('consume', (request) => applyUnits(db, 'consume', request, retry))
}

function notFound(reply: FastifyReply, id: number): FastifyReply {
  return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `authorization ${id} not found` })
}
