export { perfgateMatchers } from './matchers.ts'
export type { MatcherOptions, Measurable } from './received.ts'
export type { JudgedAssertion } from './record.ts'
export type { PerfgateMatchers } from './types.ts'
