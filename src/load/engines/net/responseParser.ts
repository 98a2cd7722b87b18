import { Buffer } from 'node:buffer'

/** A response that breaks HTTP/1.1; the code follows llhttp's, so it is classified like undici's parser errors. */
export class ResponseParseError extends Error {
  readonly code = 'HPE_INVALID'
}

/** Bytes of a response head kept while it arrives in pieces; node's own limit. */
export const MAX_HEAD_BYTES = 16 * 1024
/** What {@link ResponseParser.execute} returns while the response is not complete. */
export const NEED_MORE = -1

// Parser states.
const HEAD = 0
const LENGTH = 1
const CHUNK_SIZE = 2
const CHUNK_EXT = 3
const CHUNK_SIZE_LF = 4
const CHUNK_DATA = 5
const CHUNK_CR = 6
const CHUNK_LF = 7
const TRAILER = 8
const TRAILER_LINE = 9
const TRAILER_LF = 10
const END_LF = 11
const UNTIL_CLOSE = 12
const DONE = 13

const CR = 13
const LF = 10
const TOKEN_CHARS = new Uint8Array(256)
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN_CHARS[c.charCodeAt(0)] = 1
const CONTENT_LENGTH = Buffer.from('content-length')
const TRANSFER_ENCODING = Buffer.from('transfer-encoding')
const CONNECTION = Buffer.from('connection')
const KEEP_ALIVE = Buffer.from('keep-alive')
const CHUNKED = Buffer.from('chunked')
const CLOSE = Buffer.from('close')

/**
 * A strict, allocation-free HTTP/1.1 response parser for one request at a time (pipelining 1). It
 * reads the status and the three headers that frame the message (Content-Length,
 * Transfer-Encoding: chunked, Connection), skips the body without copying it, and reports where the
 * response ended. Informational (1xx) responses are skipped, as undici does. Anything it does not
 * understand (a 101 it did not ask for, an unknown transfer coding, conflicting lengths, a bare LF,
 * obsolete line folding, a head over 16 KiB) throws {@link ResponseParseError}.
 */
export class ResponseParser {
  /** The final status; 0 until its head has been parsed. */
  status = 0
  /** Whether the connection may carry the next request once this response is complete. */
  keepAlive = true
  #state: number = DONE
  #headRequest = false
  #remaining = 0
  #chunkDigits = 0
  /** Bytes of a head that arrived split over reads, kept until its end arrives. */
  #pending: Buffer | undefined

  /** Expects the response to a new request; `head` for a HEAD request (no body whatever the headers say). */
  reset(head: boolean): void {
    this.status = 0
    this.keepAlive = true
    this.#state = HEAD
    this.#headRequest = head
    this.#pending = undefined
  }

  get done(): boolean {
    return this.#state === DONE
  }

  /** The body runs until the server closes the connection (no length given). */
  get untilClose(): boolean {
    return this.#state === UNTIL_CLOSE
  }

  /**
   * Parses `buf[start, end)`. Returns the offset just past the response when it is complete, or
   * {@link NEED_MORE}. `buf` may be reused by the caller after the call: nothing references it.
   */
  execute(buf: Buffer, start: number, end: number): number {
    let i = start
    if (this.#state === HEAD) {
      i = this.#head(buf, start, end)
      if (i === NEED_MORE) return NEED_MORE
    }
    switch (this.#state) {
      case DONE:
        return i
      case LENGTH: {
        const available = end - i
        if (available < this.#remaining) {
          this.#remaining -= available
          return NEED_MORE
        }
        i += this.#remaining
        this.#remaining = 0
        this.#state = DONE
        return i
      }
      case UNTIL_CLOSE:
        return NEED_MORE
      default:
        return this.#chunked(buf, i, end)
    }
  }

