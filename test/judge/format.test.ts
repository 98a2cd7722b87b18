import { expect, test } from 'vitest'
import { formatMargin, formatValue } from '../../src/judge/index.ts'
import { verdictMargin } from '../../src/results/format.ts'

test('a value never measured (no readings, no samples) prints as a dash, not NaN', () => {
  expect(formatValue(Number.NaN, 'MB')).toBe('—')
  expect(formatValue(Number.NaN, 'count')).toBe('—')
  expect(formatMargin(Number.NaN)).toBe('—')
  const facts = { metric: 'violations', bound: 'at-most', limit: 0, unit: 'count', summary: 'violations', hint: 'look' } as const
  expect(verdictMargin({ ...facts, measured: Number.NaN, margin: Number.NaN, samples: 0, status: 'inconclusive', reason: 'no-data' })).toBe('—')
  // Measured values print as before.
  expect(formatValue(180, 'MB')).toBe('180 MB')
  expect(verdictMargin({ ...facts, measured: 3, margin: -3, samples: 10, status: 'fail' })).toBe('−3')
})
