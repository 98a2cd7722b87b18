/**
 * Concurrent calls with the same key share one in-flight promise; the key is free again as soon
 * as that promise settles (it is not a cache).
 *
 * @example
 * const flights = singleFlight<Patient>()
 * const [a, b] = await Promise.all([flights.run('p1', fetchP1), flights.run('p1', fetchP1)]) // one fetch
 */
export function singleFlight<T>() {
  const inFlight = new Map<string, Promise<T>>()
  return {
    async run(key: string, call: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
      const existing = inFlight.get(key)
      if (existing) return { value: await existing, shared: true }
      const flight = call().finally(() => inFlight.delete(key))
      inFlight.set(key, flight)
      return { value: await flight, shared: false }
    },
    size: (): number => inFlight.size,
  }
}
