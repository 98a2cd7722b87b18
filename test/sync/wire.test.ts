import { describe, expect, test } from 'vitest'
import { decodeSyncFrame, encodeSyncFrame, isEmptyUpdate } from '../../perf/app/sync/wire.ts'

describe('sync frame', () => {
  test('round-trips a state vector and an update', () => {
    const frame = { stateVector: new Uint8Array([1, 2, 3]), update: new Uint8Array([9, 8, 7, 6]) }
    expect(decodeSyncFrame(encodeSyncFrame(frame))).toEqual(frame)
  })

  test('rejects frames that are too short for what they declare', () => {
    expect(() => decodeSyncFrame(new Uint8Array([0, 0]))).toThrow(RangeError)
    expect(() => decodeSyncFrame(new Uint8Array([0, 0, 0, 9, 1]))).toThrow(/9-byte state vector/)
  })

  test('knows the empty update', () => {
    expect(isEmptyUpdate(new Uint8Array([0, 0]))).toBe(true)
    expect(isEmptyUpdate(new Uint8Array([1, 0]))).toBe(false)
  })
})
