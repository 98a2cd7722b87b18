import * as Y from 'yjs'
import { TASKS_ROOT } from './fieldWrites.ts'

export type RegisterField = 'status' | 'assignee'

/** A device's record of one edit it made, with its state vector at that moment (client → clock). */
export type Edit =
  | { kind: 'set'; device: string; client: number; clock: number; task: string; field: RegisterField; value: string; seen: ReadonlyMap<number, number> }
  | { kind: 'note'; device: string; client: number; clock: number; task: string; text: string; seen: ReadonlyMap<number, number> }

/** The plain content of a task document, keys sorted, for comparing replicas. */
export type TaskSnapshot = Record<string, { status: string; assignee: string; notes: string }>

export function tasksOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(TASKS_ROOT)
}

/** Adds the task's map if it is missing; returns it. */
export function ensureTask(doc: Y.Doc, task: string): Y.Map<unknown> {
  const tasks = tasksOf(doc)
  let map = tasks.get(task)
  if (!map) {
    map = new Y.Map<unknown>()
    doc.transact(() => {
      tasks.set(task, map!)
      map!.set('notes', new Y.Text())
    })
  }
  return map
}

export function snapshotTasks(doc: Y.Doc): TaskSnapshot {
  const tasks = tasksOf(doc)
  const snapshot: TaskSnapshot = {}
  for (const id of [...tasks.keys()].sort()) {
    const task = tasks.get(id)!
    const notes = task.get('notes')
    snapshot[id] = {
      status: textOf(task.get('status')),
      assignee: textOf(task.get('assignee')),
      notes: notes instanceof Y.Text ? notes.toJSON() : '',
    }
  }
  return snapshot
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)
}

export function stateVectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc))
}
