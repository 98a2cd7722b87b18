import { Buffer } from 'node:buffer'
import type { PreparedRequest, Wire } from '../../target/preparedRequest.ts'

/** A request the wire format refuses, with undici's code so both engines reject it the same way. */
export class InvalidRequestError extends Error {
  readonly code = 'UND_ERR_INVALID_ARG'
}

const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/
const INVALID_PATH = /[^\u0021-\u00ff]/
/** Methods whose requests carry a body by definition: an empty one is sent as `content-length: 0`, as undici does. */
const EXPECTS_PAYLOAD = new Set(['POST', 'PUT', 'PATCH', 'QUERY'])

/**
 * The HTTP/1.1 bytes of `request` for `host`, checked like undici's `Request` does (method token,
 * path characters, header names and values, and the headers undici forbids), so a request that
 * undici would refuse is refused here too. Static targets serialize once; the wire is cached on the request.
 */
export function wireOf(request: PreparedRequest, host: string): Wire {
  return (request.wire ??= serialize(request.options, host))
}

function serialize(options: PreparedRequest['options'], defaultHost: string): Wire {
  const { method, path, headers, body } = options
  if (!TOKEN.test(method)) throw new InvalidRequestError('invalid request method')
  if (path[0] !== '/') throw new InvalidRequestError('path must be an absolute URL or start with a slash')
  if (INVALID_PATH.test(path)) throw new InvalidRequestError('invalid request path')
  let host = defaultHost
  let close = method === 'HEAD'
  let declaredLength: string | undefined
  let lines = ''
  for (const key of Object.keys(headers)) {
    const value = headers[key]
    if (typeof value !== 'string') throw new InvalidRequestError(`invalid ${key} header`)
    const name = key.toLowerCase()
    if (!TOKEN.test(name)) throw new InvalidRequestError('invalid header key')
    if (INVALID_VALUE.test(value)) throw new InvalidRequestError(`invalid ${key} header`)
    switch (name) {
      case 'host':
        host = value
        continue
      case 'content-length':
        if (!/^\d+$/.test(value)) throw new InvalidRequestError('invalid content-length header')
        declaredLength = value
        continue
      case 'transfer-encoding':
      case 'keep-alive':
      case 'upgrade':
      case 'expect':
        throw new InvalidRequestError(`invalid ${name} header`)
      case 'connection':
        for (const token of value.toLowerCase().split(',')) {
          const trimmed = token.trim()
          if (!TOKEN.test(trimmed)) throw new InvalidRequestError('invalid connection header')
          if (trimmed === 'close') close = true
        }
        continue
    }
    lines += `${key}: ${value}\r\n`
  }
  const length = body === null ? 0 : body.byteLength
  if (declaredLength !== undefined && length > 0 && Number(declaredLength) !== length) {
    throw new InvalidRequestError(`content-length ${declaredLength} does not match the body's ${length} bytes`)
  }
  if (length > 0 || EXPECTS_PAYLOAD.has(method)) lines += `content-length: ${length}\r\n`
  const head = Buffer.from(`${method} ${path} HTTP/1.1\r\nhost: ${host}\r\nconnection: ${close ? 'close' : 'keep-alive'}\r\n${lines}\r\n`, 'latin1')
  return { bytes: length > 0 ? Buffer.concat([head, body!]) : head, head: method === 'HEAD', close }
}
