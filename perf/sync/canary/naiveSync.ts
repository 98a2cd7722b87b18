import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Edit, RegisterField, TaskSnapshot } from '../../app/sync/index.ts'
import type { Replica } from '../rounds.ts'

/**
 * The canary: sync without a CRDT. Devices send their whole task list as JSON and adopt whatever
 * the server holds afterwards; the server keeps the last snapshot to arrive. The convergence check
 * must report divergence for it.
 */
export class NaiveDevice implements Replica {
  readonly name: string
  readonly edits: Edit[] = []
  readonly #client: number
  #clock = 0
  #content: TaskSnapshot = {}
  #lastBody: string | undefined
  #dirty = false
  readonly #pullWhenClean: boolean

  /** `pullWhenClean`: without local edits, sync adopts the server's snapshot instead of posting its own. */
  constructor(name: string, client: number, options: { pullWhenClean?: boolean } = {}) {
    this.name = name
    this.#client = client
    this.#pullWhenClean = options.pullWhenClean ?? false
  }

  setField(task: string, field: RegisterField, value: string): void {
    this.#dirty = true
    this.#task(task)[field] = value
    this.edits.push({ kind: 'set', device: this.name, client: this.#client, clock: this.#clock++, task, field, value, seen: new Map() })
  }

  addNote(task: string, text: string): void {
    this.#dirty = true
    const entry = this.#task(task)
    entry.notes = text + entry.notes
    this.edits.push({ kind: 'note', device: this.name, client: this.#client, clock: this.#clock++, task, text, seen: new Map() })
  }

  async sync(baseUrl: string): Promise<void> {
    if (this.#pullWhenClean && !this.#dirty) {
      this.#content = (await (await fetch(`${baseUrl}/snapshot`)).json()) as TaskSnapshot
      return
    }
    this.#lastBody = JSON.stringify(this.#content)
    this.#dirty = false
    await this.#post(baseUrl, this.#lastBody)
  }

  async resendLast(baseUrl: string): Promise<void> {
    await this.#post(baseUrl, this.#lastBody ?? JSON.stringify(this.#content))
  }

  snapshot(): TaskSnapshot {
    return structuredClone(this.#content)
  }

  stateVector(): ReadonlyMap<number, number> {
    return new Map()
  }

  #task(task: string): TaskSnapshot[string] {
    return (this.#content[task] ??= { status: '', assignee: '', notes: '' })
  }

  async #post(baseUrl: string, body: string): Promise<void> {
    const response = await fetch(`${baseUrl}/snapshot`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    if (!response.ok) throw new Error(`${this.name}: naive sync failed with HTTP ${response.status}`)
    this.#content = (await response.json()) as TaskSnapshot
  }
}

/** Two or more HTTP listeners sharing one slot: the last snapshot posted to any of them wins. */
export async function startNaiveServers(count: number): Promise<{ urls: string[]; close(): Promise<void> }> {
  let stored = '{}'
  const servers: http.Server[] = []
  const urls: string[] = []
  for (let i = 0; i < count; i++) {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        if (request.method === 'POST') stored = Buffer.concat(chunks).toString('utf8')
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(stored)
      })
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  }
  return {
    urls,
    async close() {
      await Promise.all(
        servers.map((server) => {
          server.closeAllConnections()
          return new Promise<void>((resolve) => server.close(() => resolve()))
        }),
      )
    },
  }
}
