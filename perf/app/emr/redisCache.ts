import { createClient } from 'redis'

/** A namespaced string cache with TTLs, on Redis. */
export interface RedisCache {
  get(key: string): Promise<string | null>
  set(key: string, value: string, ttlSeconds: number): Promise<void>
  /** Deletes every key of this namespace, then disconnects. */
  close(): Promise<void>
}

/** Connects to Redis; every key is stored under `namespace` so clinics sharing one Redis never mix. */
export async function connectRedisCache(url: string, namespace: string): Promise<RedisCache> {
  const client = createClient({ url, socket: { reconnectStrategy: false } })
  client.on('error', () => {}) // surfaced by the failing command; without a listener it would crash the process
  await client.connect()
  return {
    get: (key) => client.get(namespace + key),
    async set(key, value, ttlSeconds) {
      await client.set(namespace + key, value, { expiration: { type: 'EX', value: ttlSeconds } })
    },
    async close() {
      try {
        for await (const keys of client.scanIterator({ MATCH: `${namespace}*`, COUNT: 500 })) {
          if (keys.length > 0) await client.unlink(keys)
        }
      } finally {
        await client.close()
      }
    },
  }
}
