import type { Pool } from 'pg'
import type { Violation } from './history.ts'

export interface SamplerResult {
  /** Reads of all authorizations taken while the run lasted. */
  reads: number
  /** Rows checked, summed over the reads. */
  rowsChecked: number
  violations: Violation[]
}

export interface BoundsSampler {
  /** Stops reading and returns what it saw. Idempotent. */
  stop(): Promise<SamplerResult>
}

/**
 * Reads every authorization again and again while a run lasts and checks used + scheduled <= total
 * on each row of each read, as Jepsen's bank test reads during the run: an implementation that
 * overbooks and later releases the excess is caught, though a check at the end would pass it.
 * Uses one connection of `pool` (READ COMMITTED: each read is one consistent snapshot).
 */
export function startBoundsSampler(pool: Pool, { intervalMs = 5, maxViolations = 20 } = {}): BoundsSampler {
  const result: SamplerResult = { reads: 0, rowsChecked: 0, violations: [] }
  let running = true
  let overbookedReads = 0
  const loop = (async () => {
    const client = await pool.connect()
    try {
      while (running) {
        const { rows } = await client.query<{ id: number; total_units: number; used_units: number; scheduled_units: number }>(
          'SELECT id, total_units, used_units, scheduled_units FROM authorizations',
        )
        result.reads++
        let overbooked = false
        for (const row of rows) {
          result.rowsChecked++
          if (row.used_units + row.scheduled_units <= row.total_units) continue
          overbooked = true
          if (result.violations.length < maxViolations) {
            result.violations.push({
              check: 'sampler',
              detail: `read #${result.reads}: authorization ${row.id} held used ${row.used_units} + scheduled ${row.scheduled_units} > total ${row.total_units}`,
            })
          }
        }
        if (overbooked) overbookedReads++
        await new Promise((resolve) => setTimeout(resolve, intervalMs))
      }
    } finally {
      client.release()
    }
  })()
  let stopped: Promise<SamplerResult> | undefined
  return {
    stop: () =>
      (stopped ??= (async () => {
        running = false
        await loop
        if (overbookedReads > result.violations.length) {
          result.violations.push({ check: 'sampler', detail: `… ${overbookedReads} of ${result.reads} reads saw overbooking in all` })
        }
        return result
      })()),
  }
}

/** Runs `run` with a bounds sampler reading alongside, and stops the sampler however `run` ends. */
export async function whileSampling<T>(pool: Pool, run: () => Promise<T>): Promise<{ result: T; sampled: SamplerResult }> {
  const sampler = startBoundsSampler(pool)
  try {
    const result = await run()
    return { result, sampled: await sampler.stop() }
  } finally {
    await sampler.stop()
  }
}
