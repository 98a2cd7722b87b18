import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import * as Y from 'yjs'
import { WebSocketServer } from 'ws'
import { detectConflicts } from './conflicts.ts'
import { connectFanout, type Fanout } from './fanout.ts'
import { resolveFieldWrites } from './fieldWrites.ts'
import { PushHub } from './pushHub.ts'
import { isDocId, UpdateLog } from './updateLog.ts'
import { decodeSyncFrame, encodeSyncFrame, isEmptyUpdate } from './wire.ts'

export interface SyncServerOptions {
  databaseUrl: string
  redisUrl: string
  /** Redis channel shared by the instances of one deployment (make it unique per test run). */
  channel: string
  host?: string
  /** @default 0 (any free port) */
  port?: number
  /** @default 64 */
  compactThreshold?: number
  /** @default 5 */
  poolSize?: number
}

export interface StartedSyncServer {
  readonly instanceId: string
  readonly url: string
  readonly log: UpdateLog
  readonly hub: PushHub
  close(): Promise<void>
}

const ROUTE = /^\/docs\/([^/?]+)\/(sync|state|conflicts|ws)(?:\?.*)?$/
const MAX_BODY_BYTES = 32 * 1024 * 1024

/**
 * One instance of the sync service: HTTP + WebSocket on its own port, the update log in Postgres,
 * and Redis pub/sub to the other instances.
 *
 * - `POST /docs/:id/sync` — body: the client's state vector + its pending update; the server
 *   appends the update, pushes it live, and answers with its state vector + the diff the client lacks.
 * - `GET /docs/:id/state` — the server's state vector (base64), log rows and bytes.
 * - `GET /docs/:id/conflicts` — the server-side conflict detector's report.
 * - `GET /docs/:id/ws?device=name` (upgrade) — live updates, as binary Yjs updates.
 */
export async function startSyncServer(options: SyncServerOptions): Promise<StartedSyncServer> {
  const instanceId = randomUUID()
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 5 })
  pool.on('error', () => {})
  const log = new UpdateLog(pool, { compactThreshold: options.compactThreshold ?? 64 })
  const hub = new PushHub()
  let fanout: Fanout
  try {
    fanout = await connectFanout({
      redisUrl: options.redisUrl,
      channel: options.channel,
      onMessage: (message) => {
        if (message.instanceId !== instanceId) hub.broadcast(message.docId, message.update, message.device)
      },
    })
  } catch (error) {
    await pool.end()
    throw error
  }

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const match = ROUTE.exec(request.url ?? '')
    const docId = match ? decodeURIComponent(match[1]!) : ''
    if (!match || !isDocId(docId)) return reply(response, 404, 'text/plain', 'not found')
    const route = `${request.method} ${match[2]}`
    if (route === 'POST sync') {
      const { stateVector, update } = decodeSyncFrame(await readBody(request))
      const device = header(request, 'x-device')
      if (!isEmptyUpdate(update)) {
        await log.append(docId, update, stateVector)
        hub.broadcast(docId, update, device)
        await fanout.publish({ docId, instanceId, device, update })
      }
      const state = await log.state(docId)
      const body = encodeSyncFrame({ stateVector: state.stateVector, update: Y.diffUpdate(state.update, stateVector) })
      return reply(response, 200, 'application/octet-stream', body)
    }
    if (route === 'GET state') {
      const [state, rows] = await Promise.all([log.state(docId), log.rowCount(docId)])
      const body = { stateVector: Buffer.from(state.stateVector).toString('base64'), rows, bytes: state.update.length }
      return reply(response, 200, 'application/json', JSON.stringify(body))
    }
    if (route === 'GET conflicts') {
      const [state, receipts] = await Promise.all([log.read(docId), log.receipts(docId)])
      return reply(response, 200, 'application/json', JSON.stringify(detectConflicts(resolveFieldWrites(state, receipts))))
    }
    return reply(response, 405, 'text/plain', `${request.method} not allowed here`)
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) reply(response, error instanceof RangeError ? 400 : 500, 'text/plain', String(error))
      else response.destroy()
    })
  })
  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (request, socket, head) => {
    const match = ROUTE.exec(request.url ?? '')
    const docId = match ? decodeURIComponent(match[1]!) : ''
    if (!match || match[2] !== 'ws' || !isDocId(docId)) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
      return
    }
    const device = new URL(request.url ?? '', 'http://x').searchParams.get('device') ?? undefined
    wss.handleUpgrade(request, socket, head, (ws) => hub.add(docId, ws, device))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    instanceId,
    url: `http://${address.address}:${address.port}`,
    log,
    hub,
    async close() {
      hub.closeAll()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await fanout.close()
      await pool.end()
    },
  }
}

function header(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

async function readBody(request: http.IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new RangeError(`request body over ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  const body = Buffer.concat(chunks)
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
}

function reply(response: http.ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  response.writeHead(status, { 'content-type': type, 'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length })
  response.end(body)
}