  /** Parses heads (skipping 1xx ones) from `start`; returns where the body starts, or NEED_MORE. */
  #head(buf: Buffer, start: number, end: number): number {
    let data = buf
    let from = start
    let to = end
    if (this.#pending !== undefined) {
      data = Buffer.concat([this.#pending, buf.subarray(start, end)])
      from = 0
      to = data.length
      this.#pending = undefined
    }
    for (;;) {
      const next = this.#oneHead(data, from, to)
      if (next === NEED_MORE) {
        if (to - from > MAX_HEAD_BYTES) throw new ResponseParseError('The response head is larger than 16 KiB.')
        // Copied: the caller's buffer is reused for the next read.
        this.#pending = Buffer.from(data.subarray(from, to))
        return NEED_MORE
      }
      if (this.#state !== HEAD) {
        // Offsets in a joined buffer map back onto `buf`: the joined head ends where `buf` does minus what follows.
        return data === buf ? next : end - (to - next)
      }
      from = next
    }
  }

  /** Parses one complete head at `from` if all of it is there; returns the offset after it, or NEED_MORE. */
  #oneHead(buf: Buffer, from: number, to: number): number {
    let lineEnd = lineEndOf(buf, from, to)
    if (lineEnd === NEED_MORE) return NEED_MORE
    // Status line: HTTP/1.x SP 3DIGIT [SP reason]
    if (
      lineEnd - from < 12 || buf[from] !== 0x48 || buf[from + 1] !== 0x54 || buf[from + 2] !== 0x54 || buf[from + 3] !== 0x50 ||
      buf[from + 4] !== 0x2f || buf[from + 5] !== 0x31 || buf[from + 6] !== 0x2e || buf[from + 8] !== 0x20 || (lineEnd - from > 12 && buf[from + 12] !== 0x20)
    ) {
      throw new ResponseParseError('The response does not start with an HTTP/1.x status line.')
    }
    const minor = buf[from + 7]! - 0x30
    if (minor !== 0 && minor !== 1) throw new ResponseParseError('The response has an HTTP version other than 1.0 and 1.1.')
    const status = digit(buf[from + 9]!) * 100 + digit(buf[from + 10]!) * 10 + digit(buf[from + 11]!)
    if (status < 100) throw new ResponseParseError('The response status is not three digits.')
    let length = -1
    let chunked = false
    let close = false
    let keepAlive = false
    let i = lineEnd + 2
    for (;;) {
      lineEnd = lineEndOf(buf, i, to)
      if (lineEnd === NEED_MORE) return NEED_MORE
      if (lineEnd === i) break
      let colon = i
      while (colon < lineEnd && TOKEN_CHARS[buf[colon]!] === 1) colon++
      if (colon === i || buf[colon] !== 0x3a) throw new ResponseParseError('A response header line is not `name: value`.')
      let v = colon + 1
      while (v < lineEnd && (buf[v] === 0x20 || buf[v] === 0x09)) v++
      let vEnd = lineEnd
      while (vEnd > v && (buf[vEnd - 1] === 0x20 || buf[vEnd - 1] === 0x09)) vEnd--
      const nameLength = colon - i
      if (nameLength === 14 && sameLower(buf, i, CONTENT_LENGTH)) {
        const value = decimal(buf, v, vEnd)
        if (length !== -1 && length !== value) throw new ResponseParseError('The response has conflicting Content-Length headers.')
        length = value
      } else if (nameLength === 17 && sameLower(buf, i, TRANSFER_ENCODING)) {
        if (vEnd - v !== 7 || !sameLower(buf, v, CHUNKED) || chunked) throw new ResponseParseError('The response has a transfer coding other than `chunked`.')
        chunked = true
      } else if (nameLength === 10 && sameLower(buf, i, CONNECTION)) {
        if (vEnd - v === 10 && sameLower(buf, v, KEEP_ALIVE)) keepAlive = true
        else if (vEnd - v === 5 && sameLower(buf, v, CLOSE)) close = true
        else {
          for (const token of buf.toString('latin1', v, vEnd).toLowerCase().split(',')) {
            const t = token.trim()
            if (t === 'close') close = true
            else if (t === 'keep-alive') keepAlive = true
          }
        }
      }
      i = lineEnd + 2
    }
    const after = i + 2
    if (status < 200) {
      if (status === 101) throw new ResponseParseError('The server switched protocols (101) without being asked to.')
      return after // informational: the final response follows
    }
    if (chunked && length !== -1) throw new ResponseParseError('The response has both Content-Length and Transfer-Encoding.')
    this.status = status
    this.keepAlive = !close && (minor === 1 || keepAlive)
    if (this.#headRequest || status === 204 || status === 304) this.#state = DONE
    else if (chunked) {
      this.#state = CHUNK_SIZE
      this.#remaining = 0
      this.#chunkDigits = 0
    } else if (length !== -1) {
      this.#remaining = length
      this.#state = length === 0 ? DONE : LENGTH
    } else {
      this.#state = UNTIL_CLOSE
      this.keepAlive = false
    }
    return after
  }

  #chunked(buf: Buffer, start: number, end: number): number {
    let i = start
    while (i < end) {
      const c = buf[i]!
      switch (this.#state) {
        case CHUNK_SIZE: {
          const h = hex(c)
          if (h !== -1) {
            if (++this.#chunkDigits > 12) throw new ResponseParseError('A chunk size is too large.')
            this.#remaining = this.#remaining * 16 + h
          } else if (this.#chunkDigits === 0) throw new ResponseParseError('A chunk size is missing.')
          else if (c === CR) this.#state = CHUNK_SIZE_LF
          else if (c === 0x3b || c === 0x20 || c === 0x09) this.#state = CHUNK_EXT
          else throw new ResponseParseError('A chunk size is not hexadecimal.')
          i++
          break
        }
        case CHUNK_EXT:
          if (c === CR) this.#state = CHUNK_SIZE_LF
          else if (c === LF) throw new ResponseParseError('A chunk size line ends in a bare LF.')
          i++
          break
        case CHUNK_SIZE_LF:
          if (c !== LF) throw new ResponseParseError('A chunk size line does not end in CRLF.')
          this.#state = this.#remaining === 0 ? TRAILER : CHUNK_DATA
          i++
          break
        case CHUNK_DATA: {
          const take = Math.min(end - i, this.#remaining)
          i += take
          this.#remaining -= take
          if (this.#remaining === 0) this.#state = CHUNK_CR
          break
        }
        case CHUNK_CR:
          if (c !== CR) throw new ResponseParseError('A chunk is longer than its size.')
          this.#state = CHUNK_LF
          i++
          break
        case CHUNK_LF:
          if (c !== LF) throw new ResponseParseError('A chunk does not end in CRLF.')
          this.#state = CHUNK_SIZE
          this.#chunkDigits = 0
          i++
          break
        case TRAILER:
          // Start of a trailer line, or the empty line that ends the message.
          this.#state = c === CR ? END_LF : TRAILER_LINE
          if (c === LF) throw new ResponseParseError('A trailer line ends in a bare LF.')
          i++
          break
        case TRAILER_LINE:
          if (c === CR) this.#state = TRAILER_LF
          else if (c === LF) throw new ResponseParseError('A trailer line ends in a bare LF.')
          i++
          break
        case TRAILER_LF:
          if (c !== LF) throw new ResponseParseError('A trailer line does not end in CRLF.')
          this.#state = TRAILER
          i++
          break
        case END_LF:
          if (c !== LF) throw new ResponseParseError('The chunked body does not end in CRLF.')
          this.#state = DONE
          return i + 1
      }
    }
    return NEED_MORE
  }
}

/** The offset of the CR of the CRLF ending the line at `from`, or NEED_MORE; a bare LF is an error. */
function lineEndOf(buf: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = buf[i]!
    if (c === CR) {
      if (i + 1 === to) return NEED_MORE
      if (buf[i + 1] !== LF) throw new ResponseParseError('A response line has a CR without LF.')
      return i
    }
    if (c === LF) throw new ResponseParseError('A response line ends in a bare LF.')
  }
  return NEED_MORE
}

/** Case-insensitive match of `buf` at `at` against a lowercase ASCII name. */
function sameLower(buf: Buffer, at: number, lower: Buffer): boolean {
  for (let k = 0; k < lower.length; k++) {
    if ((buf[at + k]! | 0x20) !== lower[k]) return false
  }
  return true
}

function digit(c: number): number {
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : -1000
}

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  const l = c | 0x20
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1
}

function decimal(buf: Buffer, from: number, to: number): number {
  if (from === to || to - from > 15) throw new ResponseParseError('The response has an invalid Content-Length.')
  let n = 0
  for (let i = from; i < to; i++) {
    const d = digit(buf[i]!)
    if (d < 0) throw new ResponseParseError('The response has an invalid Content-Length.')
    n = n * 10 + d
  }
  return n
}
