import type { Pool, PoolClient } from 'pg'

export interface RetryPolicy {
  /** Retries after the first attempt. @default 12 */
  maxRetries?: number
  /** The first backoff ceiling; it doubles each retry, and the delay is uniform below it. @default 2 */
  baseDelayMs?: number
  /** @default 80 */
  maxDelayMs?: number
}

const RETRYABLE = new Set(['40001', '40P01']) // serialization_failure, deadlock_detected

export type Attempted<T> = { ok: true; value: T; retries: number } | { ok: false; retries: number }

/**
 * Runs `work` in a SERIALIZABLE transaction and commits, retrying serialization failures and
 * deadlocks with bounded, fully jittered exponential backoff. `setLocal` is SQL sent in the same
 * round trip as BEGIN (e.g. `SET LOCAL enable_seqscan = off`). Other errors are thrown.
 */
export async function runSerializable<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  { maxRetries = 12, baseDelayMs = 2, maxDelayMs = 80 }: RetryPolicy = {},
  setLocal = '',
): Promise<Attempted<T>> {
  for (let retries = 0; ; retries++) {
    const client = await pool.connect()
    try {
      await client.query(`BEGIN ISOLATION LEVEL SERIALIZABLE;${setLocal}`)
      const value = await work(client)
      await client.query('COMMIT')
      client.release()
      return { ok: true, value, retries }
    } catch (error) {
      const rolledBack = await client.query('ROLLBACK').then(() => true, () => false)
      client.release(!rolledBack)
      if (!RETRYABLE.has((error as { code?: string }).code ?? '')) throw error
      if (retries >= maxRetries) return { ok: false, retries }
    }
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retries)
    await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling))
  }
}
