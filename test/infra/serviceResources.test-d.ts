import { expect, expectTypeOf, test } from 'vitest'
import 'perfgate/vitest'
import type { InvariantRun, ResourceUsage } from 'perfgate'
import type { StartedService } from 'perfgate/fixtures'

test("what a service's during() hands back is the ResourceUsage toStayWithin judges", () => {
  expectTypeOf<Awaited<ReturnType<StartedService['during']>>['resources']>().toEqualTypeOf<ResourceUsage>()
})

test('toStayWithin and toHaveNoViolations are typed on Vitest assertions', () => {
  const usage = {} as ResourceUsage
  const run = {} as InvariantRun
  expectTypeOf(expect(usage).toStayWithin({ cpu: 0.7, rssMb: 2048 })).toEqualTypeOf<Promise<void>>()
  expectTypeOf(expect(run).toHaveNoViolations()).toEqualTypeOf<Promise<void>>()
  // @ts-expect-error resource limits take known keys only
  void expect(usage).toStayWithin({ memory: 5 })
})
