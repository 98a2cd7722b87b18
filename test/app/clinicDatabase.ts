import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { seedClinic } from '../../perf/app/seed/index.ts'
import type { ClinicSeed, ClinicSeedOptions } from '../../perf/app/seed/index.ts'

const ADMIN_URL = process.env['PERFGATE_APP_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres'
export const REDIS_URL = process.env['PERFGATE_APP_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379'

export interface ClinicDatabase extends AsyncDisposable {
  url: string
  name: string
  clinic: ClinicSeed
  drop(): Promise<void>
}

/**
 * A fresh, uniquely named database (perfgate_app_test_…) seeded with seedClinic. Stand-in until
 * the fixtures' postgres() provider serves these tests.
 */
export async function clinicDatabase(options: ClinicSeedOptions = {}): Promise<ClinicDatabase> {
  const name = `perfgate_app_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  const drop = async (): Promise<void> => {
    const dropper = new pg.Client({ connectionString: ADMIN_URL })
    await dropper.connect()
    try {
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    } finally {
      await dropper.end()
    }
  }
  const client = new pg.Client({ connectionString: url.href })
  try {
    await client.connect()
    const clinic = await seedClinic(client, options)
    return { url: url.href, name, clinic, drop, [Symbol.asyncDispose]: drop }
  } catch (error) {
    await drop()
    throw error
  } finally {
    await client.end()
  }
}
