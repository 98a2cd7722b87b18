import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { isPerfgateError } from '../../src/errors/index.ts'
import { probeContainerRuntime } from '../../src/fixtures/providers/containerRuntime.ts'
import { postgres, redis } from '../../src/fixtures/index.ts'

// This machine has no container runtime (no DOCKER_HOST, no socket): the container provider must
// say so quickly and let the embedded provider serve.
beforeEach(() => {
  vi.stubEnv('PERFGATE_PROVIDER', undefined)
  vi.stubEnv('PERFGATE_POSTGRES_URL', undefined)
  vi.stubEnv('PERFGATE_REDIS_URL', undefined)
  vi.stubEnv('DOCKER_HOST', undefined)
})
afterEach(() => {
  vi.unstubAllEnvs()
})

describe('the container provider without a runtime', () => {
  test('the probe answers within a couple of seconds, naming what it checked', async () => {
    const started = performance.now()
    const probe = await probeContainerRuntime()
    expect(performance.now() - started).toBeLessThan(2000)
    expect(probe).toMatchObject({ ok: false, reason: expect.stringMatching(/DOCKER_HOST is not set and none of \/var\/run\/docker\.sock/) })
  })

  test('a DOCKER_HOST socket that does not exist is reported as such', async () => {
    vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent/docker.sock')
    expect(await probeContainerRuntime()).toEqual({ ok: false, reason: 'DOCKER_HOST is unix:///nonexistent/docker.sock but that socket does not exist' })
  })

  test('forced with PERFGATE_PROVIDER=container, Postgres fails fast with the reason and the fix', async () => {
    vi.stubEnv('PERFGATE_PROVIDER', 'container')
    const started = performance.now()
    const error = await postgres().catch((e: unknown) => e)
    expect(performance.now() - started).toBeLessThan(3000)
    expect(isPerfgateError(error, 'PERFGATE_ERR_NO_PROVIDER')).toBe(true)
    expect((error as Error).message).toMatch(/^No Postgres provider could start\. Tried, in order:\n {2}- container: no container runtime: .* Fix: start Docker or Podman \(or set DOCKER_HOST\)\./)
  })

  test('unforced, Postgres and Redis fall back to embedded', async () => {
    await using db = await postgres()
    await using r = await redis()
    expect(db.provider).toBe('embedded')
    expect(r.provider).toBe('embedded')
  })
})

test('when no provider works, one error lists every provider, its reason and its fix', async () => {
  vi.stubEnv('PERFGATE_REDIS_SERVER', '/nonexistent/redis-server')
  const error = await redis().catch((e: unknown) => e)
  expect(isPerfgateError(error, 'PERFGATE_ERR_NO_PROVIDER')).toBe(true)
  const message = (error as Error).message
  expect(message.split('\n')).toEqual([
    'No Redis provider could start. Tried, in order:',
    '  - url: PERFGATE_REDIS_URL is not set and no url option was given. Fix: set PERFGATE_REDIS_URL=redis://host:6379.',
    expect.stringMatching(/^ {2}- container: no container runtime: DOCKER_HOST is not set and none of .* exists\. Fix: start Docker or Podman \(or set DOCKER_HOST\)\.$/),
    '  - embedded: no /nonexistent/redis-server binary was found on PATH. Fix: install Redis (apt-get install redis-server, brew install redis) or set PERFGATE_REDIS_SERVER to its path.',
    'Next step: apply one of the fixes above (setting the URL variable is the quickest), or force a provider with PERFGATE_PROVIDER=url|container|embedded.',
  ])
})

test('an unknown PERFGATE_PROVIDER is rejected with the valid names', async () => {
  vi.stubEnv('PERFGATE_PROVIDER', 'docker')
  await expect(redis()).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_OPTION', message: "PERFGATE_PROVIDER is 'docker', which is not a provider. Use one of: url, container, embedded (or leave it unset to try them in that order)." })
})

test('an explicit URL wins over the other providers, and its failure is not hidden by a fallback', async () => {
  vi.stubEnv('PERFGATE_REDIS_URL', 'redis://:pa55word@127.0.0.1:1')
  const error = await redis().catch((e: unknown) => e)
  expect(isPerfgateError(error, 'PERFGATE_ERR_PROVIDER_FAILED')).toBe(true)
  expect((error as Error).message).toContain('redis://:***@127.0.0.1:1')
  expect((error as Error).message).not.toContain('pa55word')
})
