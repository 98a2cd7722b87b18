import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { fromSamples } from '../../src/measure/fromSamples.ts'
import { baselineEntryOf } from '../../src/baseline/entry.ts'
import { baselinePath, readBaselineFile, writeBaselineEntry } from '../../src/baseline/store.ts'
import { tempDir } from '../report/runFixture.ts'

describe('baseline files', () => {
  test('live in __perf__ beside the spec, or under the baseline dir', () => {
    expect(baselinePath('/repo/perf/api.perf.ts')).toBe('/repo/perf/__perf__/api.perf.ts.baseline.json')
    expect(baselinePath('/repo/perf/api.perf.ts', '/tmp/b', '/repo')).toBe('/tmp/b/perf/api.perf.ts.baseline.json')
    expect(baselinePath('/elsewhere/api.perf.ts', '/tmp/b', '/repo')).toBe('/tmp/b/api.perf.ts.baseline.json')
  })

  test('keep other entries when one is written, with sorted keys', () => {
    using dir = tempDir('perfgate-baseline-store-')
    const file = join(dir.path, 'nested', 'a.spec.ts.baseline.json')
    expect(readBaselineFile(file)).toEqual({ schemaVersion: 1, entries: {} })
    const entry = baselineEntryOf(fromSamples([1, 2, 3]))
    writeBaselineEntry(file, 'zeta', entry)
    writeBaselineEntry(file, 'alpha', entry)
    const text = readFileSync(file, 'utf8')
    expect(Object.keys(JSON.parse(text).entries)).toEqual(['alpha', 'zeta'])
    expect(readBaselineFile(file).entries.zeta).toEqual(entry)
  })

  test('refuse a corrupt or foreign file with a stable code and the fix', () => {
    using dir = tempDir('perfgate-baseline-store-')
    const file = join(dir.path, 'x.baseline.json')
    writeFileSync(file, '{ nope')
    expect(() => readBaselineFile(file)).toThrow(expect.objectContaining({ code: 'PERFGATE_ERR_BASELINE', message: expect.stringMatching(/run with -u/) }))
    writeFileSync(file, '{"schemaVersion": 9, "entries": {}}')
    expect(() => readBaselineFile(file)).toThrow(/schemaVersion 9; this perfgate reads 1/)
  })
})
