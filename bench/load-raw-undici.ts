// The floor the generator benchmark compares against: a bare undici dispatch loop, one Client per
// connection, no measurement at all beyond counting.
import { Client, type Dispatcher } from 'undici'

export async function rawUndici(url: string, connections: number, durationMs: number): Promise<{ requests: number; errors: number }> {
  const { origin, pathname } = new URL(url)
  const deadline = performance.now() + durationMs
  let requests = 0
  let errors = 0
  const clients = Array.from({ length: connections }, () => new Client(origin, { pipelining: 1 }))
  const options: Dispatcher.DispatchOptions = { path: pathname, method: 'GET' }
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve) => {
          const next = (): void => {
            if (performance.now() >= deadline) return resolve()
            client.dispatch(options, handler)
          }
          const handler: Dispatcher.DispatchHandler = {
            onRequestStart: () => {},
            onResponseStart: () => {},
            onResponseData: () => {},
            onResponseEnd: () => {
              requests++
              next()
            },
            onResponseError: () => {
              errors++
              next()
            },
          }
          next()
        }),
    ),
  )
  await Promise.all(clients.map((c) => c.close()))
  return { requests, errors }
}
