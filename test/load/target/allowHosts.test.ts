import { describe, expect, it } from 'vitest'
import { isPerfgateError } from '../../../src/errors/index.ts'
import { assertAllowedTarget, isLoopback } from '../../../src/load/target/allowHosts.ts'
import { redactUrl } from '../../../src/redact/index.ts'

describe('assertAllowedTarget', () => {
  it('allows loopback and refuses other hosts unless named', () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.8.9.10']) expect(() => assertAllowedTarget(new URL(`http://${host}:3000/`))).not.toThrow()
    expect(isLoopback('128.0.0.1')).toBe(false)
    // A *.localhost name may resolve anywhere (hosts file, DNS); it is not taken as loopback unresolved.
    expect(isLoopback('app.localhost')).toBe(false)
    expect(() => assertAllowedTarget(new URL('http://app.localhost:3000/'))).toThrow(/allowHosts: \['app.localhost'\]/)
    expect(() => assertAllowedTarget(new URL('http://app.localhost:3000/'), ['app.localhost'])).not.toThrow()
    let error: unknown
    try {
      assertAllowedTarget(new URL('http://user:hunter2@api.example.com/x?token=abc'))
    } catch (e) {
      error = e
    }
    expect(isPerfgateError(error, 'PERFGATE_ERR_TARGET_NOT_ALLOWED')).toBe(true)
    expect((error as Error).message).toMatch(/pass \{ allowHosts: \['api.example.com'\] \}/)
    expect((error as Error).message).not.toMatch(/hunter2|abc/)
    expect(() => assertAllowedTarget(new URL('http://api.staging.internal/'), ['api.staging.internal'])).not.toThrow()
    expect(() => assertAllowedTarget(new URL('ftp://127.0.0.1/'))).toThrow(/http: and https:/)
  })

  it('redacts the password and secret-looking query values', () => {
    expect(redactUrl('http://u:p@h/x?token=t&page=2&api_key=k')).toBe('http://u:***@h/x?token=***&page=2&api_key=***')
  })
})
