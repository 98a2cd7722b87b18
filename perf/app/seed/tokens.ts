import { SignJWT, jwtVerify } from 'jose'

/**
 * The HS256 secret the seeded practitioner tokens are signed with. A test fixture, public on
 * purpose: never deploy the clinic with it.
 */
export const TEST_JWT_SECRET = 'perfgate-clinic-test-secret-not-for-production-use'

/** The password every seeded practitioner logs in with (POST /auth/login). */
export const TEST_PASSWORD = 'perfgate-clinic-test-password'

export const TOKEN_ISSUER = 'perfgate-clinic'

export type PractitionerRole = 'bcba' | 'rbt' | 'admin'

/** What a practitioner token asserts. `sub` is the practitioner id as a string, as JWT requires. */
export interface PractitionerClaims {
  practitionerId: number
  organizationId: number
  role: PractitionerRole
}

const encoder = new TextEncoder()

/**
 * Signs a practitioner token (HS256; claims `sub`, `org`, `role`).
 *
 * @example
 * const token = await signPractitionerToken({ practitionerId: 1, organizationId: 1, role: 'bcba' })
 */
export async function signPractitionerToken(
  claims: PractitionerClaims,
  { secret = TEST_JWT_SECRET, expiresIn = '12h' }: { secret?: string; expiresIn?: string } = {},
): Promise<string> {
  return new SignJWT({ org: claims.organizationId, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(claims.practitionerId))
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(encoder.encode(secret))
}

/** Verifies a token and returns its claims; throws (jose's errors) when it is not valid. */
export async function verifyPractitionerToken(token: string, secret: string): Promise<PractitionerClaims> {
  const { payload } = await jwtVerify(token, encoder.encode(secret), {
    algorithms: ['HS256'],
    issuer: TOKEN_ISSUER,
  })
  const practitionerId = Number(payload.sub)
  const organizationId = payload['org']
  const role = payload['role']
  if (!Number.isInteger(practitionerId) || typeof organizationId !== 'number' || !isRole(role)) {
    throw new Error('token claims sub, org and role are missing or malformed')
  }
  return { practitionerId, organizationId, role }
}

function isRole(value: unknown): value is PractitionerRole {
  return value === 'bcba' || value === 'rbt' || value === 'admin'
}
