// Reservation strategies that are broken on purpose: the perf specs must catch each one.
export { readCommittedOverbook } from './readCommittedOverbook.ts'
export { staleCounterLostUpdate } from './staleCounterLostUpdate.ts'
