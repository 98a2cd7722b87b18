import { describe, expect, test } from 'vitest'
import { redactSecrets } from '../../src/redact/index.ts'

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

  test('keeps JSON valid when a secret ends at an escaped quote, on every pass', () => {
    const json = JSON.stringify({ summary: 'service "api password=hunter2" (pid 1)', request: 'GET /x "Cookie: sid=abc123; theme=dark"' })
    const once = redactSecrets(json)
    expect(JSON.parse(once)).toEqual({ summary: 'service "api password=***" (pid 1)', request: 'GET /x "Cookie: ***"' })
    expect(redactSecrets(once)).toBe(once)
    // Escapes that end a secret or sit inside it: redacted, written as JSON, redacted again, still JSON.
    for (const raw of ["password=abc\\'x", 'password=a\\\\"b', 'token=x\\y z', 'Cookie: sid=a\\"b; theme=dark']) {
      const twice = redactSecrets(JSON.stringify({ raw: redactSecrets(raw) }))
      const parsed = (JSON.parse(twice) as { raw: string }).raw
      expect(parsed, `${raw} → ${twice}`).toContain('***')
      expect(parsed).not.toMatch(/abc|a\\|x\\y|sid=a/)
    }
  })

  test('removes the secret and nothing else: the text after a header value is kept', () => {
    expect(redactSecrets(`request with Authorization: Bearer ${JWT}, 1,000 req/s`)).toBe('request with Authorization: ***, 1,000 req/s')
    expect(redactSecrets('| GET /x Cookie: sid=abc123; theme=dark | p95 |')).toBe('| GET /x Cookie: *** | p95 |')
    expect(redactSecrets('Basic auth works; Bearer sk_live_12345 to api')).toBe('Basic auth works; Bearer *** to api')
  })

  test('hides passwords in URLs without a scheme and every secret-looking query parameter', () => {
    expect(redactSecrets("load('user:S3cretPw@127.0.0.1:1/')")).toBe("load('user:***@127.0.0.1:1/')")
    expect(redactSecrets("path '127.0.0.1:1/?token=S3cretTok' needs")).toBe("path '127.0.0.1:1/?token=***' needs")
    expect(redactSecrets('GET /x?session=abcd&page=2&X-Amz-Signature=zz, 3 ms')).toBe('GET /x?session=***&page=2&X-Amz-Signature=***, 3 ms')
    expect(redactSecrets('host=db password=hunter2 dbname=x')).toBe('host=db password=*** dbname=x')
    expect(redactSecrets('user@example.com wrote at 10:30')).toBe('user@example.com wrote at 10:30')
  })

  test('hides a query value when a word of its name is a secret word, not when a word merely contains one', () => {
    expect(redactSecrets('GET /x?author=ann&keyword=perf&design=a&page=2&apiKey=k1&csrftoken=t1&session_id=u1&X-Amz-Signature=s1&sig=s2&secretkey=k2&JSESSIONID=j1'))
      .toBe('GET /x?author=ann&keyword=perf&design=a&page=2&apiKey=***&csrftoken=***&session_id=***&X-Amz-Signature=***&sig=***&secretkey=***&JSESSIONID=***')
  })

  test('is idempotent', () => {
    const once = redactSecrets(`http://u:pw@h/?token=t Authorization: Bearer ${JWT}`)
    expect(redactSecrets(once)).toBe(once)
  })
})
