import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { startSyncServer, type StartedSyncServer } from '../app/sync/index.ts'

export interface SyncCluster {
  servers: StartedSyncServer[]
  urls: string[]
  databaseUrl: string
  close(): Promise<void>
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres'
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

/**
 * Two (or more) sync server instances in this process on their own ports, sharing a fresh
 * `perfgate_sync_*` database and one Redis channel unique to this run. `close()` stops them and
 * drops the database, also after a failed start.
 */
export async function startSyncCluster(options: { instances?: number; compactThreshold?: number } = {}): Promise<SyncCluster> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`
  const adminUrl = process.env.PERFGATE_POSTGRES_URL ?? DEFAULT_POSTGRES_URL
  const database = `perfgate_sync_${suffix}`
  await adminQuery(adminUrl, `CREATE DATABASE ${database}`)
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  const databaseUrl = url.toString()
  const servers: StartedSyncServer[] = []
  const close = async (): Promise<void> => {
    await Promise.allSettled(servers.map((server) => server.close()))
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  }
  try {
    for (let i = 0; i < (options.instances ?? 2); i++) {
      servers.push(
        await startSyncServer({
          databaseUrl,
          redisUrl: process.env.PERFGATE_REDIS_URL ?? DEFAULT_REDIS_URL,
          channel: `perfgate_sync:${suffix}`,
          ...(options.compactThreshold === undefined ? {} : { compactThreshold: options.compactThreshold }),
        }),
      )
    }
  } catch (error) {
    await close()
    throw error
  }
  return { servers, urls: servers.map((server) => server.url), databaseUrl, close }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
