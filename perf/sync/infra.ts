import { randomBytes } from 'node:crypto'
import { postgres, redis, type StartedPostgres, type StartedRedis } from 'perfgate/fixtures'
import { startSyncServer, type StartedSyncServer } from '../app/sync/index.ts'

export interface SyncCluster {
  servers: StartedSyncServer[]
  urls: string[]
  databaseUrl: string
  close(): Promise<void>
}

/**
 * Two (or more) sync server instances in this process on their own ports, sharing a database of
 * their own and one Redis channel unique to this run (pub/sub ignores Redis' logical databases).
 * Postgres and Redis come from perfgate's fixtures: PERFGATE_POSTGRES_URL / PERFGATE_REDIS_URL when
 * set, else a container or the embedded default. `close()` stops everything, also after a failed start.
 */
export async function startSyncCluster(options: { instances?: number; compactThreshold?: number } = {}): Promise<SyncCluster> {
  const servers: StartedSyncServer[] = []
  let db: StartedPostgres | undefined
  let cache: StartedRedis | undefined
  const close = async (): Promise<void> => {
    await Promise.allSettled(servers.map((server) => server.close()))
    await Promise.allSettled([db?.stop(), cache?.stop()])
  }
  try {
    ;[db, cache] = await Promise.all([postgres(), redis()])
    const channel = `perfgate_sync:${process.pid}:${randomBytes(4).toString('hex')}`
    for (let i = 0; i < (options.instances ?? 2); i++) {
      servers.push(
        await startSyncServer({
          databaseUrl: db.url,
          redisUrl: cache.url,
          channel,
          ...(options.compactThreshold === undefined ? {} : { compactThreshold: options.compactThreshold }),
        }),
      )
    }
  } catch (error) {
    await close()
    throw error
  }
  return { servers, urls: servers.map((server) => server.url), databaseUrl: db.url, close }
}
