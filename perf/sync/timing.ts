/** How {@link timeEach} treats a task that throws. */
export interface TimeEachOptions {
  /**
   * Counts a failure under the kind it returns instead of stopping the loop; a failure is never a
   * sample. Without it, the first failure rejects the loop.
   */
  errorKind?: (error: unknown) => string
}

export interface TimedRuns {
  /** Latency of each successful run, in ms, in completion order. */
  samplesMs: number[]
  durationMs: number
  /** Failures by kind, when `errorKind` was given. */
  errors: Record<string, number>
}

/**
 * Runs `task` `count` times with at most `concurrency` in flight, each run timed on its own.
 *
 * Why not `load({ run })`, as perf/db/queries.test.ts does: here the sync servers run in the test's
 * own thread, so their CPU shares the generator's event loop, and on a busy machine load()'s
 * saturation check (rightly) calls the timings inconclusive. Once the sync service runs in a
 * process of its own, these loops become function workloads.
 */
export async function timeEach(count: number, concurrency: number, task: (i: number) => Promise<unknown>, options: TimeEachOptions = {}): Promise<TimedRuns> {
  const samplesMs: number[] = []
  const errors: Record<string, number> = {}
  let next = 0
  const started = performance.now()
  const runner = async (): Promise<void> => {
    while (next < count) {
      const i = next++
      const t0 = performance.now()
      try {
        await task(i)
        samplesMs.push(performance.now() - t0)
      } catch (error) {
        if (!options.errorKind) throw error
        const kind = options.errorKind(error)
        errors[kind] = (errors[kind] ?? 0) + 1
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, runner))
  return { samplesMs, durationMs: performance.now() - started, errors }
}
