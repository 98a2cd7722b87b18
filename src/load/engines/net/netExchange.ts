import { Buffer } from 'node:buffer'
import { connect, type Socket } from 'node:net'
import type { RunRecorder } from '../../observe/runRecorder.ts'
import type { PreparedRequest } from '../../target/preparedRequest.ts'
import { errorKindOf } from '../errorKind.ts'
import { recordFailure, recordResponse, REQUEST_TIMEOUT, type Exchange, type ExchangeOwner } from '../exchange.ts'
import { wireOf } from './requestWire.ts'
import { NEED_MORE, ResponseParser } from './responseParser.ts'

/** Where a run's `net` connections go: parsed once from the origin. */
export interface NetOrigin {
  host: string
  port: number
  /** The `host` header: the origin's host with its port. */
  hostHeader: string
}

export function netOriginOf(origin: string): NetOrigin {
  const url = new URL(origin)
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || 80), hostHeader: url.host }
}

/**
 * Every read of every connection of a thread lands in this one buffer: reads are handled one at a
 * time and the parser keeps no reference to it, so no read allocates.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024)

/** The server closed the connection before the response was complete (undici's UND_ERR_SOCKET). */
const OTHER_SIDE_CLOSED = Object.assign(new Error('The server closed the connection before the response was complete.'), { code: 'UND_ERR_SOCKET' })

/**
 * One keep-alive HTTP/1.1 connection on a `node:net` socket and the request in flight on it
 * (pipelining 1). The request goes out as prebuilt bytes; the response is parsed by a small strict
 * parser and its body skipped. A response with `Connection: close`, an error or a timeout ends the
 * socket; the next request opens a new one, as undici does. Outcomes are classified exactly like
 * the undici engine's (`errorKindOf` on the same error codes), and the timestamps mean the same:
 * `startMs` is the latency origin, `sentMs` the moment the request went to the network (its
 * connect first, when it needed a new connection): service time and the timeout run from it.
 */
export class NetExchange implements Exchange {
  readonly vu: number
  busy = false
  startMs = 0
  sentMs = 0
  readonly #origin: NetOrigin
  readonly #owner: ExchangeOwner
  readonly #recorder: RunRecorder
  readonly #timesService: boolean
  readonly #parser = new ResponseParser()
  #socket: Socket | undefined
  #connected = false
  #request: PreparedRequest | undefined
  #bytes: Buffer | undefined
  /** The request asked for the connection to close after its response. */
  #closeAfter = false
  #closed: Promise<void> | undefined

  constructor(origin: NetOrigin, vu: number, owner: ExchangeOwner, recorder: RunRecorder) {
    this.vu = vu
    this.#origin = origin
    this.#owner = owner
    this.#recorder = recorder
    this.#timesService = recorder.serviceTime !== undefined
  }

  send(request: PreparedRequest, startMs: number): void {
    let wire
    try {
      wire = wireOf(request, this.#origin.hostHeader)
    } catch (error) {
      this.#owner.rejected(error as Error)
      return
    }
    this.busy = true
    this.#request = request
    this.#bytes = wire.bytes
    this.#closeAfter = wire.close
    this.startMs = startMs
    // Service time and the timeout run from here, a new connection's connect included (the server's
    // accept is its work), as with undici.
    this.sentMs = this.#timesService ? performance.now() : startMs
    this.#parser.reset(wire.head)
    if (this.#connected) this.#write()
    else if (this.#socket === undefined) this.#connect()
  }

  expire(nowMs: number, timeoutMs: number): void {
    if (this.busy && nowMs - this.sentMs > timeoutMs) this.#fail(REQUEST_TIMEOUT)
  }

  /** Idle keep-alive sockets carry nothing, so a graceful close ends them at once, like a forced one. */
  close(): Promise<void> {
    this.#drop()
    return this.#closed ?? Promise.resolve()
  }

  #connect(): void {
    const socket: Socket = connect({
      host: this.#origin.host,
      port: this.#origin.port,
      noDelay: true,
      onread: { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array): boolean => this.#onRead(socket, n, buf as Buffer) },
    })
    this.#socket = socket
    this.#connected = false
    this.#closed = new Promise((resolve) => socket.once('close', () => resolve()))
    socket.on('connect', () => {
      if (socket !== this.#socket) return
      this.#connected = true
      if (this.busy) this.#write()
    })
    socket.on('error', (error) => this.#onEnd(socket, error))
    socket.on('end', () => this.#onEnd(socket, OTHER_SIDE_CLOSED))
    socket.on('close', () => this.#onEnd(socket, OTHER_SIDE_CLOSED))
  }

  #write(): void {
    this.#socket!.write(this.#bytes!)
  }

  #onRead(socket: Socket, n: number, buf: Buffer): boolean {
    if (socket !== this.#socket) return false
    if (!this.busy) {
      // Bytes nobody asked for: the connection is out of step; end it, the next request reconnects.
      this.#drop()
      return false
    }
    let end: number
    try {
      end = this.#parser.execute(buf, 0, n)
    } catch (error) {
      this.#fail(error)
      return false
    }
    if (end === NEED_MORE) return true
    if (end !== n || !this.#parser.keepAlive || this.#closeAfter) this.#drop()
    this.#complete()
    return true
  }

  /** The socket failed or ended: an error for the request in flight, unless its body runs until close. */
  #onEnd(socket: Socket, error: Error): void {
    if (socket !== this.#socket) return
    if (this.busy && this.#connected && this.#parser.untilClose && error === OTHER_SIDE_CLOSED) {
      this.#drop()
      this.#complete()
    } else if (this.busy) this.#fail(error)
    else this.#drop()
  }

  #complete(): void {
    recordResponse(this.#recorder, this.#request!, this.#parser.status, performance.now(), this.startMs, this.sentMs)
    this.busy = false
    this.#owner.finished(this)
  }

  #fail(error: unknown): void {
    this.#drop()
    recordFailure(this.#recorder, this.#request!, performance.now(), errorKindOf(error, this.#parser.status !== 0))
    this.busy = false
    this.#owner.finished(this)
  }

  /** Forgets the socket (its late events are ignored) and destroys it. */
  #drop(): void {
    const socket = this.#socket
    if (socket === undefined) return
    this.#socket = undefined
    this.#connected = false
    socket.destroy()
  }
}
