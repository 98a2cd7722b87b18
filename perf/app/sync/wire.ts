/**
 * The body of `POST /docs/:id/sync`, both ways: a state vector and a Yjs update in one binary frame
 * (4-byte big-endian length of the state vector, the state vector, then the update).
 */
export interface SyncFrame {
  stateVector: Uint8Array
  update: Uint8Array
}

/** A Yjs update with no structs and no deletions. */
export const EMPTY_UPDATE: Uint8Array = new Uint8Array([0, 0])

export function encodeSyncFrame({ stateVector, update }: SyncFrame): Uint8Array {
  const frame = new Uint8Array(4 + stateVector.length + update.length)
  new DataView(frame.buffer).setUint32(0, stateVector.length)
  frame.set(stateVector, 4)
  frame.set(update, 4 + stateVector.length)
  return frame
}

export function decodeSyncFrame(frame: Uint8Array): SyncFrame {
  if (frame.length < 4) throw new RangeError(`sync frame of ${frame.length} bytes is too short`)
  const svLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0)
  if (4 + svLength > frame.length) throw new RangeError(`sync frame declares a ${svLength}-byte state vector in ${frame.length} bytes`)
  return {
    stateVector: frame.subarray(4, 4 + svLength),
    update: frame.subarray(4 + svLength),
  }
}

export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 0 || (update.length === 2 && update[0] === 0 && update[1] === 0)
}
