import { redactSecrets, REDACTED } from './redactSecrets.ts'

/**
 * A URL (or connection string) with its password and secret-looking query values replaced by
 * `***`, safe for messages and logs; the same rules as {@link redactSecrets}, so a URL is hidden
 * the same way in an error and in a report.
 *
 * @example
 * redactUrl('postgres://app:s3cret@db:5432/app') // 'postgres://app:***@db:5432/app'
 * redactUrl('127.0.0.1:3000/?token=abc') // '127.0.0.1:3000/?token=***'
 */
export function redactUrl(url: string | URL): string {
  return redactSecrets(String(url))
}

/**
 * `text` (e.g. a database driver's error message) with every occurrence of `url`'s password
 * replaced by `***`, on top of {@link redactSecrets}: drivers may echo the password on its own.
 */
export function redactPasswordOf(url: string, text: string): string {
  let password = ''
  try {
    password = decodeURIComponent(new URL(url).password)
  } catch {
    // Not a URL: nothing known to hide beyond the general rules.
  }
  const hidden = password.length < 3 ? text : text.split(password).join(REDACTED)
  return redactSecrets(hidden)
}
