import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { wireOf } from '../../../../src/load/engines/net/requestWire.ts'
import type { RequestSpec } from '../../../../src/load/target/loadTarget.ts'
import { sourceOf } from '../../../../src/load/target/requestSource.ts'

const HOST = '127.0.0.1:3000'
const requestOf = ({ path, ...spec }: RequestSpec) => sourceOf({ ...spec, url: `http://${HOST}${path ?? '/'}` }, { timeoutMs: 1000 }).next(0)
const text = (spec: RequestSpec): string => wireOf(requestOf(spec), HOST).bytes.toString('latin1')

describe('wireOf', () => {
  it('writes a GET as undici does: host, keep-alive, the headers, no length', () => {
    expect(text({ path: '/tasks?id=1', headers: { accept: 'application/json' } })).toBe(
      'GET /tasks?id=1 HTTP/1.1\r\nhost: 127.0.0.1:3000\r\nconnection: keep-alive\r\naccept: application/json\r\n\r\n',
    )
  })

  it('writes a body with its length, and an empty POST with content-length: 0', () => {
    expect(text({ method: 'POST', body: { a: 1 } })).toBe(
      'POST / HTTP/1.1\r\nhost: 127.0.0.1:3000\r\nconnection: keep-alive\r\ncontent-type: application/json\r\ncontent-length: 7\r\n\r\n{"a":1}',
    )
    expect(text({ method: 'POST' })).toContain('content-length: 0\r\n')
    expect(text({ method: 'PUT', body: new Uint8Array([1, 2, 3]) }).endsWith('content-length: 3\r\n\r\n\u0001\u0002\u0003')).toBe(true)
  })

  it('takes the host header from the request, and closes after connection: close or HEAD', () => {
    const wire = wireOf(requestOf({ headers: { Host: 'api.local', Connection: 'close' } }), HOST)
    expect(wire.bytes.toString()).toBe('GET / HTTP/1.1\r\nhost: api.local\r\nconnection: close\r\n\r\n')
    expect(wire.close).toBe(true)
    const head = wireOf(requestOf({ method: 'HEAD' }), HOST)
    expect([head.head, head.close]).toEqual([true, true])
  })

  it('serializes a static request once', () => {
    const request = requestOf({ path: '/a' })
    expect(wireOf(request, HOST)).toBe(wireOf(request, HOST))
    expect(Buffer.isBuffer(request.wire?.bytes)).toBe(true)
  })

  it.each<[string, RequestSpec]>([
    ['a header value with a newline', { headers: { 'x-a': 'a\r\nx-injected: 1' } }],
    ['a header name with a space', { headers: { 'x a': '1' } }],
    ['transfer-encoding', { headers: { 'transfer-encoding': 'chunked' } }],
    ['expect', { headers: { expect: '100-continue' } }],
    ['upgrade', { headers: { upgrade: 'websocket' } }],
    ['a method that is not a token', { method: 'GE T' }],
    ['a content-length that does not match the body', { method: 'POST', body: 'abc', headers: { 'content-length': '5' } }],
  ])('refuses %s, as undici does, with its error code', (_name, spec) => {
    expect(() => wireOf(requestOf(spec), HOST)).toThrow(expect.objectContaining({ code: 'UND_ERR_INVALID_ARG' }))
  })
})
