export { perfgateMatchers } from './matchers.ts'
export type { MatcherOptions, Measurable } from './received.ts'
export { setAssertionSink, type AssertionSink, type JudgedAssertion, type MatcherContext } from './record.ts'
export type { PerfgateMatchers } from './types.ts'
