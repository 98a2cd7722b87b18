import type { FastifyReply, FastifyRequest } from 'fastify'
import { verifyPractitionerToken } from '../seed/tokens.ts'
import type { PractitionerClaims } from '../seed/tokens.ts'

const practitioners = new WeakMap<FastifyRequest, PractitionerClaims>()

/** An onRequest hook: a valid Bearer practitioner token, or 401. The token is never logged or echoed. */
export function authenticate(secret: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined
    if (!token) {
      await unauthorized(reply, 'missing Bearer token: send Authorization: Bearer <practitioner JWT>')
      return
    }
    try {
      practitioners.set(request, await verifyPractitionerToken(token, secret))
    } catch {
      await unauthorized(reply, 'invalid or expired token')
    }
  }
}

/** The practitioner `authenticate` verified for this request. */
export function practitionerOf(request: FastifyRequest): PractitionerClaims {
  const claims = practitioners.get(request)
  if (!claims) throw new Error('route is missing the authenticate hook')
  return claims
}

async function unauthorized(reply: FastifyReply, message: string): Promise<void> {
  await reply.code(401).header('www-authenticate', 'Bearer').send({ statusCode: 401, error: 'Unauthorized', message })
}
