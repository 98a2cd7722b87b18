/** A broken promise one check found, as data: which check, what it saw, and when. */
export interface Violation {
  check: string
  detail: string
  /** ms since the checked run began. */
  atMs: number
}

/** What one check did over a run. */
export interface CheckReport {
  /** `during`: run on a schedule while the work ran; `after`: once, when it had ended. */
  when: 'during' | 'after'
  /** Times the check ran. */
  runs: number
  /** Runs that found at least one violation. */
  violatingRuns: number
  /** Violations found in all (each run may find several). */
  violations: number
  /** The first ones found, in order (at most `maxViolations`). */
  first: Violation[]
}

/** Everything the checks found while (and after) a workload ran: plain data, judged by `toHaveNoViolations`. */
export interface InvariantRun {
  kind: 'invariants'
  /** ms from the start of the work to its end. */
  durationMs: number
  checks: Record<string, CheckReport>
  /** Names of the checks that found a violation, in the order given. */
  failed: string[]
  /** Violations found in all, over every check. */
  violations: number
}

/** What is wrong with data claiming to be an InvariantRun, or undefined when it is sound. */
export function invariantRunProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `expected the run of invariants.during() (an object), got ${value === null ? 'null' : typeof value}`
  const run = value as Record<string, unknown>
  if (run.kind !== 'invariants') return `'kind' must be 'invariants', got ${JSON.stringify(run.kind)}`
  if (typeof run.checks !== 'object' || run.checks === null) return `'checks' must be an object of check reports`
  if (!Array.isArray(run.failed)) return `'failed' must be a list of check names`
  for (const [name, report] of Object.entries(run.checks)) {
    const r = report as Partial<CheckReport> | null
    if (typeof r?.runs !== 'number' || typeof r.violations !== 'number' || !Array.isArray(r.first)) return `'checks.${name}' must be a check report ({ runs, violations, first, … })`
  }
  return undefined
}
