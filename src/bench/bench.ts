import { Bench } from 'tinybench'
import { PerfgateError } from '../errors/index.ts'
import { toMs, type Duration } from '../measure/duration.ts'
import { EXACT_SAMPLE_CAP, LatencyRecorder } from '../measure/latencyData.ts'
import { measurementOf, type Measurement } from '../measure/measurement.ts'

export interface BenchOptions {
  /** Time budget for measuring. @default '1s' (when `iterations` is not given) */
  time?: Duration
  /** Iterations to measure; with `time` too, both must be reached. */
  iterations?: number
  /** Warm-up time before measuring (JIT, caches). @default '100ms' */
  warmup?: Duration
  /** Warm-up iterations. @default 16 */
  warmupIterations?: number
  /**
   * Upper bound on measured iterations, whatever the budget. Measuring also stops after twice the
   * time budget of wall-clock time, since per-call overhead of very fast functions adds up.
   * @default 1,000,000
   */
  maxIterations?: number
  name?: string
  signal?: AbortSignal
}

const MAX_TIME_MS = 10 * 60_000

/**
 * Times a sync or async function in-process on tinybench and returns a Measurement of every call.
 * tinybench reports no p95, so perfgate keeps the samples and computes exact percentiles itself.
 *
 * @example
 * const m = await bench(() => parse(input), { time: '2s' })
 * m.latency.p99 // ms
 */
export async function bench(fn: () => unknown, options: BenchOptions = {}): Promise<Measurement> {
  if (typeof fn !== 'function') throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `bench() takes a function to time; got ${typeof fn}.`)
  const settings = resolve(options)
  throwIfStopped(options.signal, settings.name)
  const recorder = new LatencyRecorder()
  const abort = new AbortController()
  const onOuterAbort = (): void => abort.abort()
  options.signal?.addEventListener('abort', onOuterAbort, { once: true })
  let measuring = false
  let measured = 0
  let runStartedAt = 0
  // tinybench's time budget sums call durations; per-call overhead can make wall time far longer.
  const wallBoundMs = settings.timeMs > 0 ? settings.timeMs * 2 + 100 : Number.POSITIVE_INFINITY
  const tiny = new Bench({
    time: settings.timeMs,
    iterations: settings.iterations,
    warmup: false,
    retainSamples: true,
    throws: true,
    signal: abort.signal,
  })
  tiny.add(settings.name, fn, {
    beforeAll(mode) {
      measuring = mode === 'run'
      runStartedAt = performance.now()
    },
    afterEach() {
      if (!measuring) return
      if (++measured >= settings.maxIterations || performance.now() - runStartedAt > wallBoundMs) abort.abort()
    },
  })
  const startedAt = Date.now()
  try {
    await warmUp(fn, settings.warmupMs, settings.warmupIterations, abort.signal)
    await tiny.run()
  } catch (error) {
    throw new PerfgateError('PERFGATE_ERR_WORKLOAD_THREW', `bench('${settings.name}'): the function threw: ${(error as Error)?.message ?? String(error)}. A benchmarked function must succeed on every call.`, { cause: error })
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort)
  }
  // The caller's stop is an error; perfgate's own bounds (maxIterations, wall time) end a run normally.
  throwIfStopped(options.signal, settings.name)
  const result = tiny.tasks[0]!.result
  if (result.state === 'errored') {
    throw new PerfgateError('PERFGATE_ERR_WORKLOAD_THREW', `bench('${settings.name}'): the function threw: ${result.error.message}.`, { cause: result.error })
  }
  if (result.state !== 'completed' && result.state !== 'aborted-with-statistics') {
    throw new PerfgateError('PERFGATE_ERR_INTERNAL', `bench('${settings.name}') ended in tinybench state '${result.state}' without samples. This is a perfgate bug: please report it with the bench options.`)
  }
  for (const sample of result.latency.samples ?? []) recorder.record(sample)
  return measurementOf({
    version: 1,
    source: 'bench',
    name: settings.name,
    latency: recorder.toData(),
    count: recorder.count,
    errors: 0,
    errorsByKind: {},
    durationMs: result.totalTime,
    startedAt,
    timeline: [],
    facts: {
      coordinatedOmission: 'not-applicable',
      saturation: { saturated: false, reasons: [] },
      shape: { kind: 'bench', timeMs: settings.timeMs, iterations: settings.iterations, warmupMs: settings.warmupMs },
    },
  })
}

function throwIfStopped(signal: AbortSignal | undefined, name: string): void {
  if (signal?.aborted) {
    throw new PerfgateError('PERFGATE_ERR_ABORTED', `bench('${name}') was stopped by its signal; no measurement is returned for a cut run.`, { cause: signal.reason })
  }
}

/** Runs `fn` until both the wall-clock warm-up time and the warm-up iterations are spent. */
async function warmUp(fn: () => unknown, timeMs: number, iterations: number, signal: AbortSignal): Promise<void> {
  const until = performance.now() + timeMs
  for (let i = 0; (i < iterations || performance.now() < until) && !signal.aborted; i++) await fn()
}

function resolve(options: BenchOptions) {
  const known = new Set(['time', 'iterations', 'warmup', 'warmupIterations', 'maxIterations', 'name', 'signal'])
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      const suggestion = key === 'duration' ? " Use 'time' for bench() (duration is load()'s name)." : key === 'warmupTime' ? " Use 'warmup'." : ''
      throw new PerfgateError('PERFGATE_ERR_INVALID_OPTION', `bench(): unknown option '${key}'.${suggestion} Known options: ${[...known].join(', ')}.`)
    }
  }
  const count = (name: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback
    if (!Number.isInteger(value) || value < 0) throw new PerfgateError('PERFGATE_ERR_INVALID_OPTION', `bench(): ${name} must be a whole number >= 0; got ${value}.`)
    return value
  }
  const timeMs = options.time === undefined ? (options.iterations === undefined ? 1000 : 0) : toMs(options.time, 'bench() time')
  if (timeMs > MAX_TIME_MS) throw new PerfgateError('PERFGATE_ERR_INVALID_OPTION', `bench(): time ${timeMs} ms is over the ${MAX_TIME_MS / 60_000}-minute bound. Use a shorter time.`)
  const iterations = count('iterations', options.iterations, 10)
  if (timeMs === 0 && iterations === 0) throw new PerfgateError('PERFGATE_ERR_INVALID_OPTION', 'bench(): give a time or a number of iterations above zero.')
  return {
    timeMs,
    iterations,
    warmupMs: options.warmup === undefined ? 100 : toMs(options.warmup, 'bench() warmup'),
    warmupIterations: count('warmupIterations', options.warmupIterations, 16),
    maxIterations: Math.max(1, count('maxIterations', options.maxIterations, EXACT_SAMPLE_CAP)),
    name: options.name ?? 'bench',
  }
}
