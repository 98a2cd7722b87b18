import type { FastifyInstance } from 'fastify'
import type { Pool } from 'pg'
import { verifyPassword } from '../seed/password.ts'
import { signPractitionerToken } from '../seed/tokens.ts'
import type { PractitionerRole } from '../seed/tokens.ts'

const TOKEN_LIFETIME = '12h'

/** POST /auth/login {practitionerId, password} → {token, expiresIn, practitioner}; 401 on bad credentials. */
export function loginRoute(app: FastifyInstance, pool: Pool, secret: string): void {
  app.post<{ Body: { practitionerId: number; password: string } }>(
    '/auth/login',
    {
      schema: {
        body: {
          type: 'object',
          required: ['practitionerId', 'password'],
          additionalProperties: false,
          properties: {
            practitionerId: { type: 'integer', minimum: 1 },
            password: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
      },
    },
    async (request, reply) => {
      const { practitionerId, password } = request.body
      const found = await pool.query<{ organization_id: number; role: PractitionerRole; password_hash: string }>(
        'SELECT organization_id, role, password_hash FROM practitioners WHERE id = $1',
        [practitionerId],
      )
      const row = found.rows[0]
      if (!row || !(await verifyPassword(password, row.password_hash))) {
        return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'unknown practitioner or wrong password' })
      }
      const claims = { practitionerId, organizationId: row.organization_id, role: row.role }
      const token = await signPractitionerToken(claims, { secret, expiresIn: TOKEN_LIFETIME })
      return { token, expiresIn: TOKEN_LIFETIME, practitioner: claims }
    },
  )
}
