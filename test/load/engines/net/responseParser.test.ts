import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { MAX_HEAD_BYTES, NEED_MORE, ResponseParseError, ResponseParser } from '../../../../src/load/engines/net/responseParser.ts'

interface Parsed {
  status: number
  keepAlive: boolean
  /** Offset in the whole stream just past the response, or undefined when it never completed. */
  end: number | undefined
  untilClose: boolean
}

/**
 * Feeds `stream` in pieces cut at `cuts`, each copied into one reused read buffer (as the engine's
 * reads are) that is scribbled over between reads, so a parser that kept a reference would fail.
 */
function parse(stream: string, cuts: readonly number[], head = false): Parsed {
  const bytes = Buffer.from(stream, 'latin1')
  const scratch = Buffer.alloc(bytes.length + 16)
  const parser = new ResponseParser()
  parser.reset(head)
  const bounds = [0, ...cuts, bytes.length]
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [from, to] = [bounds[k]!, bounds[k + 1]!]
    scratch.fill(0x7a)
    bytes.copy(scratch, 3, from, to)
    const end = parser.execute(scratch, 3, 3 + to - from)
    if (end !== NEED_MORE) return { status: parser.status, keepAlive: parser.keepAlive, end: from + end - 3, untilClose: false }
  }
  return { status: parser.status, keepAlive: parser.keepAlive, end: undefined, untilClose: parser.untilClose }
}

/** Every way to cut the stream once, plus byte by byte. */
function splits(length: number): number[][] {
  const all: number[][] = [[]]
  for (let at = 1; at < length; at++) all.push([at])
  all.push(Array.from({ length: length - 1 }, (_, i) => i + 1))
  return all
}

/** The cuts of `stream` that parse to something other than `expected` (none, when the parser is right). */
function wrongSplits(stream: string, expected: Parsed, head = false): Array<{ cuts: string; got: Parsed | string }> {
  const wrong: Array<{ cuts: string; got: Parsed | string }> = []
  for (const cuts of splits(stream.length)) {
    let got: Parsed | string
    try {
      got = parse(stream, cuts, head)
    } catch (error) {
      got = String(error)
    }
    if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push({ cuts: cuts.join(','), got })
  }
  return wrong
}

/** The cuts of `stream` the parser does not refuse with a ResponseParseError (none, when it is strict). */
function acceptedSplits(stream: string): string[] {
  return splits(stream.length)
    .filter((cuts) => {
      try {
        parse(stream, cuts)
        return true
      } catch (error) {
        return !(error instanceof ResponseParseError)
      }
    })
    .map((cuts) => cuts.join(','))
}

const done = (status: number, end: number, keepAlive = true): Parsed => ({ status, keepAlive, end, untilClose: false })
/** The cuts at which `response` does not parse as one complete response (all of it). */
const wholeWrong = (response: string, status: number, keepAlive = true, head = false) => wrongSplits(response, done(status, response.length, keepAlive), head)

describe('ResponseParser', () => {
  it('reads a Content-Length response, cut anywhere, and says where it ends', () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-length: 11\r\nDate: x\r\n\r\nhello world'
    expect(wrongSplits(response, done(200, response.length))).toEqual([])
    // Bytes after the response are not consumed.
    expect(wrongSplits(response + 'HTTP/1.1', done(200, response.length))).toEqual([])
  })

  it('reads chunked bodies with extensions, empty-looking chunks and trailers', () => {
    const body = '5;name=value\r\nhello\r\nA\r\n0123456789\r\n1 ; x\r\n\r\r\n0\r\nX-Trailer: a\r\nX-Other: b\r\n\r\n'
    const response = `HTTP/1.1 404 Not Found\r\nTransfer-Encoding: Chunked\r\n\r\n${body}`
    expect(wrongSplits(response, done(404, response.length))).toEqual([])
    expect(wholeWrong('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n', 200)).toEqual([])
  })

  it('follows Connection: close and HTTP/1.0 keep-alive rules', () => {
    expect(wholeWrong('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', 200, false)).toEqual([])
    expect(wholeWrong('HTTP/1.1 200 OK\r\nConnection: Upgrade, Close\r\nContent-Length: 0\r\n\r\n', 200, false)).toEqual([])
    expect(wholeWrong('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', 200, false)).toEqual([])
    expect(wholeWrong('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok', 200, true)).toEqual([])
  })

  it('reads a body without length until the connection closes', () => {
    expect(wrongSplits('HTTP/1.0 200 OK\r\nServer: old\r\n\r\nsome bytes', { status: 200, keepAlive: false, end: undefined, untilClose: true })).toEqual([])
  })

  it('gives HEAD, 204 and 304 responses no body whatever their headers say', () => {
    expect(wholeWrong('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n', 200, true, true)).toEqual([])
    expect(wholeWrong('HTTP/1.1 204 No Content\r\n\r\n', 204)).toEqual([])
    expect(wholeWrong('HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n', 304)).toEqual([])
  })

  it('skips informational responses before the final one', () => {
    const response = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\n!'
    expect(wrongSplits(response, done(201, response.length))).toEqual([])
  })

  it('accepts a status line without a reason phrase', () => {
    expect(wholeWrong('HTTP/1.1 500\r\nContent-Length: 0\r\n\r\n', 500)).toEqual([])
  })

  it.each([
    ['a garbled status line', 'HTP/1.1 200 OK\r\n\r\n'],
    ['HTTP/2 framing', 'HTTP/2.0 200 OK\r\n\r\n'],
    ['a non-numeric status', 'HTTP/1.1 2x0 OK\r\n\r\n'],
    ['a bare LF', 'HTTP/1.1 200 OK\nContent-Length: 0\n\n'],
    ['a header without colon', 'HTTP/1.1 200 OK\r\nContent-Length 0\r\n\r\n'],
    ['obsolete line folding', 'HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 0\r\n\r\n'],
    ['conflicting lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
    ['a negative length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
    ['length and chunked together', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['an unknown transfer coding', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n'],
    ['an unasked-for protocol switch', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n'],
    ['a non-hex chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['a chunk longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n'],
    ['a huge chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffff\r\n'],
  ])('refuses %s, cut anywhere', (_name, stream) => {
    expect(acceptedSplits(stream)).toEqual([])
  })

  it('refuses a head larger than 16 KiB', () => {
    const head = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEAD_BYTES + 100)}\r\n`
    expect(() => parse(head + '\r\n', [100, 5000, 9000, 16_500])).toThrow(/16 KiB/)
  })

  it('parses the next response after reset, on the same parser', () => {
    const parser = new ResponseParser()
    const first = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
    const second = Buffer.from('HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n.\r\n0\r\n\r\n')
    parser.reset(false)
    expect(parser.execute(first, 0, first.length)).toBe(first.length)
    expect(parser.done).toBe(true)
    parser.reset(false)
    expect(parser.status).toBe(0)
    expect(parser.execute(second, 0, 20)).toBe(NEED_MORE)
    expect(parser.execute(second, 20, second.length)).toBe(second.length)
    expect(parser.status).toBe(503)
  })
})
