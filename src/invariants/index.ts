export { History, history, showRange, within, type EffectRange, type HistoryOptions, type Op, type OpOutcome } from './history.ts'
export { invariants, type InvariantCheck, type InvariantOptions, type InvariantSampler } from './invariants.ts'
export { invariantRunProblem, type CheckReport, type InvariantRun, type Violation } from './violation.ts'
