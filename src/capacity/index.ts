export { findCapacity } from './findCapacity.ts'
export type { CapacityOptions } from './capacityOptions.ts'
