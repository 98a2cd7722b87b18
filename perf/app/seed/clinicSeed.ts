import { AUTHORIZATION_CLASSES, clinicDataset, SERVICE_CODES } from './clinicDataset.ts'
import type { ClinicDataset } from './clinicDataset.ts'
import { mulberry32 } from './prng.ts'
import { signPractitionerToken, TEST_JWT_SECRET } from './tokens.ts'
import type { PractitionerRole } from './tokens.ts'

export const DEFAULT_SEED = 42
export const DEFAULT_TASK_COUNT = 10_000

export interface SeededPractitioner {
  id: number
  organizationId: number
  role: PractitionerRole
  /** A Bearer token for this practitioner, signed with the clinic's secret. Never log it. */
  token: string
}

export interface SeededAuthorization {
  id: number
  organizationId: number
  patientId: number
  serviceCode: string
  totalUnits: number
}

/** What the perf specs need to know about a seeded clinic: ids, classes and tokens. Plain data. */
export interface ClinicSeed {
  seed: number
  organizationIds: number[]
  serviceCodes: string[]
  patients: { id: number; organizationId: number; emrSystem: 'epic' | 'cerner' }[]
  practitioners: SeededPractitioner[]
  authorizations: SeededAuthorization[]
  /** Authorization ids by total units: 10 × 50, 20 × 200, 25 × 1,000. */
  authorizationIdsByTotal: { units50: number[]; units200: number[]; units1000: number[] }
  taskCount: number
}

export interface ClinicSeedOptions {
  /** @default 42 */
  seed?: number
  /** Secret the returned practitioner tokens are signed with. @default TEST_JWT_SECRET */
  jwtSecret?: string
  /** @default 10_000 */
  tasks?: number
}

/** The PRNG stream of each part of the data set, so changing one part never shifts another. */
export function streamSeed(seed: number, stream: 'clinic' | 'tasks' | 'salts'): number {
  const offsets = { clinic: 0, tasks: 0x9e3779b9, salts: 0x85ebca6b }
  return (seed ^ offsets[stream]) >>> 0
}

export function datasetFor(seed: number): ClinicDataset {
  return clinicDataset(mulberry32(streamSeed(seed, 'clinic')))
}

/**
 * Describes the clinic that `seedClinic` creates for a seed, without touching a database — for
 * specs that run against a clinic seeded elsewhere (an external base URL).
 *
 * @example
 * const clinic = await describeClinic({ seed: 42 })
 * clinic.authorizationIdsByTotal.units50 // [1, …, 10]
 */
export async function describeClinic(options: ClinicSeedOptions = {}): Promise<ClinicSeed> {
  const { seed = DEFAULT_SEED, jwtSecret = TEST_JWT_SECRET, tasks = DEFAULT_TASK_COUNT } = options
  const data = datasetFor(seed)
  const practitioners = await Promise.all(
    data.practitioners.map(async ({ id, organizationId, role }) => ({
      id,
      organizationId,
      role,
      token: await signPractitionerToken({ practitionerId: id, organizationId, role }, { secret: jwtSecret }),
    })),
  )
  const idsWithTotal = (total: number): number[] =>
    data.authorizations.filter((row) => row.totalUnits === total).map((row) => row.id)
  const [small, medium, large] = AUTHORIZATION_CLASSES.map((cls) => idsWithTotal(cls.totalUnits))
  return {
    seed,
    organizationIds: data.organizations.map((organization) => organization.id),
    serviceCodes: SERVICE_CODES.map((service) => service.code),
    patients: data.patients.map(({ id, organizationId, emrSystem }) => ({ id, organizationId, emrSystem })),
    practitioners,
    authorizations: data.authorizations.map(({ id, organizationId, patientId, serviceCode, totalUnits }) => ({
      id, organizationId, patientId, serviceCode, totalUnits,
    })),
    authorizationIdsByTotal: { units50: small ?? [], units200: medium ?? [], units1000: large ?? [] },
    taskCount: tasks,
  }
}

/** A token of a practitioner in the given organization (the first one seeded there). */
export function tokenForOrganization(clinic: ClinicSeed, organizationId: number): string {
  const practitioner = clinic.practitioners.find((candidate) => candidate.organizationId === organizationId)
  if (!practitioner) throw new RangeError(`the seeded clinic has no practitioner in organization ${organizationId}`)
  return practitioner.token
}
