/** Runs `task` `count` times with at most `concurrency` in flight; returns each run's latency in ms. */
export async function timeEach(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<{ samplesMs: number[]; durationMs: number }> {
  const samplesMs: number[] = []
  let next = 0
  const started = performance.now()
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++
      const t0 = performance.now()
      await task(i)
      samplesMs.push(performance.now() - t0)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return { samplesMs, durationMs: performance.now() - started }
}
