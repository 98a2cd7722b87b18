import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { declaredExports, PUBLIC_API, RUNNER_FREE_ENTRIES, type Entry } from './api.ts'

const root = resolve(import.meta.dirname, '../..')
const sorted = (names: readonly string[]): string[] => [...names].sort()

test.each(Object.keys(PUBLIC_API) as Entry[])('perfgate%s declares exactly its public names, each by name', (entry) => {
  const { source, values, types } = PUBLIC_API[entry]
  const declared = declaredExports(readFileSync(join(root, source), 'utf8'))
  expect(declared.star, `${source} uses export *`).toBe(false)
  expect({ values: declared.values, types: declared.types }).toEqual({ values: sorted(values), types: sorted(types) })
})

test.each([...RUNNER_FREE_ENTRIES])('perfgate%s exports at run time exactly its public values', async (entry) => {
  const module = (await import(/* @vite-ignore */ entry === '.' ? 'perfgate' : `perfgate${entry.slice(1)}`)) as Record<string, unknown>
  expect(Object.keys(module).sort()).toEqual(sorted(PUBLIC_API[entry].values))
})

test('test-only helpers stay internal', () => {
  const surface = new Set<string>(Object.values(PUBLIC_API).flatMap((e) => [...e.values, ...e.types]))
  for (const name of ['sweepLeftovers', 'TEST_SERVER_SETTINGS', 'setAssertionSink', 'LatencyRecorder', 'TimelineRecorder', 'measurementOf', 'tempRoot', 'buildResults']) {
    expect(surface.has(name), name).toBe(false)
  }
})
