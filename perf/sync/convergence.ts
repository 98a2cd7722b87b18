import { hasSeen, type Edit, type FieldWrite, type TaskSnapshot } from '../app/sync/index.ts'

export interface ReplicaState {
  name: string
  content: TaskSnapshot
  stateVector: ReadonlyMap<number, number>
}

export interface ConvergenceReport {
  converged: boolean
  /** One line per problem, starting with its kind: `content differs`, `state vector differs`, `lost write`, `lost note`, `duplicated note`. */
  problems: string[]
}

/**
 * Replicas converged when all hold identical content and state vectors, and that content lost
 * nothing: each register holds the value of a write no other write had seen, and every note
 * inserted appears exactly once.
 */
export function checkConvergence(replicas: readonly ReplicaState[], edits: readonly Edit[]): ConvergenceReport {
  const problems: string[] = []
  const [reference, ...others] = replicas
  if (!reference) return { converged: false, problems: ['no replicas to compare'] }
  for (const replica of others) {
    const difference = firstDifference(reference.content, replica.content)
    if (difference) problems.push(`content differs: ${difference} (${reference.name} vs ${replica.name})`)
    if (!sameStateVector(reference.stateVector, replica.stateVector)) {
      problems.push(`state vector differs: ${formatVector(reference.stateVector)} (${reference.name}) vs ${formatVector(replica.stateVector)} (${replica.name})`)
    }
  }
  problems.push(...lostEdits(reference.content, edits))
  return { converged: problems.length === 0, problems }
}

function firstDifference(a: TaskSnapshot, b: TaskSnapshot): string | undefined {
  const ids = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  for (const id of ids) {
    const left = a[id]
    const right = b[id]
    if (!left || !right) return `task ${id} ${left ? 'missing' : 'extra'}`
    for (const field of ['status', 'assignee', 'notes'] as const) {
      if (left[field] !== right[field]) return `${id}.${field} ${JSON.stringify(left[field])} vs ${JSON.stringify(right[field])}`
    }
  }
  return undefined
}

function sameStateVector(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  if (a.size !== b.size) return false
  for (const [client, clock] of a) if (b.get(client) !== clock) return false
  return true
}

function formatVector(vector: ReadonlyMap<number, number>): string {
  return `{${[...vector].sort((x, y) => x[0] - y[0]).map(([client, clock]) => `${client}:${clock}`).join(', ')}}`
}

function lostEdits(content: TaskSnapshot, edits: readonly Edit[]): string[] {
  const problems: string[] = []
  const writesByField = new Map<string, Array<FieldWrite & { value: string; device: string }>>()
  for (const edit of edits) {
    if (edit.kind === 'note') {
      const notes = content[edit.task]?.notes ?? ''
      const count = notes.split(edit.text).length - 1
      if (count === 0) problems.push(`lost note: ${edit.device}'s ${JSON.stringify(edit.text)} on ${edit.task}`)
      if (count > 1) problems.push(`duplicated note: ${edit.device}'s ${JSON.stringify(edit.text)} appears ${count} times on ${edit.task}`)
      continue
    }
    const field = `${edit.task}.${edit.field}`
    const list = writesByField.get(field) ?? []
    list.push({ client: edit.client, clock: edit.clock, field, seen: edit.seen, value: edit.value, device: edit.device })
    writesByField.set(field, list)
  }
  for (const [field, writes] of writesByField) {
    const survivors = writes.filter((write) => !writes.some((other) => other !== write && hasSeen(other, write)))
    const [task, name] = field.split('.') as [string, 'status' | 'assignee']
    const value = content[task]?.[name]
    if (!survivors.some((write) => write.value === value)) {
      problems.push(`lost write: ${field} is ${JSON.stringify(value)}, but the latest writes were ${survivors.map((w) => `${JSON.stringify(w.value)} by ${w.device}`).join(', ')}`)
    }
  }
  return problems
}
