import { PerfgateError } from '../../../src/errors/index.ts'
import type { ClinicSeed } from '../seed/clinicSeed.ts'

/** Replaces every practitioner token with one the target issues via POST /auth/login. */
export async function loginAll(baseUrl: string, clinic: ClinicSeed, password: string): Promise<ClinicSeed> {
  const practitioners = await Promise.all(
    clinic.practitioners.map(async (practitioner) => {
      let response: Response
      try {
        response = await fetch(`${baseUrl}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ practitionerId: practitioner.id, password }),
          signal: AbortSignal.timeout(10_000),
        })
      } catch (error) {
        throw new PerfgateError('PERFGATE_ERR_TARGET_UNREACHABLE', `cannot reach ${baseUrl}/auth/login; is PERFGATE_BASE_URL right?`, { cause: error })
      }
      if (response.status !== 200) {
        await response.body?.cancel()
        throw new PerfgateError(
          'PERFGATE_ERR_INVALID_OPTION',
          `${baseUrl}/auth/login refused practitioner ${practitioner.id} (HTTP ${response.status}); ` +
            'set PERFGATE_CLINIC_PASSWORD, or PERFGATE_JWT_SECRET to sign tokens locally, and check PERFGATE_CLINIC_SEED',
        )
      }
      const { token } = (await response.json()) as { token: string }
      return { ...practitioner, token }
    }),
  )
  return { ...clinic, practitioners }
}
