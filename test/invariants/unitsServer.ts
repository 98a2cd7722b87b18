import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A real HTTP service holding `total` units: POST /reserve takes one (409 when none is left), POST
 * /release gives one back, GET /state answers { used, total, ledger } where `ledger` counts the
 * reservations applied minus releases. `correct` checks and takes in one step; the canary checks,
 * yields (another request runs meanwhile), then takes — so it overbooks under concurrency — and
 * `repair` puts `used` back within bounds 30 ms later, so a check at the end alone would pass it.
 */
export async function startUnitsServer(mode: 'correct' | 'canary', total = 20): Promise<{ url: string; state: () => { used: number; ledger: number }; close: () => Promise<void> }> {
  let used = 0
  let ledger = 0
  const repairs = new Set<NodeJS.Timeout>()
  const server: Server = createServer((req, res) => {
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    if (req.method === 'GET' && req.url === '/state') return answer(200, { used, total, ledger })
    if (req.method === 'POST' && req.url === '/release') {
      if (used === 0) return answer(409, { error: 'nothing reserved' })
      used--
      ledger--
      return answer(200, { used })
    }
    if (req.method === 'POST' && req.url === '/reserve') {
      if (used + 1 > total) return answer(409, { error: 'no units left' })
      if (mode === 'correct') {
        used++
        ledger++
        return answer(200, { used })
      }
      setTimeout(() => {
        used++
        ledger++
        answer(200, { used })
        const repair = setTimeout(() => {
          repairs.delete(repair)
          if (used > total) {
            // Quietly hands back the excess: the end state looks fine, the ledger does not.
            used = total
          }
        }, 30)
        repairs.add(repair)
      }, 2)
      return
    }
    answer(404, {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    state: () => ({ used, ledger }),
    close: async () => {
      for (const repair of repairs) clearTimeout(repair)
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
