// The container engine as the tests see it: is one expected (CI sets PERFGATE_REQUIRE_CONTAINER_ENGINE=1
// after scripts/containerEngine.sh up), does one answer, and which containers does it hold.
import { request } from 'node:http'
import { probeContainerRuntime } from '../../../src/fixtures/providers/containerRuntime.ts'

export const engine = await probeContainerRuntime()

if (!engine.ok && process.env['PERFGATE_REQUIRE_CONTAINER_ENGINE'] === '1') {
  throw new Error(
    `PERFGATE_REQUIRE_CONTAINER_ENGINE=1 but no container engine answers: ${engine.reason}. ` +
      `Next step: bash scripts/containerEngine.sh up && eval "$(bash scripts/containerEngine.sh env)"`,
  )
}

/** Why the container tests are skipped, for their titles; empty when an engine answers. */
export const skipReason = engine.ok ? '' : ` (skipped: ${engine.reason}; run scripts/containerEngine.sh up)`
// The default reporter shows a skipped file as a count: say why where it is seen.
if (!engine.ok) console.warn(`container provider tests skipped: ${engine.reason}. CI runs them after scripts/containerEngine.sh up.`)

function socketPath(): string {
  if (!engine.ok || !engine.endpoint.startsWith('unix://')) throw new Error('these tests talk to a unix-socket engine')
  return engine.endpoint.slice('unix://'.length)
}

/** GET on the engine's API, parsed. */
export function engineGet<T>(path: string): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socketPath(), path, method: 'GET' }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : undefined) as T }))
    })
    req.on('error', reject)
    req.end()
  })
}

export interface EngineContainer {
  Id: string
  Image: string
  State: string
  Labels: Record<string, string>
}

/** Every container (running or not) carrying `label` (`key` or `key=value`). */
export async function containersLabelled(label: string): Promise<EngineContainer[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }))
  return (await engineGet<EngineContainer[]>(`/containers/json?all=1&filters=${filters}`)).body
}
