import type { ServiceResources } from 'perfgate/fixtures'
import { clinicTarget } from '../app/index.ts'
import type { ClinicEmrOptions, ClinicSeed } from '../app/index.ts'
import { startClinicInfra } from './clinicInfra.ts'
import type { ClinicInfra } from './clinicInfra.ts'
import { startClinicProcess } from './clinicService.ts'
import type { ClinicService } from './clinicService.ts'

export interface ApiTarget extends AsyncDisposable {
  url: string
  mode: 'process' | 'external'
  clinic: ClinicSeed
  /** The clinic process (undefined for an external target): its server-side counters. */
  service: ClinicService | undefined
  /**
   * Runs `work` while sampling the clinic process's CPU and memory; `resources` is undefined for an
   * external target (PERFGATE_BASE_URL), whose process is not ours to watch.
   */
  during<T>(work: () => Promise<T>): Promise<{ result: T; resources: ServiceResources | undefined }>
  close(): Promise<void>
}

/**
 * The clinic the API specs load: with PERFGATE_BASE_URL set, that deployment (see clinicTarget);
 * otherwise a clinic process on fixtures-provided Postgres and Redis, seeded with 10,000 tasks.
 */
export async function startApiTarget({ emr }: { emr?: ClinicEmrOptions } = {}): Promise<ApiTarget> {
  if (process.env['PERFGATE_BASE_URL']) {
    const target = await clinicTarget()
    const during = async <T>(work: () => Promise<T>) => ({ result: await work(), resources: undefined })
    return { url: target.url, mode: 'external', clinic: target.clinic, service: undefined, during, close: target.close, [Symbol.asyncDispose]: target.close }
  }
  let infra: ClinicInfra | undefined
  let service: ClinicService | undefined
  const close = async (): Promise<void> => {
    await service?.close().catch(() => {})
    await infra?.close()
  }
  try {
    infra = await startClinicInfra()
    service = await startClinicProcess({ databaseUrl: infra.db.url, redisUrl: infra.cache.url, reserve: 'serializable', ...(emr ? { emr } : {}) })
    const svc = service.service
    return { url: service.url, mode: 'process', clinic: infra.clinic, service, during: (work) => svc.during(work), close, [Symbol.asyncDispose]: close }
  } catch (error) {
    await close()
    throw error
  }
}

/** Up to `perOrganization` task ids of each organization, read through the API (works against any target). */
export async function taskIdsByOrganization(target: ApiTarget, perOrganization = 200): Promise<Map<number, number[]>> {
  const ids = new Map<number, number[]>()
  for (const organizationId of target.clinic.organizationIds) {
    const token = target.clinic.practitioners.find((p) => p.organizationId === organizationId)!.token
    const response = await fetch(`${target.url}/tasks?limit=${perOrganization}`, { headers: { authorization: `Bearer ${token}` } })
    if (!response.ok) throw new Error(`GET /tasks for organization ${organizationId}: HTTP ${response.status}`)
    const page = (await response.json()) as { items: { id: number }[] }
    ids.set(organizationId, page.items.map((task) => task.id))
  }
  return ids
}
