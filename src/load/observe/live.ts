import type { SecondWindows } from './secondWindows.ts'

/**
 * One second of a run as plain data, for whoever exports it live (the package entry plugs in the
 * OpenMetrics exporter of src/metrics/): per tag of a scenario mix ('' for requests without one),
 * the successes' latencies and the failures; what runs and what was dropped.
 */
export interface LiveWindow {
  /** The run's `name` option, if it had one. */
  name: string | undefined
  elapsedMs: number
  /** Per tag: latencies (ms) of the successes and the count of failures in this window. */
  tags: Array<{ tag: string; latenciesMs: number[]; errors: number }>
  /** Requests in flight (open model) or users running (closed) at the window's end: k6's `vus`. */
  active: number
  /** Arrivals dropped so far (open model): k6's `dropped_iterations`. */
  dropped: number
  /** True for the last, partial window of the run. */
  final: boolean
}

/** Whoever watches a run's windows live. */
export interface LiveListener {
  window(window: LiveWindow): void
}

type LiveOpener = (run: { name: string | undefined }) => LiveListener | undefined

const openers: LiveOpener[] = []

/**
 * Adds what is told every later load() run's windows in this thread (one second each, and the last
 * partial one). The engine exports nothing itself: the package entry (src/index.ts) plugs in the
 * metrics exporter, which opens a listener only while it serves.
 */
export function watchLiveWith(open: LiveOpener): void {
  if (!openers.includes(open)) openers.push(open)
}

/** The listeners for a run about to start. */
export function liveListeners(run: { name: string | undefined }): LiveListener[] {
  return openers.flatMap((open) => open(run) ?? [])
}

/** Hands `listeners` each window of the run, per tag, with the driver's active count and drops. */
export function emitLive(windows: SecondWindows, listeners: readonly LiveListener[], run: { name: string | undefined; active: () => number; dropped: () => number }): void {
  if (listeners.length === 0) return
  windows.trackTags()
  windows.listen(
    (window, elapsedMs, final) => {
      const tagged = window.byTag ? [...window.byTag].map(([tag, w]) => ({ tag, latenciesMs: w.latenciesMs, errors: w.errors })) : []
      // Requests without a tag: the whole window less what the tags counted.
      const taggedCount = tagged.reduce((n, t) => n + t.latenciesMs.length, 0)
      const taggedErrors = tagged.reduce((n, t) => n + t.errors, 0)
      const tags = tagged.length && taggedCount === window.latenciesMs.length && taggedErrors === window.errors ? tagged : [{ tag: '', latenciesMs: window.latenciesMs, errors: window.errors }]
      const live: LiveWindow = { name: run.name, elapsedMs, tags, active: run.active(), dropped: run.dropped(), final }
      for (const listener of listeners) listener.window(live)
    },
    { final: true },
  )
}
