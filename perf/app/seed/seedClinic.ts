import { readFile } from 'node:fs/promises'
import type { ClientBase } from 'pg'
import { SEED_EPOCH, SERVICE_CODES } from './clinicDataset.ts'
import type { ClinicDataset } from './clinicDataset.ts'
import { DEFAULT_SEED, DEFAULT_TASK_COUNT, datasetFor, describeClinic, streamSeed } from './clinicSeed.ts'
import type { ClinicSeed, ClinicSeedOptions } from './clinicSeed.ts'
import { hashPassword } from './password.ts'
import { mulberry32 } from './prng.ts'
import { taskColumns } from './taskDataset.ts'
import { TEST_PASSWORD } from './tokens.ts'

const SCHEMA_URL = new URL('./schema.sql', import.meta.url)
const AFTER_LOAD_URL = new URL('./after-load.sql', import.meta.url)

/**
 * Creates the clinic schema and its data on an empty database, deterministically from `seed`:
 * 3 organizations, 5 service codes, 20 patients, 10 practitioners (password `TEST_PASSWORD`),
 * 55 authorizations (10 × 50, 20 × 200, 25 × 1,000 units, none used yet, empty ledger) and
 * 10,000 tasks. Runs in one transaction; ANALYZEs the tables so plans are stable from the start.
 *
 * @example
 * const db = await postgres({ seed: (client) => seedClinic(client) })
 */
export async function seedClinic(client: ClientBase, options: ClinicSeedOptions = {}): Promise<ClinicSeed> {
  const seed = options.seed ?? DEFAULT_SEED
  const taskCount = options.tasks ?? DEFAULT_TASK_COUNT
  if (!Number.isInteger(seed)) throw new TypeError(`seedClinic: seed must be an integer, got ${seed}`)
  if (!Number.isInteger(taskCount) || taskCount < 0) {
    throw new TypeError(`seedClinic: tasks must be a non-negative integer, got ${taskCount}`)
  }
  const existing = await client.query(`SELECT to_regclass('authorizations') IS NOT NULL AS present`)
  if (existing.rows[0]?.present) {
    throw new Error('seedClinic: the database already has an authorizations table; seed an empty database')
  }
  const data = datasetFor(seed)
  await client.query('BEGIN')
  try {
    await client.query(await readFile(SCHEMA_URL, 'utf8'))
    await insertClinic(client, data, seed)
    await insertTasks(client, data, seed, taskCount)
    await client.query(await readFile(AFTER_LOAD_URL, 'utf8'))
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
  await client.query('ANALYZE organizations, service_codes, patients, practitioners, authorizations, authorization_ledger, tasks')
  return describeClinic({ ...options, seed, tasks: taskCount })
}

async function insertClinic(client: ClientBase, data: ClinicDataset, seed: number): Promise<void> {
  const salts = mulberry32(streamSeed(seed, 'salts'))
  const saltFor = (): Buffer => Buffer.from(Array.from({ length: 16 }, () => salts.int(0, 255)))
  const column = <T, K extends keyof T>(rows: readonly T[], key: K): T[K][] => rows.map((row) => row[key])

  await client.query(`INSERT INTO organizations (id, name) SELECT * FROM unnest($1::int[], $2::text[])`, [
    column(data.organizations, 'id'),
    column(data.organizations, 'name'),
  ])
  await client.query(`INSERT INTO service_codes (code, description) SELECT * FROM unnest($1::text[], $2::text[])`, [
    SERVICE_CODES.map((service) => service.code),
    SERVICE_CODES.map((service) => service.description),
  ])
  await client.query(
    `INSERT INTO patients (id, organization_id, full_name, date_of_birth, emr_system, emr_patient_id)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::date[], $5::text[], $6::text[])`,
    [
      column(data.patients, 'id'), column(data.patients, 'organizationId'), column(data.patients, 'fullName'),
      column(data.patients, 'dateOfBirth'), column(data.patients, 'emrSystem'), column(data.patients, 'emrPatientId'),
    ],
  )
  await client.query(
    `INSERT INTO practitioners (id, organization_id, full_name, role, password_hash)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[])`,
    [
      column(data.practitioners, 'id'), column(data.practitioners, 'organizationId'),
      column(data.practitioners, 'fullName'), column(data.practitioners, 'role'),
      data.practitioners.map(() => hashPassword(TEST_PASSWORD, saltFor())),
    ],
  )
  await client.query(
    `INSERT INTO authorizations (id, organization_id, patient_id, service_code, total_units, starts_on, ends_on, updated_at)
     SELECT *, $8::timestamptz FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::int[], $6::date[], $7::date[])`,
    [
      column(data.authorizations, 'id'), column(data.authorizations, 'organizationId'),
      column(data.authorizations, 'patientId'), column(data.authorizations, 'serviceCode'),
      column(data.authorizations, 'totalUnits'), column(data.authorizations, 'startsOn'),
      column(data.authorizations, 'endsOn'), SEED_EPOCH.toISOString(),
    ],
  )
}

async function insertTasks(client: ClientBase, data: ClinicDataset, seed: number, count: number): Promise<void> {
  const tasks = taskColumns(mulberry32(streamSeed(seed, 'tasks')), count, data.patients, data.practitioners)
  await client.query(
    `INSERT INTO tasks (id, organization_id, patient_id, assignee_id, title, notes, status, priority, due_at, created_at, updated_at)
     SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])`,
    [
      tasks.id, tasks.organizationId, tasks.patientId, tasks.assigneeId, tasks.title, tasks.notes,
      tasks.status, tasks.priority, tasks.dueAt, tasks.createdAt, tasks.updatedAt,
    ],
  )
  // Explicit ids bypass the identity; move it past them so POST /tasks does not collide.
  await client.query(`SELECT setval(pg_get_serial_sequence('tasks', 'id'), GREATEST($1::int, 1), $1::int > 0)`, [count])
}
