export { perfgateMatchers } from './matchers.ts'
export type { MatcherOptions, Measurable } from './received.ts'
export type { JudgedAssertion } from '../results/assertion.ts'
export type { PerfgateMatchers } from './types.ts'
