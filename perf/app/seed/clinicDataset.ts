import type { Random } from './prng.ts'
import type { PractitionerRole } from './tokens.ts'

export const SERVICE_CODES = [
  { code: '97151', description: 'Behavior identification assessment' },
  { code: '97153', description: 'Adaptive behavior treatment by protocol' },
  { code: '97155', description: 'Adaptive behavior treatment with protocol modification' },
  { code: '97156', description: 'Family adaptive behavior treatment guidance' },
  { code: '97157', description: 'Multiple-family group adaptive behavior treatment guidance' },
] as const

/** Authorization classes by total units, in id order: ids 1–10 hold 50, 11–30 hold 200, 31–55 hold 1,000. */
export const AUTHORIZATION_CLASSES = [
  { totalUnits: 50, count: 10 },
  { totalUnits: 200, count: 20 },
  { totalUnits: 1000, count: 25 },
] as const

const ORGANIZATION_NAMES = ['Northwind Behavioral Health', 'Riverside Therapy Group', 'Summit Autism Center']
const PATIENT_COUNT = 20
const PRACTITIONER_COUNT = 10
const FIRST_NAMES = ['Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Isla', 'Lucas', 'Nora', 'Owen', 'Ruby', 'Eli']
const LAST_NAMES = ['Garcia', 'Okafor', 'Nguyen', 'Smith', 'Haddad', 'Kowalski', 'Tanaka', 'Silva', 'Byrne', 'Patel']
const DAY_MS = 86_400_000

/** All seeded timestamps derive from this instant, never from the clock, so reseeding is identical. */
export const SEED_EPOCH = new Date('2025-06-01T00:00:00Z')

export interface OrganizationRow { id: number; name: string }
export interface PatientRow {
  id: number
  organizationId: number
  fullName: string
  dateOfBirth: string
  emrSystem: 'epic' | 'cerner'
  emrPatientId: string
}
export interface PractitionerRow { id: number; organizationId: number; fullName: string; role: PractitionerRole }
export interface AuthorizationRow {
  id: number
  organizationId: number
  patientId: number
  serviceCode: string
  totalUnits: number
  startsOn: string
  endsOn: string
}

export interface ClinicDataset {
  organizations: OrganizationRow[]
  patients: PatientRow[]
  practitioners: PractitionerRow[]
  authorizations: AuthorizationRow[]
}

/** The organizations, patients, practitioners and authorizations, as plain rows (no I/O). */
export function clinicDataset(random: Random): ClinicDataset {
  const organizations = ORGANIZATION_NAMES.map((name, index) => ({ id: index + 1, name }))
  const organizationOf = (index: number): number => (index % organizations.length) + 1
  const fullName = (): string => `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`

  const patients: PatientRow[] = Array.from({ length: PATIENT_COUNT }, (_, index) => {
    const emrSystem = random.next() < 0.6 ? 'epic' : 'cerner'
    return {
      id: index + 1,
      organizationId: organizationOf(index),
      fullName: fullName(),
      dateOfBirth: isoDate(Date.UTC(2010, 0, 1) + random.int(0, 11 * 365) * DAY_MS),
      emrSystem,
      emrPatientId: `${emrSystem === 'epic' ? 'E' : 'C'}${random.int(100_000, 999_999)}-${index + 1}`,
    }
  })

  const practitioners: PractitionerRow[] = Array.from({ length: PRACTITIONER_COUNT }, (_, index) => ({
    id: index + 1,
    organizationId: organizationOf(index),
    fullName: fullName(),
    role: index < organizations.length ? 'bcba' : index === PRACTITIONER_COUNT - 1 ? 'admin' : 'rbt',
  }))

  const authorizations: AuthorizationRow[] = []
  for (const { totalUnits, count } of AUTHORIZATION_CLASSES) {
    for (let i = 0; i < count; i++) {
      const patient = random.pick(patients)
      const startsAt = SEED_EPOCH.getTime() - random.int(0, 90) * DAY_MS
      authorizations.push({
        id: authorizations.length + 1,
        organizationId: patient.organizationId,
        patientId: patient.id,
        serviceCode: random.pick(SERVICE_CODES).code,
        totalUnits,
        startsOn: isoDate(startsAt),
        endsOn: isoDate(startsAt + 180 * DAY_MS),
      })
    }
  }
  return { organizations, patients, practitioners, authorizations }
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}
