const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g
const AUTH_HEADER = /\b(authorization|proxy-authorization|x-api-key|api-key|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^"'\r\n,;}]+/gi
const SCHEME_TOKEN = /\b(Bearer|Basic|Token|Digest)\s+[A-Za-z0-9._~+/=-]{4,}/g
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'<>]*:)[^\s@/"'<>]+@/gi
const SECRET_PARAM = /([?&;](?:password|passwd|pwd|token|access_token|secret|api[_-]?key|apikey|sig|signature)=)[^&\s"'<>#]+/gi

/**
 * Removes secrets from text meant for people or files: Authorization (and similar) header values,
 * Bearer/Basic tokens, JWTs, passwords in URLs and secret-looking query parameters. Every perfgate
 * report output goes through it; the replacement never contains quotes, so JSON and XML stay valid.
 *
 * @example
 * redactSecrets('postgres://app:s3cret@db/app') // 'postgres://app:***@db/app'
 */
export function redactSecrets(text: string): string {
  return text
    .replace(JWT, '***')
    .replace(AUTH_HEADER, (_, name: string, sep: string) => `${name}${sep}***`)
    .replace(SCHEME_TOKEN, (_, scheme: string) => `${scheme} ***`)
    .replace(URL_PASSWORD, '$1***@')
    .replace(SECRET_PARAM, '$1***')
}
