import { expect as jestExpect } from '@jest/globals'
import { expectTypeOf, test } from 'vitest'
import 'perfgate/jest'
import { fromSamples, type CapacityResult } from 'perfgate'

const m = fromSamples([1, 2, 3])

test('perfgate matchers are typed on Jest assertions and return promises', () => {
  expectTypeOf(jestExpect(m).toMeetP95(500)).toEqualTypeOf<Promise<void>>()
  expectTypeOf(jestExpect(m).not.toHaveErrorRateBelow(0.01)).toEqualTypeOf<Promise<void>>()
  expectTypeOf(jestExpect(m).toMeetSLA).parameter(0).exclude<string>().toHaveProperty('p95')
  expectTypeOf(jestExpect({} as CapacityResult).not.toBeAtLeast(800)).toEqualTypeOf<Promise<void>>()

  // @ts-expect-error a limit is a number of milliseconds, not a string
  void jestExpect(m).toMeetP99('1s')
  // @ts-expect-error toMeetSLA takes known keys only
  void jestExpect(m).toMeetSLA({ latency: 5 })
  // @ts-expect-error toBeAtLeast needs a floor
  void jestExpect({} as CapacityResult).toBeAtLeast()
  // @ts-expect-error toMeetPercentile needs the percentile and the limit
  void jestExpect(m).toMeetPercentile(99)
})
