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
 * Runs a serializable transaction, retrying serialization failures and deadlocks with bounded,
 * fully jittered exponential backoff. Other errors are thrown.
 */
export async function retrySerializable<T>(
  transaction: () => Promise<T>,
  { maxRetries = 12, baseDelayMs = 2, maxDelayMs = 80 }: RetryPolicy = {},
): Promise<Attempted<T>> {
  for (let retries = 0; ; retries++) {
    try {
      return { ok: true, value: await transaction(), retries }
    } catch (error) {
      if (!RETRYABLE.has((error as { code?: string }).code ?? '')) throw error
      if (retries >= maxRetries) return { ok: false, retries }
    }
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retries)
    await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling))
  }
}
