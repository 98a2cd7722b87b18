import { redactSecrets } from './redactSecrets.ts'

/**
 * A copy of plain data (what a reporter renders) with every string, keys included, passed through
 * {@link redactSecrets}; numbers and structure are kept. Reporters redact their data with it before
 * escaping or slugging anything, so no escaped or lower-cased form of a secret reaches a file.
 */
export function redactDeep<T>(value: T): T {
  return walk(value) as T
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value)
  if (Array.isArray(value)) return value.map(walk)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [redactSecrets(key), walk(inner)]))
}
