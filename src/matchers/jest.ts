/**
 * `import 'perfgate/jest'` registers the perfgate matchers on Jest's `expect` (from @jest/globals
 * or the global one), with their types. Judged assertions go to the side channel that the
 * perfgate Jest reporter reads, when it is configured.
 */
import { expect } from '@jest/globals'
import { jestAssertionSink } from '../results/jestChannel.ts'
import { perfgateMatchers } from './matchers.ts'
import { setAssertionSink } from '../results/assertion.ts'
import type { PerfgateMatchers } from './types.ts'

expect.extend(perfgateMatchers as unknown as Parameters<typeof expect.extend>[0])
setAssertionSink(jestAssertionSink)

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Matchers<R extends void | Promise<void>, T = unknown> extends PerfgateMatchers<Promise<void>> {}
}

export type { JudgedAssertion } from '../results/assertion.ts'
export type { PerfgateMatchers } from './types.ts'
