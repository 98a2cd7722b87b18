import type { Buffer } from 'node:buffer'
import type { FunctionWorkload } from './loadTarget.ts'

/** A request ready for undici's `dispatch` or the net engine; static targets reuse one object for every request. */
export interface PreparedRequest {
  readonly options: { path: string; method: string; headers: Record<string, string>; body: Buffer | null; headersTimeout: number; bodyTimeout: number }
  readonly tag: string | undefined
  readonly ok: (status: number) => boolean
  /** A function workload's call: the function engine runs it instead of sending a request. */
  readonly call?: FunctionWorkload['run']
  /** The net engine's bytes for this request, serialized on first use. */
  wire: Wire | undefined
}

/**
 * The net engine's HTTP/1.1 bytes for a request, cached on it (engines/net/requestWire.ts makes
 * them), and what the response parser must know about the request it answers.
 */
export interface Wire {
  readonly bytes: Buffer
  /** A HEAD response has no body whatever its headers say. */
  readonly head: boolean
  /** The request asked the server to close (`connection: close`), or is a HEAD (undici closes after one too). */
  readonly close: boolean
}
