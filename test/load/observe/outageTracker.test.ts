import { describe, expect, test } from 'vitest'
import { OutageTracker } from '../../../src/load/observe/outageTracker.ts'

// Outcomes at given ms after an origin of 1000: undefined is an answer, a string a failure kind.
function outagesOf(outcomes: ReadonlyArray<[number, string | undefined]>): ReturnType<OutageTracker['toData']> {
  const tracker = new OutageTracker(1000)
  for (const [atMs, kind] of outcomes) tracker.outcome(1000 + atMs, kind)
  return tracker.toData()
}

describe('OutageTracker', () => {
  test('a second or more of refused connections, then an answer, is one recovered outage', () => {
    expect(outagesOf([[100, undefined], [200, 'connection-reset'], [300, 'connection-refused'], [1100, 'connection-refused'], [1500, undefined], [1600, undefined]])).toEqual([
      { startMs: 200, endMs: 1500, errors: 3, recoveryMs: 1300 },
    ])
  })

  test('a blip under a second is not an outage', () => {
    expect(outagesOf([[100, 'connection-reset'], [400, 'connection-refused'], [900, undefined]])).toEqual([])
  })

  test('an HTTP error answer ends it: the server is reachable again', () => {
    expect(outagesOf([[0, 'connection-refused'], [1200, 'http-5xx']])).toEqual([{ startMs: 0, endMs: 1200, errors: 1, recoveryMs: 1200 }])
  })

  test('timeouts belong to a stretch but never start one', () => {
    expect(outagesOf([[0, 'timeout'], [1500, 'timeout'], [1600, undefined]])).toEqual([])
    expect(outagesOf([[0, 'connection-refused'], [800, 'timeout'], [1500, undefined]])).toEqual([{ startMs: 0, endMs: 1500, errors: 2, recoveryMs: 1500 }])
  })

  test('a server still down when the run ends has an outage without a recovery time', () => {
    expect(outagesOf([[0, undefined], [500, 'connection-refused'], [2500, 'connection-refused']])).toEqual([{ startMs: 500, endMs: 2500, errors: 2 }])
  })
})
