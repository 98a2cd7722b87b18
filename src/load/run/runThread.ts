import { PerfgateError } from '../../errors/index.ts'
import { StopWatcher } from '../../judge/stopWhen.ts'
import { latencyOf, withNoise, type MeasurementData, type RunFacts } from '../../measure/index.ts'
import { defaultEngine, exchangeFactoryOf, type LoadEngine } from '../engines/exchangeFactory.ts'
import { PreciseClock, TimerClock, type ArrivalClock } from '../models/arrivalClock.ts'
import { ArrivalSchedule } from '../models/arrivalSchedule.ts'
import { ClosedDriver, rampedUsers } from '../models/closedDriver.ts'
import type { Driver, DriverContext } from '../models/driver.ts'
import { OpenDriver } from '../models/openDriver.ts'
import { emitLive, liveListeners } from '../observe/live.ts'
import { emitProgress, type ProgressListener } from '../observe/progress.ts'
import { RunRecorder, type OutcomeRecorder } from '../observe/runRecorder.ts'
import { dispatchLagNote, SaturationMonitor, saturationReasons } from '../observe/saturation.ts'
import { LIMITS, OVERRUN_GRACE_MS } from '../options/limits.ts'
import { isOpen, plannedMs, shareOf } from '../options/loadShape.ts'
import type { DispatchMode } from '../options/loadOptions.ts'
import type { RunPlan } from '../options/runPlan.ts'
import { SecondWindows } from '../observe/secondWindows.ts'
import type { RequestSource } from '../target/requestSource.ts'

export interface ThreadRun {
  source: RequestSource
  plan: RunPlan
  signal: AbortSignal
  name?: string | undefined
  /** Internal: the engine, for tests and benchmarks that compare the HTTP ones. @default function for a function workload, net for http:, else undici */
  engine?: LoadEngine | undefined
  /** Told the run's progress each second; none by default. */
  progress?: ProgressListener | undefined
}

