import type { Pool } from 'pg'
import { fromSamples } from 'perfgate'
import type { Measurement } from 'perfgate'
import { timeEach } from './timeEach.ts'

export interface QueryLoopOptions {
  /** Timed executions in all. */
  samples: number
  /** Clients querying at once, each on its own connection. @default 4 */
  concurrency?: number
  /** Untimed executions first, so hint bits, caches and plans are settled. @default 20 */
  warmup?: number
  name?: string
}

/**
 * A closed loop of one query: `concurrency` clients run it back to back with parameters from
 * `params(i)` until `samples` executions are timed (client-side, round trip included). Failures
 * are counted as errors, never as samples.
 */
export async function queryLoop(pool: Pool, sql: string, params: (i: number) => unknown[], options: QueryLoopOptions): Promise<Measurement> {
  const { samples, concurrency = 4, warmup = 20, name } = options
  for (let i = 0; i < warmup; i++) await pool.query(sql, params(i))
  const errorKind = (error: unknown): string => (error as { code?: string }).code ?? 'error'
  const { samplesMs, durationMs, errors } = await timeEach(samples, concurrency, (i) => pool.query(sql, params(i)), { errorKind })
  return fromSamples(samplesMs, { durationMs, errors, ...(name === undefined ? {} : { name }) })
}
