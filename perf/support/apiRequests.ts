import type { RequestFn, RequestSpec } from 'perfgate'
import { mulberry32, TASK_PRIORITIES, TASK_STATUSES, TEST_PASSWORD } from '../app/index.ts'
import type { ApiTarget } from './apiTarget.ts'

const SEARCHES = ['assessment', 'insurance eligibility', '"parent training"', 'telehealth -connectivity', 'reinforcement schedule', 'consent'] as const

/** The clinic's endpoints as request functions for load(): seeded, spread over the organizations. */
export interface ApiRequests {
  readTask: RequestFn
  listTasks: RequestFn
  createTask: RequestFn
  patchTask: RequestFn
  verifyEmr: RequestFn
  search: RequestFn
  analytics: RequestFn
  /** Reads of one authorization, the "high-frequency operation" many screens poll. */
  hotRead: RequestFn
  login: RequestFn
}

/**
 * Precomputes `size` requests per endpoint from a seeded PRNG (so every run sends the same ones)
 * and cycles through them. Tokens and task ids match each request's organization.
 */
export function apiRequests(target: ApiTarget, taskIds: ReadonlyMap<number, readonly number[]>, { seed = 1, size = 512 } = {}): ApiRequests {
  const { clinic } = target
  const random = mulberry32(seed)
  const members = clinic.organizationIds.map((organizationId) => ({
    organizationId,
    token: clinic.practitioners.find((p) => p.organizationId === organizationId)!.token,
    practitioners: clinic.practitioners.filter((p) => p.organizationId === organizationId),
    patients: clinic.patients.filter((p) => p.organizationId === organizationId),
    tasks: taskIds.get(organizationId) ?? [],
  }))
  const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })
  const cycle = (make: () => RequestSpec): RequestFn => {
    const specs = Array.from({ length: size }, make)
    return ({ iteration }) => specs[iteration % specs.length]!
  }
  const member = () => random.pick(members)
  const hotId = clinic.authorizationIdsByTotal.units50[0]!
  const hotOrganization = clinic.authorizations.find((a) => a.id === hotId)!.organizationId
  const password = process.env['PERFGATE_CLINIC_PASSWORD'] ?? TEST_PASSWORD
  return {
    readTask: cycle(() => {
      const m = member()
      return { path: `/tasks/${random.pick(m.tasks)}`, headers: auth(m.token) }
    }),
    listTasks: cycle(() => {
      const m = member()
      return { path: `/tasks?status=${random.pick(TASK_STATUSES)}&priority=${random.pick(TASK_PRIORITIES)}&limit=50`, headers: auth(m.token) }
    }),
    createTask: cycle(() => {
      const m = member()
      const body = { patientId: random.pick(m.patients).id, title: `Follow up on session notes ${random.int(1, 9999)}`, priority: random.pick(TASK_PRIORITIES) }
      return { method: 'POST', path: '/tasks', headers: auth(m.token), body }
    }),
    patchTask: cycle(() => {
      const m = member()
      return { method: 'PATCH', path: `/tasks/${random.pick(m.tasks)}`, headers: auth(m.token), body: { status: random.pick(TASK_STATUSES), assigneeId: random.pick(m.practitioners).id } }
    }),
    verifyEmr: cycle(() => {
      const m = member()
      return { method: 'POST', path: `/tasks/${random.pick(m.tasks)}/verify-emr`, headers: auth(m.token) }
    }),
    search: cycle(() => {
      const m = member()
      return { path: `/tasks?q=${encodeURIComponent(random.pick(SEARCHES))}&limit=20`, headers: auth(m.token) }
    }),
    analytics: cycle(() => ({ path: '/analytics/tasks-by-status', headers: auth(member().token) })),
    hotRead: cycle(() => ({ path: `/authorizations/${hotId}`, headers: auth(members.find((m) => m.organizationId === hotOrganization)!.token) })),
    login: cycle(() => ({ method: 'POST', path: '/auth/login', body: { practitionerId: random.pick(clinic.practitioners).id, password } })),
  }
}
