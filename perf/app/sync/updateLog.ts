import * as Y from 'yjs'
import type pg from 'pg'
import { compactUpdates, shouldCompact } from './compaction.ts'
import type { Receipt } from './fieldWrites.ts'
import { inTransaction } from './inTransaction.ts'

const DOC_ID = /^[a-z0-9_]{1,48}$/

export function isDocId(id: string): boolean {
  return DOC_ID.test(id)
}

/**
 * A document's append-only update log in Postgres: one table per document (`sync_log_<id>`, bytea
 * updates), a receipts table recording who sent which operations with what state vector, and
 * compaction that folds the log into one row inside a transaction once it passes a threshold.
 */
export class UpdateLog {
  readonly #pool: pg.Pool
  readonly #threshold: number
  readonly #ready = new Map<string, Promise<void>>()
  /** Per document: the merge of the rows already read, and their seqs, so a read fetches only new rows. */
  readonly #cache = new Map<string, { merged: Uint8Array; seqs: string[]; stateVector: Uint8Array }>()

  constructor(pool: pg.Pool, options: { compactThreshold?: number } = {}) {
    this.#pool = pool
    this.#threshold = options.compactThreshold ?? 64
  }

  get compactThreshold(): number {
    return this.#threshold
  }

  /** Appends one update and its receipts; compacts when the log passed the threshold. Returns the rows left. */
  async append(docId: string, update: Uint8Array, senderStateVector: Uint8Array): Promise<number> {
    await this.#ensure(docId)
    const meta = Y.parseUpdateMeta(update)
    let rows = await inTransaction(this.#pool, async (client) => {
      await client.query(`INSERT INTO sync_log_${docId} (update) VALUES ($1)`, [update])
      for (const [id, to] of meta.to) {
        const from = meta.from.get(id) ?? 0
        if (to > from) {
          await client.query(`INSERT INTO sync_receipts_${docId} (client, clock_from, clock_to, seen) VALUES ($1, $2, $3, $4)`, [id, from, to, senderStateVector])
        }
      }
      const count = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM sync_log_${docId}`)
      return count.rows[0]!.n
    })
    if (shouldCompact(rows, this.#threshold) && (await this.compact(docId))) rows = await this.rowCount(docId)
    return rows
  }

  /** The whole document as one update (merged from the log's rows, never loaded into a Y.Doc). */
  async read(docId: string): Promise<Uint8Array> {
    return (await this.#current(docId)).merged
  }

  /** The whole document and its state vector, read together. */
  async state(docId: string): Promise<{ update: Uint8Array; stateVector: Uint8Array }> {
    const current = await this.#current(docId)
    return { update: current.merged, stateVector: current.stateVector }
  }

  /**
   * Every row present is either already in the cached merge (its seq is known) or fetched and
   * merged now; rows compaction removed left their content in the merged row that replaced them.
   */
  async #current(docId: string): Promise<{ merged: Uint8Array; seqs: string[]; stateVector: Uint8Array }> {
    await this.#ensure(docId)
    const cached = this.#cache.get(docId)
    const result = await this.#pool.query<{ seq: string; update: Buffer | null }>(
      `SELECT seq, CASE WHEN seq = ANY($1::bigint[]) THEN NULL ELSE update END AS update FROM sync_log_${docId} ORDER BY seq`,
      [cached?.seqs ?? []],
    )
    const fresh = result.rows.flatMap((row) => (row.update ? [new Uint8Array(row.update)] : []))
    if (cached && fresh.length === 0) return cached
    const merged = compactUpdates(cached ? [cached.merged, ...fresh] : fresh)
    const next = { merged, seqs: result.rows.map((row) => row.seq), stateVector: Y.encodeStateVectorFromUpdate(merged) }
    const latest = this.#cache.get(docId)
    // A slower concurrent read must not replace a newer merge with an older one.
    if (!latest || latest === cached) this.#cache.set(docId, next)
    return next
  }

  /**
   * Replaces the rows present now by their merge, in one transaction; appends committed meanwhile
   * keep their rows. Returns false when another instance is compacting this document.
   */
  async compact(docId: string): Promise<boolean> {
    await this.#ensure(docId)
    return inTransaction(this.#pool, async (client) => {
      const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`perfgate_sync_compact:${docId}`])
      if (!lock.rows[0]!.locked) return false
      const result = await client.query<{ seq: string; update: Buffer }>(`SELECT seq, update FROM sync_log_${docId} ORDER BY seq`)
      if (result.rows.length > 1) {
        const merged = compactUpdates(result.rows.map((row) => new Uint8Array(row.update)))
        await client.query(`DELETE FROM sync_log_${docId} WHERE seq = ANY($1::bigint[])`, [result.rows.map((row) => row.seq)])
        await client.query(`INSERT INTO sync_log_${docId} (update, merged_rows) VALUES ($1, $2)`, [merged, result.rows.length])
      }
      return true
    })
  }

  async rowCount(docId: string): Promise<number> {
    await this.#ensure(docId)
    const result = await this.#pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM sync_log_${docId}`)
    return result.rows[0]!.n
  }

  /** Every receipt in arrival order. */
  async receipts(docId: string): Promise<Receipt[]> {
    await this.#ensure(docId)
    const result = await this.#pool.query<{ client: string; clock_from: string; clock_to: string; seen: Buffer }>(
      `SELECT client, clock_from, clock_to, seen FROM sync_receipts_${docId} ORDER BY seq`,
    )
    return result.rows.map((row) => ({
      client: Number(row.client),
      from: Number(row.clock_from),
      to: Number(row.clock_to),
      seen: Y.decodeStateVector(new Uint8Array(row.seen)),
    }))
  }

  #ensure(docId: string): Promise<void> {
    if (!isDocId(docId)) return Promise.reject(new RangeError(`document id '${docId}' must match ${DOC_ID}`))
    let ready = this.#ready.get(docId)
    if (!ready) {
      ready = this.#createTables(docId)
      ready.catch(() => this.#ready.delete(docId))
      this.#ready.set(docId, ready)
    }
    return ready
  }

  async #createTables(docId: string): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      // Two instances creating the same table at once would collide in pg_type.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`perfgate_sync_ddl:${docId}`])
      await client.query(`CREATE TABLE IF NOT EXISTS sync_log_${docId} (seq bigserial PRIMARY KEY, update bytea NOT NULL, merged_rows int NOT NULL DEFAULT 1)`)
      await client.query(
        `CREATE TABLE IF NOT EXISTS sync_receipts_${docId} (seq bigserial PRIMARY KEY, client bigint NOT NULL, clock_from bigint NOT NULL, clock_to bigint NOT NULL, seen bytea NOT NULL)`,
      )
    })
  }
}
