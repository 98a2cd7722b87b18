import { describe, expect, test } from 'vitest'
import { detectConflicts, hasSeen, type FieldWrite } from '../../perf/app/sync/index.ts'

const write = (client: number, clock: number, field: string, seen: Record<number, number> = {}): FieldWrite => ({
  client,
  clock,
  field,
  seen: new Map(Object.entries(seen).map(([c, n]) => [Number(c), n])),
})

describe('detectConflicts', () => {
  test('two clients writing the same field without seeing each other both conflict', () => {
    const report = detectConflicts([write(1, 0, 't1.status'), write(2, 0, 't1.status')])
    expect(report).toEqual({ writes: 2, conflicting: 2, rate: 1, conflictingWrites: ['1:0', '2:0'], conflictedFields: ['t1.status'] })
  })

  test('a write made after seeing the other is no conflict', () => {
    expect(detectConflicts([write(1, 0, 't1.status'), write(2, 0, 't1.status', { 1: 1 })]).conflicting).toBe(0)
  })

  test('seeing an older operation of the other client is not seeing its write', () => {
    expect(detectConflicts([write(1, 5, 't1.status'), write(2, 0, 't1.status', { 1: 5 })]).conflicting).toBe(2)
  })

  test('one client overwriting itself, or two clients on different fields, never conflict', () => {
    const report = detectConflicts([write(1, 0, 't1.status'), write(1, 1, 't1.status'), write(2, 0, 't1.assignee'), write(3, 0, 't2.status')])
    expect(report).toMatchObject({ writes: 4, conflicting: 0, rate: 0 })
  })

  test('only the writes a concurrent writer missed conflict; a re-delivered write counts once', () => {
    const writes = [write(1, 0, 't1.status'), write(2, 0, 't1.status', { 1: 1 }), write(3, 0, 't1.status', { 1: 1 }), write(3, 0, 't1.status', { 1: 1 })]
    const report = detectConflicts(writes)
    expect(report.writes).toBe(3)
    expect(report.conflictingWrites).toEqual(['2:0', '3:0'])
    expect(report.rate).toBeCloseTo(2 / 3)
  })

  test('hasSeen follows a client\'s own order', () => {
    expect(hasSeen(write(1, 3, 'f'), write(1, 2, 'f'))).toBe(true)
    expect(hasSeen(write(1, 2, 'f'), write(1, 3, 'f'))).toBe(false)
  })

  test('no writes, no rate', () => {
    expect(detectConflicts([]).rate).toBe(0)
  })
})
