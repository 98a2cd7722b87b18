import { redactSecrets } from '../redact/index.ts'

/**
 * Every error perfgate throws on purpose carries a stable `code`, so callers (and a second copy of
 * the package loaded by another Vitest process) can tell them apart without `instanceof`.
 */
export type PerfgateErrorCode =
  | 'PERFGATE_ERR_INVALID_THRESHOLD'
  | 'PERFGATE_ERR_INVALID_OPTION'
  | 'PERFGATE_ERR_INVALID_MEASUREMENT'
  | 'PERFGATE_ERR_INVALID_INPUT'
  /** A function perfgate was asked to run (a benchmarked function, a request function) threw. */
  | 'PERFGATE_ERR_WORKLOAD_THREW'
  /** A file given to `perfgate compare` is not a perfgate results file this version reads. */
  | 'PERFGATE_ERR_INVALID_RESULTS'
  /** Measurements whose latencies mean different things (from intended start vs from send), or shards of different splits, given to one merge. */
  | 'PERFGATE_ERR_MERGE_MISMATCH'
  /** A file perfgate was asked to read (a measurement) does not exist or cannot be read. */
  | 'PERFGATE_ERR_FILE_NOT_FOUND'
  /** A file perfgate was asked to write (`writeMeasurement`, a `perfgate` command's --out, --markdown or --html) cannot be written. */
  | 'PERFGATE_ERR_FILE_NOT_WRITABLE'
  | 'PERFGATE_ERR_TARGET_NOT_ALLOWED'
  | 'PERFGATE_ERR_TARGET_UNREACHABLE'
  | 'PERFGATE_ERR_ABORTED'
  | 'PERFGATE_ERR_NO_PROVIDER'
  | 'PERFGATE_ERR_PROVIDER_FAILED'
  | 'PERFGATE_ERR_MISSING_PACKAGE'
  /** The container provider's image is neither on the engine nor pullable from it. */
  | 'PERFGATE_ERR_IMAGE_MISSING'
  | 'PERFGATE_ERR_FIXTURE_STOPPED'
  | 'PERFGATE_ERR_SEED_FAILED'
  | 'PERFGATE_ERR_BASELINE'
  /** The service under test could not be started, or exited before it was ready. */
  | 'PERFGATE_ERR_SERVICE_FAILED'
  /** The service under test runs but did not pass its ready check in time. */
  | 'PERFGATE_ERR_SERVICE_NOT_READY'
  /** A k6 results file given to `fromK6` is missing, unreadable, or a broken gzip stream. */
  | 'PERFGATE_ERR_K6_FILE'
  /** A file given to `fromK6` is not k6's `--out json` output (the message names the line). */
  | 'PERFGATE_ERR_K6_FORMAT'
  /** A k6 results file holds no `http_req_duration` point: no HTTP request to judge. */
  | 'PERFGATE_ERR_K6_NO_REQUESTS'
  /** A failure inside perfgate itself: a load worker thread that crashed, an uncoded error it reported. */
  | 'PERFGATE_ERR_INTERNAL'

/** A perfgate error; its message never holds a secret (see `redactSecrets`), whatever was put in it. */
export class PerfgateError extends Error {
  readonly code: PerfgateErrorCode

  constructor(code: PerfgateErrorCode, message: string, options?: ErrorOptions) {
    super(redactSecrets(message), options)
    this.name = 'PerfgateError'
    this.code = code
  }
}

/** True for any perfgate error, from this copy of the package or another one. */
export function isPerfgateError(error: unknown, code?: PerfgateErrorCode): error is PerfgateError {
  if (typeof error !== 'object' || error === null) return false
  const found = (error as { code?: unknown }).code
  if (typeof found !== 'string' || !found.startsWith('PERFGATE_ERR_')) return false
  return code === undefined || found === code
}

export function invalidOption(message: string): PerfgateError {
  return new PerfgateError('PERFGATE_ERR_INVALID_OPTION', message)
}