/** Drives one thread's share of a run to completion and returns its measurement as plain data. */
export async function runThread({ source, plan, signal, name, engine, progress }: ThreadRun): Promise<MeasurementData> {
  const notStarted = (): PerfgateError =>
    new PerfgateError('PERFGATE_ERR_ABORTED', `load() was stopped before it started: ${reasonOf(signal.reason)}. No request was sent.`, { cause: signal.reason })
  if (signal.aborted) throw notStarted()
  const { shape } = plan
  const open = isOpen(shape)
  // The precise clock's helper thread starts before the run's clock does.
  const notes: string[] = []
  const clock = open ? await clockOf(plan.dispatch, notes) : undefined
  if (signal.aborted) {
    clock?.close()
    throw notStarted()
  }
  if (plan.startAt !== undefined) {
    await untilEpoch(plan.startAt, signal)
    if (signal.aborted) {
      clock?.close()
      throw notStarted()
    }
  }
  // A common start is the run's clock exactly: shards started in different processes share their seconds.
  const t0 = plan.startAt === undefined ? performance.now() : performance.now() - (Date.now() - plan.startAt)
  const startedAt = plan.startAt ?? performance.timeOrigin + t0
  const recorder = new RunRecorder(t0, open, source.tags)
  const ctx: DriverContext = {
    source,
    recorder,
    openExchange: exchangeFactoryOf(engine ?? defaultEngine(source), source, plan.timeoutMs),
    t0,
    timeoutMs: plan.timeoutMs,
  }
  const driver = driverOf(ctx, plan, clock)
  const monitor = new SaturationMonitor()
  const planned = plannedMs(shape)
  const boundMs = (planned ?? LIMITS.maxDurationMs) + plan.timeoutMs + OVERRUN_GRACE_MS
  const overrun = setTimeout(() => {
    notes.push(`The run overstayed its plan by more than ${OVERRUN_GRACE_MS} ms and was cut; requests still in flight were not counted.`)
    void driver.destroy()
  }, boundMs)
  const onAbort = (): void => void driver.destroy()
  signal.addEventListener('abort', onAbort, { once: true })
  const windows = new SecondWindows(recorder, t0)
  const watcher = plan.stopWhen ? new StopWatcher(plan.stopWhen, () => driver.stop()) : undefined
  if (watcher) windows.listen(watcher.judge)
  if (progress) emitProgress(windows, planned, () => recorder.count + recorder.errors, progress)
  emitLive(windows, liveListeners({ name }), { name, active: () => driver.active, dropped: () => (driver instanceof OpenDriver ? driver.dropped : 0) })
  // One sweep over the connections replaces a timer per request; timeouts fire within a tenth of themselves.
  const sweeper = setInterval(() => driver.expireRequests(), Math.min(250, Math.max(5, plan.timeoutMs / 10)))
  monitor.start()
  try {
    driver.start()
    windows.start()
    await driver.done
  } finally {
    windows.stop()
    progress?.done()
    clearInterval(sweeper)
    clearTimeout(overrun)
    signal.removeEventListener('abort', onAbort)
    await driver.closeAll(signal.aborted)
  }
  const endMs = performance.now()
  const generator = monitor.stop(clock instanceof PreciseClock ? clock.pollMs : 0)
  if (signal.aborted) {
    throw new PerfgateError('PERFGATE_ERR_ABORTED', `load() was stopped after ${Math.round(endMs - t0)} ms: ${reasonOf(signal.reason)}. All its connections are closed.`, { cause: signal.reason })
  }
  if (watcher?.verdict) notes.push(watcher.verdict)
  const scheduledMs = open && !watcher?.verdict ? planned! : loadWindowMs(driver, t0, endMs, notes)
  const facts: RunFacts = {
    coordinatedOmission: open ? 'corrected' : 'uncorrected',
    saturation: { saturated: false, reasons: [] },
    shape: { ...shape },
    target: source.display,
    workers: 1,
  }
  // The whole run's data holds `facts` by reference: the saturation verdict below lands in it.
  const latencyFrom = open ? 'intended-start' as const : 'send' as const
  const whole = dataOf(recorder, startedAt, scheduledMs, facts, name, latencyFrom)
  const dispatchLag = recorder.dispatchLag?.toData()
  const lag = dispatchLag && latencyOf(dispatchLag)
  // This thread's own pool: a shard or worker holds its share of the run's connections.
  const threadShape = shareOf(shape, plan.share ?? { index: 0, count: 1 })
  const openFacts = driver instanceof OpenDriver
    ? {
      issued: driver.issued,
      lateWithFreeConnection: driver.lateWithFreeConnection,
      dropped: driver.dropped,
      maxConnections: 'maxConnections' in threadShape ? threadShape.maxConnections : 0,
      timeoutMs: plan.timeoutMs,
    }
    : undefined
  if (driver instanceof OpenDriver) {
    facts.lateStarts = driver.lateStarts
    facts.dropped = driver.dropped
  } else {
    notes.push(source.engine !== 'function'
      ? 'Closed model: latency runs from each actual send, so a server stall slows the senders instead of showing in the percentiles (coordinated omission uncorrected). Use { rate } for corrected latencies.'
      : 'Closed model: latency runs from each actual call, so a stall slows the callers instead of showing in the percentiles (coordinated omission uncorrected). Use { rate } for corrected latencies.')
  }
  const lagNote = dispatchLagNote(lag && { count: lag.count, p50Ms: lag.p50, p99Ms: lag.p99, maxMs: lag.max, latencyP99Ms: latencyOf(whole.latency).p99 })
  if (lagNote) notes.push(lagNote)
  const reasons = saturationReasons({ generator, wallMs: endMs - t0, ...(openFacts ? { open: openFacts } : {}) })
  facts.saturation = { saturated: reasons.length > 0, reasons }
  const outages = recorder.outages.toData()
  if (outages.length) facts.outages = outages
  if (notes.length) facts.notes = notes
  const byTag = Object.fromEntries([...recorder.byTag].map(([tag, sub]) => [tag, dataOf(sub, startedAt, scheduledMs, { ...facts, notes: [...notes] }, name, latencyFrom)]))
  return withNoise({ ...whole, ...(dispatchLag ? { dispatchLag } : {}), ...(recorder.byTag.size ? { byTag } : {}) })
}

