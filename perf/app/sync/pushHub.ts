import type WebSocket from 'ws'

/** The WebSocket connections of one server instance, by document, that receive live updates. */
export class PushHub {
  readonly #byDoc = new Map<string, Map<WebSocket, string | undefined>>()

  add(docId: string, socket: WebSocket, device: string | undefined): void {
    let sockets = this.#byDoc.get(docId)
    if (!sockets) this.#byDoc.set(docId, (sockets = new Map()))
    sockets.set(socket, device)
    socket.once('close', () => {
      sockets.delete(socket)
      if (sockets.size === 0 && this.#byDoc.get(docId) === sockets) this.#byDoc.delete(docId)
    })
  }

  /** Sends the update to every open socket of the document except the sending device's own. */
  broadcast(docId: string, update: Uint8Array, exceptDevice: string | undefined): number {
    const sockets = this.#byDoc.get(docId)
    if (!sockets) return 0
    let sent = 0
    for (const [socket, device] of sockets) {
      if (device !== undefined && device === exceptDevice) continue
      if (socket.readyState !== socket.OPEN) continue
      socket.send(update)
      sent++
    }
    return sent
  }

  get connections(): number {
    let total = 0
    for (const sockets of this.#byDoc.values()) total += sockets.size
    return total
  }

  closeAll(): void {
    for (const sockets of this.#byDoc.values()) for (const socket of sockets.keys()) socket.terminate()
    this.#byDoc.clear()
  }
}
