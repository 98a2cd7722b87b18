import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mulberry32 } from '../seed/prng.ts'
import { CERNER_PROFILE, EPIC_PROFILE, validateProfile } from './emrProfile.ts'
import type { EmrProfile, EmrSystem } from './emrProfile.ts'

export interface FakeEmrOptions {
  epic?: Partial<EmrProfile>
  cerner?: Partial<EmrProfile>
  /** Seeds the latency and failure draws. @default 7 */
  seed?: number
}

export interface StartedFakeEmr {
  url: string
  /** Patient lookups answered so far (successes and failures), per system. */
  calls(): Record<EmrSystem, number>
  /** Changes a system's behaviour while running (e.g. make it fail to open the circuit). */
  setProfile(system: EmrSystem, profile: Partial<EmrProfile>): void
  close(): Promise<void>
}

/**
 * An in-process stand-in for external EMRs, over real HTTP on loopback:
 * `GET /{epic|cerner}/patients/{emrPatientId}` answers after a lognormal delay, or fails with 503.
 */
export async function startFakeEmr(options: FakeEmrOptions = {}): Promise<StartedFakeEmr> {
  const profiles: Record<EmrSystem, EmrProfile> = {
    epic: validateProfile('epic', { ...EPIC_PROFILE, ...options.epic }),
    cerner: validateProfile('cerner', { ...CERNER_PROFILE, ...options.cerner }),
  }
  const calls: Record<EmrSystem, number> = { epic: 0, cerner: 0 }
  const random = mulberry32(options.seed ?? 7)
  const pending = new Set<NodeJS.Timeout>()

  const server = createServer((request, response) => {
    const match = /^\/(epic|cerner)\/patients\/([\w-]+)$/.exec(request.url ?? '')
    if (request.method !== 'GET' || !match) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
      return
    }
    const system = match[1] as EmrSystem
    const emrPatientId = match[2] as string
    const profile = profiles[system]
    calls[system]++
    const delayMs = Math.min(profile.maxMs, random.lognormal(profile.medianMs, profile.sigma))
    const fails = random.next() < profile.failureRate
    const timer = setTimeout(() => {
      pending.delete(timer)
      if (fails) {
        response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"EMR unavailable"}')
        return
      }
      const body = { system, emrPatientId, active: true, coverage: 'verified', checkedAt: new Date().toISOString() }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }, delayMs)
    pending.add(timer)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => ({ ...calls }),
    setProfile(system, profile) {
      profiles[system] = validateProfile(system, { ...profiles[system], ...profile })
    },
    async close() {
      for (const timer of pending) clearTimeout(timer)
      pending.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
}
