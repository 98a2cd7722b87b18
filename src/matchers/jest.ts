/**
 * `import 'perfgate/jest'` registers the perfgate matchers on Jest's `expect` (from @jest/globals
 * or the global one), with their types. Judged assertions go to the side channel that the
 * perfgate Jest reporter reads, when it is configured; `toMatchBaseline` gets the baseline files
 * (under the reporter's `baselineDir`, or `__perf__/` beside each spec).
 */
import { expect } from '@jest/globals'
import { BASELINE_DIR_ENV, fileBaselineStore } from '../baseline/store.ts'
import { jestAssertionSink } from '../results/jestChannel.ts'
import { perfgateMatchers } from './matchers.ts'
import { setAssertionSink } from './record.ts'
import { setBaselineStore } from './toMatchBaseline.ts'
import type { PerfgateMatchers } from './types.ts'

expect.extend(perfgateMatchers as unknown as Parameters<typeof expect.extend>[0])
setAssertionSink(jestAssertionSink)
setBaselineStore(fileBaselineStore(() => process.env[BASELINE_DIR_ENV] || undefined))

declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Matchers<R extends void | Promise<void>, T = unknown> extends PerfgateMatchers<Promise<void>> {}
}

export type { JudgedAssertion } from '../results/assertion.ts'
export type { PerfgateMatchers } from './types.ts'
