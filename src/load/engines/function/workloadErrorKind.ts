/** Most distinct failure kinds one run counts; later new kinds count as `other`. */
export const MAX_WORKLOAD_ERROR_KINDS = 20
const TOKEN = /^[A-Za-z0-9_.-]{1,40}$/

/**
 * The kind a failed call is counted under in `errorsByKind`: the error's `code` (`ECONNREFUSED`,
 * Postgres' `23505`, `ERR_…`), else its class name when it is not a plain `Error` (`TypeError`,
 * `AbortError`), else `error`. Never the message: messages carry ids and secrets, and would make
 * one kind per call.
 */
export function workloadErrorKind(error: unknown): string {
  const { code, name } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; name?: unknown }
  if ((typeof code === 'string' || typeof code === 'number') && TOKEN.test(String(code))) return String(code)
  if (typeof name === 'string' && name !== 'Error' && TOKEN.test(name)) return name
  return 'error'
}

/** Counts kinds per run and folds any beyond {@link MAX_WORKLOAD_ERROR_KINDS} into `other`, keeping `errorsByKind` small. */
export class ErrorKinds {
  readonly #seen = new Set<string>()

  of(error: unknown): string {
    const kind = workloadErrorKind(error)
    if (this.#seen.has(kind)) return kind
    if (this.#seen.size >= MAX_WORKLOAD_ERROR_KINDS) return 'other'
    this.#seen.add(kind)
    return kind
  }
}
