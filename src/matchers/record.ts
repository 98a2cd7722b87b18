import type { AssertionSink, JudgedAssertion } from '../results/assertion.ts'

/** The part of a runner's matcher `this` perfgate reads. */
export interface MatcherContext {
  isNot?: boolean
  testPath?: string
  currentTestName?: string
  task?: unknown
}

let sink: AssertionSink | undefined

export function setAssertionSink(next: AssertionSink | undefined): void {
  sink = next
}

export function recordAssertion(assertion: JudgedAssertion, context: MatcherContext): void {
  sink?.(assertion, context)
}

/** The first stack frame in the test file: where the user wrote `expect(...)`. */
export function callSite(stack: string | undefined, testPath: string | undefined): JudgedAssertion['location'] {
  if (!stack || !testPath) return undefined
  for (const line of stack.split('\n')) {
    const match = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line)
    if (!match) continue
    const file = match[1]!.replace(/^file:\/\//, '')
    if (file === testPath || file.endsWith(testPath)) return { file, line: Number(match[2]), column: Number(match[3]) }
  }
  return undefined
}
