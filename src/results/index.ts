export { baselineNote, type AssertionContext, type AssertionSink, type BaselineOutcome, type JudgedAssertion, type ReferenceRun } from './assertion.ts'
export { describeOutage, describeShape, verdictLine, verdictMargin } from './format.ts'
export { clearChannel, jestAssertionSink, readChannel, RESULTS_DIR_ENV, type ChannelRecord } from './jestChannel.ts'
export { estimatesOf } from './estimates.ts'
