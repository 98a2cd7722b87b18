import { describe, expect, it } from 'vitest'
import { load } from '../../../src/load/index.ts'
import { sourceOf } from '../../../src/load/target/requestSource.ts'
import { startServer } from '../servers/startServer.ts'

const settings = { timeoutMs: 1000, baseUrl: 'http://127.0.0.1:3000' }

describe('sourceOf', () => {
  it('interleaves a weighted mix in exact shares', () => {
    const source = sourceOf({ mix: [{ tag: 'a', weight: 7, request: '/a' }, { tag: 'b', weight: 2, request: '/b' }, { tag: 'c', weight: 1, request: '/c' }] }, settings)
    const picks = Array.from({ length: 1000 }, () => source.next(0).tag)
    expect(picks.filter((t) => t === 'a')).toHaveLength(700)
    expect(picks.filter((t) => t === 'b')).toHaveLength(200)
    expect(picks.filter((t) => t === 'c')).toHaveLength(100)
    // Evenly spread: no tag waits more than a cycle of 10.
    expect(picks.slice(0, 10).filter((t) => t === 'c')).toHaveLength(1)
    expect(source.tags).toEqual(['a', 'b', 'c'])
  })

  it('prepares a spec once: JSON body with its content type, basic auth from the URL', () => {
    const source = sourceOf({ url: 'http://u:p@127.0.0.1:3000/tasks?x=1', method: 'POST', body: { a: 1 } }, settings)
    const request = source.next(0)
    expect(request).toBe(source.next(1))
    expect(request.options).toMatchObject({ path: '/tasks?x=1', method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic dTpw' } })
    expect(request.options.body?.toString()).toBe('{"a":1}')
    expect(source.origin).toBe('http://127.0.0.1:3000')
    expect(source.display).toBe('POST http://127.0.0.1:3000/tasks?x=1')
  })

  it('keeps a request function on the run’s origin', () => {
    const source = sourceOf(({ iteration }) => ({ url: iteration < 2 ? `http://127.0.0.1:3000/t/${iteration}` : 'http://127.0.0.1:4000/t' }), { timeoutMs: 1000 })
    expect(source.next(0).options.path).toBe('/t/0')
    expect(source.next(0).options.path).toBe('/t/1')
    expect(() => source.next(0)).toThrow(/outside this run's origin http:\/\/127.0.0.1:3000/)
    const relative = sourceOf(({ iteration }) => ({ path: iteration === 0 ? '/t' : 'tasks/42?token=abc' }), settings)
    relative.next(0)
    expect(() => relative.next(0)).toThrow(/returned the path 'tasks\/42\?token=\*\*\*', which needs a leading '\/'/)
  })

  it('explains what a target must be', () => {
    expect(() => sourceOf({ path: '/tasks' }, { timeoutMs: 1000 })).toThrow(/needs an origin: pass \{ baseUrl/)
    expect(() => sourceOf({ mix: [{ tag: 'a', weight: 0, request: '/a' }] }, settings)).toThrow(/weight must be a number above 0/)
    expect(() => sourceOf({ mix: [{ tag: 'a', weight: 1, request: '/a' }, { tag: 'a', weight: 1, request: '/b' }] }, settings)).toThrow(/unique/)
    expect(() => sourceOf(() => Promise.resolve({ path: '/' }) as never, settings)).toThrow(/got a Promise/)
  })

  it('keeps credentials out of messages about bad request specs', () => {
    const messageOf = (run: () => unknown): string => {
      try {
        run()
      } catch (error) {
        return (error as Error).message
      }
      throw new Error('expected an error')
    }
    const noUrl = messageOf(() => sourceOf(() => ({ headers: { authorization: 'Bearer eyJhbGciOi.secret.sig' } }), settings).next(0))
    expect(noUrl).toMatch(/got an object with keys headers/)
    expect(noUrl).not.toMatch(/eyJ|secret/)
    const both = messageOf(() => sourceOf({ url: 'http://127.0.0.1:3000/', path: '/x?token=eyJhbGciOi.secret.sig' }, settings))
    expect(both).toMatch(/not both/)
    expect(both).not.toMatch(/eyJ|secret/)
  })

  it('calls a request function exactly once per request', async () => {
    await using server = await startServer({ kind: 'delay', delayMs: 1 })
    const iterations: number[] = []
    const m = await load(({ iteration }) => {
      iterations.push(iteration)
      return { path: `/t/${iteration}` }
    }, { baseUrl: server.url, connections: 1, requests: 10 })
    expect(m.count).toBe(10)
    expect(iterations).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })
})