/**
 * The measured time of a run the generator stopped (a closed model's deadline, a stopWhen verdict):
 * from the start until it stopped offering load. Requests still in flight then (a straggler stalled
 * for seconds) count in `count`, `errors` and the latencies, but the wait for them is not load time:
 * it would stretch the duration and understate rps. A run bounded by `requests` ends when the last
 * answer arrives.
 */
function loadWindowMs(driver: Driver, t0: number, endMs: number, notes: string[]): number {
  if (driver.stoppedAtMs === undefined) return endMs - t0
  const windowMs = Math.min(endMs, driver.stoppedAtMs) - t0
  const drainMs = endMs - driver.stoppedAtMs
  if (drainMs > Math.max(1000, windowMs / 10)) {
    notes.push(`Requests in flight when the load stopped took ${Math.round(drainMs)} ms more to finish; they count in the latencies and counts, and the duration (rps) covers only the ${Math.round(windowMs)} ms of load.`)
  }
  return windowMs
}

function dataOf(recorder: OutcomeRecorder, startedAt: number, durationMs: number, facts: RunFacts, name: string | undefined, latencyFrom: NonNullable<MeasurementData['latencyFrom']>): MeasurementData {
  const { latency, serviceTime, timeline } = recorder.snapshot()
  const metrics = recorder.metrics.toData()
  return {
    version: 1,
    source: 'load',
    ...(name === undefined ? {} : { name }),
    latency,
    ...(serviceTime ? { serviceTime } : {}),
    latencyFrom,
    count: recorder.count,
    errors: recorder.errors,
    errorsByKind: { ...recorder.errorsByKind },
    durationMs,
    startedAt,
    timeline,
    facts,
    ...(metrics ? { metrics } : {}),
  }
}

async function clockOf(dispatch: DispatchMode, notes: string[]): Promise<ArrivalClock> {
  if (dispatch === 'timer') return new TimerClock()
  try {
    return await PreciseClock.start()
  } catch (error) {
    notes.push(`Precise dispatch was unavailable (${(error as Error).message}); requests were sent on Node's millisecond timers, up to about 1 ms late (see dispatchLag).`)
    return new TimerClock()
  }
}

function driverOf(ctx: DriverContext, plan: RunPlan, clock: ArrivalClock | undefined): Driver {
  const share = plan.share ?? { index: 0, count: 1 }
  const shape = shareOf(plan.shape, share)
  switch (shape.kind) {
    case 'open':
      return new OpenDriver(ctx, ArrivalSchedule.constant(shape.rate, shape.durationMs).slice(share), shape.maxConnections, clock!)
    case 'closed':
      return new ClosedDriver(ctx, {
        maxUsers: shape.connections,
        users: () => shape.connections,
        durationMs: shape.durationMs,
        requests: shape.requests,
        think: shape.think,
      })
    case 'stages':
      if (shape.unit === 'rate') return new OpenDriver(ctx, new ArrivalSchedule(shape.start, shape.stages).slice(share), shape.maxConnections, clock!)
      return new ClosedDriver(ctx, {
        maxUsers: Math.max(shape.start, ...shape.stages.map((s) => s.target)),
        users: rampedUsers(shape.start, shape.stages),
        durationMs: plannedMs(shape),
        requests: undefined,
        think: shape.think,
        rampEveryMs: 50,
      })
  }
}

/** Waits (abortably) until the wall clock reaches `epochMs`: timers for the long part, then a short spin for the last few ms. */
async function untilEpoch(epochMs: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted && Date.now() < epochMs) {
    const remaining = epochMs - Date.now()
    if (remaining <= 5) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      continue
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, Math.min(remaining - 5, 60_000))
      signal.addEventListener('abort', done, { once: true })
    })
  }
}

function reasonOf(reason: unknown): string {
  if (reason instanceof Error) return reason.message
  return reason === undefined ? 'aborted' : String(reason)
}
