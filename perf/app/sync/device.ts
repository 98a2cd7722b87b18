import * as Y from 'yjs'
import WebSocket from 'ws'
import { ensureTask, snapshotTasks, tasksOf, stateVectorOf, type Edit, type RegisterField, type TaskSnapshot } from './taskModel.ts'
import { decodeSyncFrame, encodeSyncFrame } from './wire.ts'

export interface SyncOutcome {
  /** Bytes of the update the device sent and of the diff it received. */
  sentBytes: number
  receivedBytes: number
}

/**
 * A simulated device: its own Yjs document of tasks, edited offline, synced over HTTP
 * (`POST /docs/:id/sync`) and, while connected, kept live by the server's WebSocket pushes.
 */
export class SyncDevice {
  readonly name: string
  readonly docId: string
  readonly doc = new Y.Doc()
  readonly edits: Edit[] = []
  #serverStateVector: Uint8Array = Y.encodeStateVector(new Y.Doc())
  #lastFrame: Uint8Array | undefined
  #socket: WebSocket | undefined

  constructor(name: string, docId: string) {
    this.name = name
    this.docId = docId
  }

  setField(task: string, field: RegisterField, value: string): void {
    const map = ensureTask(this.doc, task)
    const seen = stateVectorOf(this.doc)
    const clock = Y.getState(this.doc.store, this.doc.clientID)
    map.set(field, value)
    this.edits.push({ kind: 'set', device: this.name, client: this.doc.clientID, clock, task, field, value, seen })
  }

  /** Prepends, so one device's successive notes stay separate items (they would merge if appended). */
  addNote(task: string, text: string): void {
    const notes = ensureTask(this.doc, task).get('notes') as Y.Text
    const seen = stateVectorOf(this.doc)
    const clock = Y.getState(this.doc.store, this.doc.clientID)
    notes.insert(0, text)
    this.edits.push({ kind: 'note', device: this.name, client: this.doc.clientID, clock, task, text, seen })
  }

  /** Sends what the server may lack with this device's state vector; applies the diff it returns. */
  async sync(baseUrl: string): Promise<SyncOutcome> {
    const update = Y.encodeStateAsUpdate(this.doc, this.#serverStateVector)
    this.#lastFrame = encodeSyncFrame({ stateVector: Y.encodeStateVector(this.doc), update })
    return this.#post(baseUrl, this.#lastFrame)
  }

  /** Delivers the previous sync request again, as a flaky network would. */
  async resendLast(baseUrl: string): Promise<SyncOutcome> {
    if (!this.#lastFrame) return this.sync(baseUrl)
    return this.#post(baseUrl, this.#lastFrame)
  }

  /** Opens the live channel first, then syncs, so no update falls between the two. */
  async goOnline(baseUrl: string): Promise<void> {
    await this.connect(baseUrl)
    await this.sync(baseUrl)
  }

  connect(baseUrl: string): Promise<void> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/docs/${encodeURIComponent(this.docId)}/ws?device=${encodeURIComponent(this.name)}`
    const socket = new WebSocket(url)
    socket.binaryType = 'nodebuffer'
    this.#socket = socket
    socket.on('message', (data: Buffer) => Y.applyUpdate(this.doc, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 'push'))
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
  }

  async disconnect(): Promise<void> {
    const socket = this.#socket
    this.#socket = undefined
    if (!socket || socket.readyState === WebSocket.CLOSED) return
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve())
      socket.close()
      setTimeout(() => socket.terminate(), 1000).unref()
    })
  }

  get online(): boolean {
    return this.#socket?.readyState === WebSocket.OPEN
  }

  snapshot(): TaskSnapshot {
    return snapshotTasks(this.doc)
  }

  stateVector(): Map<number, number> {
    return stateVectorOf(this.doc)
  }

  /** The current value of a register field, as this device sees it. */
  field(task: string, field: RegisterField): unknown {
    return tasksOf(this.doc).get(task)?.get(field)
  }

  /** Resolves, with `performance.now()` at that moment, once `predicate` holds after a change to the document. */
  waitUntil(predicate: () => boolean, timeoutMs = 10_000): Promise<number> {
    if (predicate()) return Promise.resolve(performance.now())
    return new Promise((resolve, reject) => {
      const onUpdate = (): void => {
        if (!predicate()) return
        const at = performance.now()
        clearTimeout(timer)
        this.doc.off('update', onUpdate)
        resolve(at)
      }
      const timer = setTimeout(() => {
        this.doc.off('update', onUpdate)
        reject(new Error(`${this.name}: condition not reached within ${timeoutMs} ms`))
      }, timeoutMs)
      this.doc.on('update', onUpdate)
    })
  }

  async #post(baseUrl: string, frame: Uint8Array): Promise<SyncOutcome> {
    const response = await fetch(`${baseUrl}/docs/${encodeURIComponent(this.docId)}/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-device': this.name },
      body: frame,
    })
    if (!response.ok) throw new Error(`${this.name}: sync failed with HTTP ${response.status}: ${await response.text()}`)
    const reply = decodeSyncFrame(new Uint8Array(await response.arrayBuffer()))
    Y.applyUpdate(this.doc, reply.update, 'server')
    this.#serverStateVector = reply.stateVector
    return { sentBytes: frame.length, receivedBytes: reply.update.length }
  }
}
