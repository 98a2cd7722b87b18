import * as Y from 'yjs'
import { EMPTY_UPDATE } from './wire.ts'

/**
 * Folds a document's update log into one update with the same content and state vector; stored
 * updates are merged as bytes, without loading a document.
 */
export function compactUpdates(updates: readonly Uint8Array[]): Uint8Array {
  if (updates.length === 0) return EMPTY_UPDATE
  if (updates.length === 1) return updates[0]!
  return Y.mergeUpdates([...updates])
}

/** Compaction runs once the log holds more than `threshold` rows, so it never exceeds it for long. */
export function shouldCompact(rows: number, threshold: number): boolean {
  return rows > threshold
}
