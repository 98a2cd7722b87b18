import { invalidOption } from '../../../src/errors/index.ts'
import { DEFAULT_SEED, describeClinic } from '../seed/clinicSeed.ts'
import type { ClinicSeed } from '../seed/clinicSeed.ts'
import { TEST_PASSWORD } from '../seed/tokens.ts'
import { startClinic } from '../startClinic.ts'
import type { ClinicOptions, StartedClinic } from '../startClinic.ts'
import { loginAll } from './loginAll.ts'

export interface ClinicTargetOptions extends Partial<ClinicOptions> {
  /** The seed the target's database was seeded with. Env PERFGATE_CLINIC_SEED wins. @default 42 */
  seed?: number
  /** Where PERFGATE_* settings are read from. @default process.env */
  env?: Record<string, string | undefined>
}

export interface ClinicTarget extends AsyncDisposable {
  url: string
  mode: 'in-process' | 'external'
  /** Ids and classes of the seeded data, with practitioner tokens that this target accepts. */
  clinic: ClinicSeed
  /** The in-process clinic (undefined for an external target). */
  started: StartedClinic | undefined
  close(): Promise<void>
}

/**
 * The clinic the specs run against. With PERFGATE_BASE_URL set, an external deployment (seeded
 * with the same seed): tokens are signed with PERFGATE_JWT_SECRET when given, else obtained by
 * logging each practitioner in (password PERFGATE_CLINIC_PASSWORD, default TEST_PASSWORD).
 * Otherwise the clinic is started in-process on `databaseUrl` and `redisUrl`.
 *
 * @example
 * await using target = await clinicTarget({ databaseUrl: db.url, redisUrl: cache.url })
 * await load(`${target.url}/tasks/1`, { headers: { authorization: `Bearer ${target.clinic.practitioners[0].token}` } })
 */
export async function clinicTarget(options: ClinicTargetOptions = {}): Promise<ClinicTarget> {
  const { env = process.env, seed: seedOption, ...startOptions } = options
  const seed = seedFrom(env['PERFGATE_CLINIC_SEED'], seedOption)
  const baseUrl = env['PERFGATE_BASE_URL']
  if (baseUrl) {
    const url = externalUrl(baseUrl)
    const jwtSecret = env['PERFGATE_JWT_SECRET']
    const clinic = jwtSecret
      ? await describeClinic({ seed, jwtSecret })
      : await loginAll(url, await describeClinic({ seed }), env['PERFGATE_CLINIC_PASSWORD'] ?? TEST_PASSWORD)
    const close = async (): Promise<void> => {}
    return { url, mode: 'external', clinic, started: undefined, close, [Symbol.asyncDispose]: close }
  }
  const { databaseUrl, redisUrl } = startOptions
  if (!databaseUrl || !redisUrl) {
    throw invalidOption(
      'clinicTarget: pass databaseUrl and redisUrl (e.g. from postgres({ seed: seedClinic }) and redis() of ' +
        'perfgate/fixtures) to start the clinic in-process, or set PERFGATE_BASE_URL to test a deployed one',
    )
  }
  const started = await startClinic({ ...startOptions, databaseUrl, redisUrl })
  const clinic = await describeClinic({ seed, ...(startOptions.jwtSecret ? { jwtSecret: startOptions.jwtSecret } : {}) })
  return { url: started.url, mode: 'in-process', clinic, started, close: started.close, [Symbol.asyncDispose]: started.close }
}

function seedFrom(fromEnv: string | undefined, fromOptions: number | undefined): number {
  if (fromEnv === undefined || fromEnv === '') return fromOptions ?? DEFAULT_SEED
  const seed = Number(fromEnv)
  if (!Number.isInteger(seed)) throw invalidOption(`PERFGATE_CLINIC_SEED must be an integer, got "${fromEnv}"`)
  return seed
}

function externalUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw invalidOption(`PERFGATE_BASE_URL is not a URL: "${raw}"; expected e.g. https://staging.clinic.example`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidOption(`PERFGATE_BASE_URL must be http(s), got ${url.protocol}`)
  }
  return url.href.replace(/\/$/, '')
}
