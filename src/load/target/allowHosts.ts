import { PerfgateError } from '../../errors/index.ts'
import { redactUrl } from '../../redact/index.ts'

const LOOPBACK_NAMES = new Set(['localhost', '[::1]', '::1'])

/**
 * True for loopback hosts: `localhost`, `127.0.0.0/8` and `::1`. Other names (`app.localhost`
 * included) are not resolved here, so they need `allowHosts`.
 */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

/**
 * Refuses targets that are neither loopback nor named in `allowHosts`, so a test can never load a
 * production host by accident (a copied URL, a wrong environment variable).
 */
export function assertAllowedTarget(url: URL, allowHosts: readonly string[] = []): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PerfgateError('PERFGATE_ERR_TARGET_NOT_ALLOWED', `load() drives http: and https: targets; got ${url.protocol} in ${redactUrl(url)}. Use an http(s) URL.`)
  }
  const host = url.hostname.toLowerCase()
  if (isLoopback(host)) return
  const allowed = allowHosts.some((name) => name.toLowerCase() === host || name.toLowerCase() === url.host.toLowerCase())
  if (!allowed) {
    throw new PerfgateError(
      'PERFGATE_ERR_TARGET_NOT_ALLOWED',
      `load() refuses ${redactUrl(url)}: only loopback hosts are loaded unless named. If you mean to load it, pass { allowHosts: ['${url.hostname}'] }.`,
    )
  }
}
