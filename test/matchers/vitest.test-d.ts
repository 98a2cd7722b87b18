import { expect, expectTypeOf, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples, type CapacityResult, type Measurement } from 'perfgate'

const m: Measurement = fromSamples([1, 2, 3])

test('perfgate matchers are typed on Vitest assertions and return promises', () => {
  expectTypeOf(expect(m).toMeetP95(500)).toEqualTypeOf<Promise<void>>()
  expectTypeOf(expect(m).not.toMeetP99(500)).toEqualTypeOf<Promise<void>>()
  expectTypeOf(expect(() => 1).toMeetPercentile).parameter(0).toEqualTypeOf<number>()
  expectTypeOf(expect(() => 1).toMeetPercentile).parameter(1).toEqualTypeOf<number>()
  expectTypeOf(expect(m).toMeetSLA).parameter(0).exclude<string>().toHaveProperty('errorRate')
  expectTypeOf(expect(m.rate('cache_hit')).toHaveRateAtLeast(0.8)).toEqualTypeOf<Promise<void>>()
  expectTypeOf(expect({} as CapacityResult).toBeAtLeast(800)).toEqualTypeOf<Promise<void>>()
  expectTypeOf(m.trend('emr_sync')).toEqualTypeOf<Measurement>()
  expectTypeOf(m.counter('jobs')).toEqualTypeOf<number>()

  // @ts-expect-error a limit is a number of milliseconds, not a string
  void expect(m).toMeetP95('500ms')
  // @ts-expect-error toMeetSLA takes known keys only
  void expect(m).toMeetSLA({ p96: 5 })
  // @ts-expect-error a rate limit is a fraction, not a string
  void expect(m).toHaveRateAtLeast('80%')
  // @ts-expect-error a capacity floor is a rate, not a string
  void expect({} as CapacityResult).toBeAtLeast('800/s')
  // @ts-expect-error toSustainRps needs a rate
  void expect(m).toSustainRps()
  // @ts-expect-error bench options are checked too
  void expect(() => 1).toMeetP95(5, { bench: { duration: '1s' } })
  // Every threshold matcher takes a window; toMatchBaseline takes runs.
  expectTypeOf(expect(m).toHaveErrorRateBelow(0.01, { window: '10s' })).toEqualTypeOf<Promise<void>>()
  expectTypeOf(expect([m, m]).toMatchBaseline({ runs: 2 })).toEqualTypeOf<Promise<void>>()
  // @ts-expect-error a window is a duration
  void expect(m).toMeetP95(5, { window: 'ten seconds' })
})
