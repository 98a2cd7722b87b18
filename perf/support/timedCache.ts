import type { RedisCache } from '../app/emr/redisCache.ts'

/**
 * The clinic's Redis cache with each get and set timed (client side, round trip included) and
 * handed to `onTime`, e.g. into a function workload's custom metrics.
 */
export function timedCache(cache: RedisCache, onTime: (op: 'get' | 'set', ms: number) => void): RedisCache {
  return {
    async get(key) {
      const t0 = performance.now()
      const value = await cache.get(key)
      onTime('get', performance.now() - t0)
      return value
    },
    async set(key, value, ttlSeconds) {
      const t0 = performance.now()
      await cache.set(key, value, ttlSeconds)
      onTime('set', performance.now() - t0)
    },
    close: () => cache.close(),
  }
}
