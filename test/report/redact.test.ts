import { describe, expect, test } from 'vitest'
import { redactSecrets } from '../../src/report/redact.ts'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcmFjdGl0aW9uZXItMSJ9.c2lnbmF0dXJlLWJ5dGVz'

describe('redactSecrets', () => {
  test('hides JWTs wherever they appear', () => {
    expect(redactSecrets(`token ${JWT} used`)).toBe('token *** used')
    expect(redactSecrets(`"${JWT}"`)).toBe('"***"')
  })

  test('hides Authorization header values and bearer tokens', () => {
    expect(redactSecrets('Authorization: Bearer abc.def-123')).toBe('Authorization: ***')
    expect(redactSecrets('{"authorization":"Basic dXNlcjpwYXNz"}')).toBe('{"authorization":"***"}')
    expect(redactSecrets('sent Bearer sk_live_12345 to api')).toBe('sent Bearer *** to api')
    expect(redactSecrets('x-api-key=abcdef123')).toBe('x-api-key=***')
  })

  test('hides passwords in URLs and secret query parameters, keeping the rest', () => {
    expect(redactSecrets('postgres://app:s3cret@db:5432/app')).toBe('postgres://app:***@db:5432/app')
    expect(redactSecrets('redis://:hunter2@127.0.0.1:6379')).toBe('redis://:***@127.0.0.1:6379')
    expect(redactSecrets('GET http://h/tasks?page=2&token=abc123&x=1')).toBe('GET http://h/tasks?page=2&token=***&x=1')
  })

  test('keeps JSON valid and ordinary text untouched', () => {
    const json = JSON.stringify({ target: 'postgres://u:secret@h/db', jwt: JWT, name: 'GET /tasks/:id p95 < 500 ms' })
    const redacted = redactSecrets(json)
    expect(JSON.parse(redacted)).toEqual({ target: 'postgres://u:***@h/db', jwt: '***', name: 'GET /tasks/:id p95 < 500 ms' })
    expect(redactSecrets('p95 312 ms, limit <= 500 ms (+37.6%) http://127.0.0.1:3000/tasks')).toBe('p95 312 ms, limit <= 500 ms (+37.6%) http://127.0.0.1:3000/tasks')
  })
})
