/** What every secret becomes: no quotes or markup, so JSON, XML and HTML stay valid. */
export const REDACTED = '***'

// Each pattern ends where the secret ends (whitespace, a quote, a separator), never later: the text
// around a secret is kept as it was. A backslash goes with the character after it, so an escaped quote
// (`\"` in JSON) ends the secret before its backslash and an escaped backslash stays whole: text
// redacted once, then written as JSON and redacted again, stays valid JSON.
const VALUE = String.raw`(?:[^\s"'<>&,;|(){}\[\]\\]|\\[^\s"'])+`
const JWT = /\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g
const HEADER = new RegExp(
  String.raw`\b(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|cookie|set-cookie)(["']?\s*[:=]\s*["']?)` +
    String.raw`((?:(?:Bearer|Basic|Digest|Negotiate|Token)\s+)?${VALUE}(?:;\s?[^\s"'<>&,;=|]+=(?:[^\s"'<>&,;|\\]|\\[^\s"'])*)*)`,
  'gi',
)
const SCHEME_TOKEN = /\b(Bearer|Basic|Digest|Negotiate)\s+([A-Za-z0-9._~+/=-]{6,})/g
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'<>]*:)([^\s@/"'<>]+)@/gi
const BARE_URL_PASSWORD = /(^|[\s"'(<=,[])([A-Za-z0-9._~%!$*+-]+:)([^\s:@/"'<>]+)@(?=[A-Za-z0-9[])/g
const SECRET_PARAM = new RegExp(String.raw`([?&;])([A-Za-z0-9_.[\]-]+)=(${VALUE})`, 'g')
/** Words of a parameter name that make its value a secret: `api_key`, `apiKey`, `X-Amz-Signature`, `session`. */
const SECRET_WORDS = new Set(['token', 'key', 'apikey', 'secret', 'password', 'passwd', 'pass', 'pwd', 'session', 'sessionid', 'sid', 'auth', 'authorization', 'sig', 'signature', 'jwt', 'credential', 'credentials', 'otp', 'passphrase'])
const SECRET_FIELD = new RegExp(
  String.raw`(?<![A-Za-z0-9_-])(password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|session[_-]?id)(["']?\s*[:=]\s*["']?)(${VALUE})`,
  'gi',
)

/**
 * Removes secrets from text meant for people or files, and nothing else: Authorization, Cookie and
 * API-key header values, Bearer/Basic credentials, JWTs, passwords in URLs (with or without a
 * scheme), secret-looking query parameters (`token`, `key`, `secret`, `password`, `session`,
 * `auth`, `signature`, …) and `password=`-style fields. Every perfgate error message and report
 * output goes through it before any escaping, so an escaped form cannot slip past it.
 *
 * @example
 * redactSecrets('postgres://app:s3cret@db/app?sslmode=require') // 'postgres://app:***@db/app?sslmode=require'
 * redactSecrets('GET /tasks Authorization: Bearer eyJhbGci…, 1,000 req/s') // 'GET /tasks Authorization: ***, 1,000 req/s'
 */
export function redactSecrets(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(HEADER, (whole: string, name: string, separator: string, value: string) => (isRedacted(value) ? whole : `${name}${separator}${REDACTED}`))
    .replace(SCHEME_TOKEN, (whole: string, scheme: string, value: string) => (looksLikeCredential(value) ? `${scheme} ${REDACTED}` : whole))
    .replace(URL_PASSWORD, (whole: string, head: string, value: string) => (isRedacted(value) ? whole : `${head}${REDACTED}@`))
    .replace(BARE_URL_PASSWORD, (whole: string, before: string, user: string, value: string) => (isRedacted(value) ? whole : `${before}${user}${REDACTED}@`))
    .replace(SECRET_PARAM, (whole: string, before: string, name: string, value: string) => (isRedacted(value) || !isSecretName(name) ? whole : `${before}${name}=${REDACTED}`))
    .replace(SECRET_FIELD, (whole: string, name: string, separator: string, value: string) => (isRedacted(value) ? whole : `${name}${separator}${REDACTED}`))
}

/**
 * Whether a query parameter's name says its value is a secret: one of its words (split at `_ . - [ ]`
 * and camelCase) is a secret word, or a word ends like one (`csrftoken`, `secretkey`, `jsessionid`).
 * `author`, `keyword` or `design` are not.
 */
function isSecretName(name: string): boolean {
  const words = name.split(/[_.[\]-]+|(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase())
  return words.some((word) => SECRET_WORDS.has(word) || /(?:token|secret|password|key|sessid|sessionid)$/.test(word))
}

/** Already hidden, possibly escaped by a writer (`\*\*\*` in Markdown): a second pass keeps it as it is. */
function isRedacted(value: string): boolean {
  return /^(?:\\?\*){3}$/.test(value)
}

/** `Bearer <anything>` is a credential; `Basic` only when followed by base64, not by a word ("Basic auth"). */
function looksLikeCredential(value: string): boolean {
  if (value === REDACTED) return false
  return /[0-9+/=._~-]/.test(value) || /[A-Z]/.test(value.slice(1))
}
