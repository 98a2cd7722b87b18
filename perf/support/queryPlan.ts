import type { Pool } from 'pg'

/** EXPLAIN (ANALYZE, BUFFERS) of a query with its parameters, as text: what a failing query SLA shows. */
export async function explain(pool: Pool, sql: string, params: readonly unknown[]): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [...params])
  return rows.map((row) => row['QUERY PLAN']).join('\n')
}

/**
 * Runs an assertion on a query's measurement; when it fails, the error message ends with the
 * query's plan, so a red query SLA arrives with what to look at first.
 *
 * @example
 * await withQueryPlan(() => expect(m).toMeetP95(100), () => explain(pool, sql, params))
 */
export async function withQueryPlan(assertion: () => Promise<void>, plan: () => Promise<string>): Promise<void> {
  try {
    await assertion()
  } catch (error) {
    if (error instanceof Error) {
      const text = await plan().catch((planError: unknown) => `(EXPLAIN failed: ${planError instanceof Error ? planError.message : String(planError)})`)
      error.message += `\n\nquery plan (EXPLAIN ANALYZE, BUFFERS):\n${text}`
    }
    throw error
  }
}
