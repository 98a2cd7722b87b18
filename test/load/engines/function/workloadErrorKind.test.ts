import { describe, expect, it } from 'vitest'
import { ErrorKinds, MAX_WORKLOAD_ERROR_KINDS, workloadErrorKind } from '../../../../src/load/engines/function/workloadErrorKind.ts'

describe('workloadErrorKind', () => {
  it('is the error code, else a class name other than Error, else error', () => {
    expect(workloadErrorKind(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED')
    expect(workloadErrorKind(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe('23505')
    expect(workloadErrorKind(new TypeError('x is undefined'))).toBe('TypeError')
    expect(workloadErrorKind(new Error('boom'))).toBe('error')
    expect(workloadErrorKind('a string')).toBe('error')
    expect(workloadErrorKind(undefined)).toBe('error')
  })

  it('never takes a message, or a code that looks like one', () => {
    const leaky = Object.assign(new Error('password=hunter2'), { code: 'password=hunter2 for postgres://u:p@db' })
    expect(workloadErrorKind(leaky)).toBe('error')
  })

  it('folds kinds past the cap into other', () => {
    const kinds = new ErrorKinds()
    const seen = Array.from({ length: MAX_WORKLOAD_ERROR_KINDS + 3 }, (_, i) => kinds.of({ code: `E${i}` }))
    expect(new Set(seen).size).toBe(MAX_WORKLOAD_ERROR_KINDS + 1)
    expect(seen.slice(-3)).toEqual(['other', 'other', 'other'])
    expect(kinds.of({ code: 'E0' })).toBe('E0')
  })
})
