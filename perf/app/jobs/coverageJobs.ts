import type { EmrPatientRef, EmrVerifier } from '../emr/emrVerifier.ts'
import type { JobHandler } from './redisJobQueue.ts'

/** The clinic's background job: re-verify a patient's coverage with their EMR (through the Redis cache). */
export const VERIFY_COVERAGE = 'verify-coverage'

/** The queue handler for the clinic's jobs; an unknown type is a failure, never silently dropped. */
export function clinicJobHandler(verifier: EmrVerifier): JobHandler {
  return async (job) => {
    if (job.type !== VERIFY_COVERAGE) throw new Error(`unknown job type ${job.type}`)
    await verifier.verify(job.payload as EmrPatientRef)
  }
}
