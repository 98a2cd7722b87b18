/**
 * A write to a register field of a task (`status`, `assignee`), with what its writer had seen: the
 * writer's state vector when it wrote (client id → number of that client's operations it had).
 */
export interface FieldWrite {
  client: number
  clock: number
  /** `${taskId}.${fieldName}` */
  field: string
  seen: ReadonlyMap<number, number>
}

export interface ConflictReport {
  writes: number
  conflicting: number
  /** conflicting / writes; 0 without writes. */
  rate: number
  /** `client:clock` of every conflicting write, sorted. */
  conflictingWrites: string[]
  /** Fields written concurrently at least once, sorted. */
  conflictedFields: string[]
}

/** `a` had seen `b` when `a`'s writer held `b`'s operation; a client sees its own earlier writes. */
export function hasSeen(a: FieldWrite, b: FieldWrite): boolean {
  if (a.client === b.client) return a.clock > b.clock
  return (a.seen.get(b.client) ?? 0) > b.clock
}

export function writeKey(write: Pick<FieldWrite, 'client' | 'clock'>): string {
  return `${write.client}:${write.clock}`
}

/**
 * A write conflicts when another client wrote the same field and neither writer had seen the
 * other's write. The same write reported twice (a re-delivered update) counts once.
 */
export function detectConflicts(writes: Iterable<FieldWrite>): ConflictReport {
  const byField = new Map<string, Map<string, FieldWrite>>()
  for (const write of writes) {
    let group = byField.get(write.field)
    if (!group) byField.set(write.field, (group = new Map()))
    if (!group.has(writeKey(write))) group.set(writeKey(write), write)
  }
  const conflicting = new Set<string>()
  const conflictedFields: string[] = []
  let total = 0
  for (const [field, group] of byField) {
    const list = [...group.values()]
    total += list.length
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!
        const b = list[j]!
        if (a.client === b.client || hasSeen(a, b) || hasSeen(b, a)) continue
        conflicting.add(writeKey(a))
        conflicting.add(writeKey(b))
        if (conflictedFields.at(-1) !== field) conflictedFields.push(field)
      }
    }
  }
  return {
    writes: total,
    conflicting: conflicting.size,
    rate: total === 0 ? 0 : conflicting.size / total,
    conflictingWrites: [...conflicting].sort(),
    conflictedFields: conflictedFields.sort(),
  }
}
