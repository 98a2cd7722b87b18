import { randomUUID } from 'node:crypto'
import { createClient } from 'redis'

/** A job as a handler sees it. */
export interface Job {
  id: string
  type: string
  payload: unknown
  /** 1 on the first try. */
  attempt: number
}

/** A job's state as stored in Redis; times are epoch ms (fractional). */
export interface JobRecord {
  id: string
  type: string
  status: 'queued' | 'running' | 'done' | 'failed'
  attempts: number
  enqueuedAt: number
  /** When a worker first took it: `firstStartedAt - enqueuedAt` is the job's wait. */
  firstStartedAt?: number
  /** When its last attempt started: `finishedAt - startedAt` is its processing time. */
  startedAt?: number
  finishedAt?: number
  /** The last failure's message. */
  error?: string
}

export type JobHandler = (job: Job) => Promise<void>

export interface JobQueueOptions {
  /** Workers taking jobs at once, each on a Redis connection of its own; 0 for a producer only. @default 8 */
  workers?: number
  /** Tries per job before it goes to the dead list. @default 3 */
  maxAttempts?: number
}

export interface JobQueue {
  enqueue(type: string, payload: unknown): Promise<string>
  /** Resolves with the job's record once it is done or failed for good; rejects on `signal` or after `timeoutMs`. */
  settled(id: string, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<JobRecord>
  /** Jobs waiting, being worked on, and failed for good. */
  depth(): Promise<{ queued: number; processing: number; dead: number }>
  /** Stops the workers (each finishes its job), deletes the queue's keys and disconnects. */
  close(): Promise<void>
}

/** How long a worker's blocking take waits before checking whether the queue is closing, in seconds. */
const TAKE_WAIT_S = 1
const now = (): number => performance.timeOrigin + performance.now()

/**
 * A reliable job queue on Redis lists: `enqueue` stores the job in a hash and pushes its id on the
 * queue; a worker moves the id atomically to a processing list (BLMOVE), runs the handler, and on
 * success or final failure updates the hash, removes the id from processing and publishes it on
 * the queue's channel. A failed try goes back on the queue until `maxAttempts`, then to the dead
 * list. A worker that dies leaves its job in the processing list (no reaper: out of scope here).
 * Keys and the channel live under `namespace`, so queues sharing one Redis never mix.
 */
export async function startJobQueue(url: string, namespace: string, handler: JobHandler | undefined, options: JobQueueOptions = {}): Promise<JobQueue> {
  const { workers = 8, maxAttempts = 3 } = options
  if (workers > 0 && handler === undefined) throw new Error('startJobQueue: workers need a handler; pass { workers: 0 } for a producer only')
  const keys = { queue: `${namespace}queue`, processing: `${namespace}processing`, dead: `${namespace}dead`, channel: `${namespace}settled` }
  const jobKey = (id: string): string => `${namespace}job:${id}`
  const connect = async () => {
    const client = createClient({ url, socket: { reconnectStrategy: false } })
    client.on('error', () => {}) // surfaced by the failing command
    await client.connect()
    return client
  }
  const clients: Awaited<ReturnType<typeof connect>>[] = []
  const open = async () => {
    const client = await connect()
    clients.push(client)
    return client
  }
  const closeClients = async (): Promise<void> => {
    await Promise.allSettled(clients.map((client) => client.close()))
  }

  let stopping = false
  const waiters = new Map<string, Set<() => void>>()
  try {
    const client = await open()
    const subscriber = await open()
    await subscriber.subscribe(keys.channel, (id) => {
      for (const wake of waiters.get(id) ?? []) wake()
    })

    const recordOf = async (id: string): Promise<JobRecord | undefined> => {
      const hash = await client.hGetAll(jobKey(id))
      if (!hash.status) return undefined
      const num = (key: string): number | undefined => (hash[key] === undefined ? undefined : Number(hash[key]))
      return {
        id,
        type: hash.type ?? '',
        status: hash.status as JobRecord['status'],
        attempts: Number(hash.attempts ?? 0),
        enqueuedAt: Number(hash.enqueuedAt),
        ...(num('firstStartedAt') === undefined ? {} : { firstStartedAt: num('firstStartedAt')! }),
        ...(num('startedAt') === undefined ? {} : { startedAt: num('startedAt')! }),
        ...(num('finishedAt') === undefined ? {} : { finishedAt: num('finishedAt')! }),
        ...(hash.error === undefined ? {} : { error: hash.error }),
      }
    }

    const work = async (worker: Awaited<ReturnType<typeof connect>>): Promise<void> => {
      while (!stopping) {
        const id = await worker.blMove(keys.queue, keys.processing, 'RIGHT', 'LEFT', TAKE_WAIT_S)
        if (id === null) continue
        const startedAt = now()
        const hash = await worker.hGetAll(jobKey(id))
        const attempt = Number(hash.attempts ?? 0) + 1
        await worker.hSet(jobKey(id), { status: 'running', attempts: attempt, startedAt, ...(hash.firstStartedAt ? {} : { firstStartedAt: startedAt }) })
        let error: string | undefined
        try {
          await handler!({ id, type: hash.type ?? '', payload: JSON.parse(hash.payload ?? 'null') as unknown, attempt })
        } catch (failure) {
          error = failure instanceof Error ? failure.message : String(failure)
        }
        const finishedAt = now()
        if (error !== undefined && attempt < maxAttempts) {
          await worker.multi().hSet(jobKey(id), { status: 'queued', error }).lRem(keys.processing, 1, id).lPush(keys.queue, id).exec()
          continue
        }
        const status = error === undefined ? 'done' : 'failed'
        const done = worker.multi().hSet(jobKey(id), { status, finishedAt, ...(error === undefined ? {} : { error }) }).lRem(keys.processing, 1, id)
        if (status === 'failed') done.lPush(keys.dead, id)
        await done.publish(keys.channel, id).exec()
      }
    }
    const loops = await Promise.all(Array.from({ length: workers }, () => open()))
    const running = loops.map((worker) => work(worker).catch(() => {}))

    return {
      async enqueue(type, payload) {
        const id = randomUUID()
        await client.multi().hSet(jobKey(id), { type, payload: JSON.stringify(payload), status: 'queued', attempts: 0, enqueuedAt: now() }).lPush(keys.queue, id).exec()
        return id
      },
      settled(id, { timeoutMs = 60_000, signal } = {}) {
        return new Promise<JobRecord>((resolve, reject) => {
          let timer: NodeJS.Timeout | undefined
          const finish = (outcome: () => void): void => {
            clearTimeout(timer)
            signal?.removeEventListener('abort', onAbort)
            waiters.get(id)?.delete(check)
            if (waiters.get(id)?.size === 0) waiters.delete(id)
            outcome()
          }
          const check = (): void => {
            recordOf(id).then((record) => {
              if (record && (record.status === 'done' || record.status === 'failed')) finish(() => resolve(record))
            }, (error: unknown) => finish(() => reject(error as Error)))
          }
          const onAbort = (): void => finish(() => reject(signal!.reason as Error))
          timer = setTimeout(() => finish(() => reject(Object.assign(new Error(`job ${id} did not settle within ${timeoutMs} ms`), { code: 'JOB_TIMEOUT' }))), timeoutMs)
          signal?.addEventListener('abort', onAbort, { once: true })
          if (!waiters.has(id)) waiters.set(id, new Set())
          waiters.get(id)!.add(check)
          check() // it may have settled before we listened
        })
      },
      async depth() {
        const [queued, processing, dead] = await Promise.all([client.lLen(keys.queue), client.lLen(keys.processing), client.lLen(keys.dead)])
        return { queued, processing, dead }
      },
      async close() {
        stopping = true
        await Promise.all(running)
        try {
          for await (const found of client.scanIterator({ MATCH: `${namespace}*`, COUNT: 500 })) {
            if (found.length > 0) await client.unlink(found)
          }
        } finally {
          await closeClients()
        }
      },
    }
  } catch (error) {
    stopping = true
    await closeClients()
    throw error
  }
}
