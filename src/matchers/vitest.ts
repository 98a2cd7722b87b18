/**
 * `import 'perfgate/vitest'` registers the perfgate matchers on Vitest's `expect`, with their types,
 * and attaches every judged assertion to the running test's `task.meta.perfgate` for reporters.
 */
import { expect } from 'vitest'
import { perfgateMatchers } from './matchers.ts'
import { setAssertionSink, type JudgedAssertion } from '../results/assertion.ts'
import type { PerfgateMatchers } from './types.ts'

expect.extend(perfgateMatchers)

setAssertionSink((assertion, context) => {
  const task = context.task as { meta?: { perfgate?: JudgedAssertion[] } } | undefined
  if (!task?.meta) return
  ;(task.meta.perfgate ??= []).push(assertion)
})

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Assertion<R, T> extends PerfgateMatchers<Promise<void>> {}
  interface TaskMeta {
    /** Verdicts and measurement summaries of the perfgate assertions the test made. */
    perfgate?: JudgedAssertion[]
  }
}

export type { JudgedAssertion } from '../results/assertion.ts'
export type { PerfgateMatchers } from './types.ts'
