/**
 * `import 'perfgate/vitest'` registers the perfgate matchers on Vitest's `expect`, with their types,
 * attaches every judged assertion to the running test's `task.meta.perfgate` for reporters, and
 * gives `toMatchBaseline` the baseline files (under the reporter's `baselineDir`, which reaches
 * test workers as an environment variable, or `__perf__/` beside each spec).
 */
import { expect } from 'vitest'
import { BASELINE_DIR_ENV, fileBaselineStore } from '../baseline/store.ts'
import type { JudgedAssertion } from '../results/assertion.ts'
import { perfgateMatchers } from './matchers.ts'
import { setAssertionSink } from './record.ts'
import { setBaselineStore } from './toMatchBaseline.ts'
import type { PerfgateMatchers } from './types.ts'

expect.extend(perfgateMatchers)
setBaselineStore(fileBaselineStore(() => process.env[BASELINE_DIR_ENV] || undefined))

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
