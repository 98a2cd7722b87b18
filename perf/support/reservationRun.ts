import type { Pool } from 'pg'
import type { PostgresClone } from 'perfgate/fixtures'
import { mulberry32 } from '../app/index.ts'
import type { InvariantRun } from 'perfgate'
import type { ClinicInfra } from './clinicInfra.ts'
import { startClinicProcess } from './clinicService.ts'
import type { ClinicProcessConfig, ClinicService } from './clinicService.ts'
import { recordCall, reservationHistory, reservationInvariants } from './reservationChecks.ts'
import { unitsClient } from './unitsClient.ts'
import type { UnitsCall, UnitsClient } from './unitsClient.ts'

/** A clinic process on a fresh copy of the seeded database, with what the checks need beside it. */
export interface ReservationBench {
  clinic: ClinicService
  db: PostgresClone
  /** Our own connections (application_name 'perfgate-checks', so fault injection spares them). */
  pool: Pool
  client: UnitsClient
}

/**
 * Runs `body` against a clinic using the reserve strategy given, on a database cloned for it, and
 * closes everything afterwards — also when `body` throws.
 */
export async function withReservationBench<T>(infra: ClinicInfra, reserve: ClinicProcessConfig['reserve'], body: (bench: ReservationBench) => Promise<T>): Promise<T> {
  const db = await infra.db.clone()
  let clinic: ClinicService | undefined
  let client: UnitsClient | undefined
  try {
    clinic = await startClinicProcess({ databaseUrl: db.url, redisUrl: infra.cache.url, reserve })
    client = unitsClient(clinic.url, infra.clinic)
    const pool = db.pool({ max: 4, application_name: 'perfgate-checks' })
    return await body({ clinic, db, pool, client })
  } finally {
    await client?.close().catch(() => {})
    await clinic?.close().catch(() => {})
    await db.drop()
  }
}

/** `n` reservations of `units` sent at once on one authorization. */
export async function burst(client: UnitsClient, id: number, n = 50, units = 10): Promise<UnitsCall[]> {
  return Promise.all(Array.from({ length: n }, () => client.call('reserve', id, units)))
}

/**
 * Bursts of 50 × 10 units, one on each authorization of `ids` in turn, with every reservation
 * check around them: the sampler reads during the bursts, the others run after them.
 */
export async function checkedBursts(bench: ReservationBench, ids: readonly number[]): Promise<{ rounds: UnitsCall[][]; run: InvariantRun }> {
  const h = reservationHistory()
  const { result: rounds, run } = await reservationInvariants(bench.pool, h).during(async () => {
    const all: UnitsCall[][] = []
    for (const id of ids) all.push((await burst(bench.client, id)).map((call, i) => recordCall(h, i, call)))
    return all
  })
  return { rounds, run }
}

export interface ContentionOptions {
  ids: readonly number[]
  clients: number
  durationMs: number
  /** Units a client may consume in all (consumption is permanent, so it is rationed). @default 2 */
  consumeBudget?: number
  /** Reservation sizes are uniform in [1, maxUnits]. @default 10 */
  maxUnits?: number
  seed?: number
  /** Pause of each client before each reservation, and again while it holds the units, uniform in [min, max] ms. @default none */
  thinkMs?: { min: number; max: number }
}

export interface ContentionRun {
  calls: UnitsCall[]
  /** What every reservation check found, during the run (`sampler`) and after it; judge it with toHaveNoViolations. */
  run: InvariantRun
  wallMs: number
}

/**
 * Closed-loop clients on the given authorizations: each (after `thinkMs`) reserves a random number
 * of units, and when that succeeds holds them (`thinkMs` again), now and then consumes one of them,
 * then releases the rest — as long as the run lasts. The sampler reads the bounds meanwhile; the other checks run at the end.
 */
export async function contention(bench: ReservationBench, options: ContentionOptions, during?: () => Promise<void>): Promise<ContentionRun> {
  const { ids, clients, durationMs, consumeBudget = 2, maxUnits = 10, seed = 7, thinkMs } = options
  const calls: UnitsCall[] = []
  const h = reservationHistory()
  const started = performance.now()
  const end = started + durationMs
  // Set when the run ends early (`during` or a client failed): the other loops stop too rather
  // than keep calling a clinic and a database that are about to be torn down.
  let stopped = false
  const client = async (index: number): Promise<void> => {
    const random = mulberry32(seed * 1000 + index)
    let budget = consumeBudget
    while (!stopped && performance.now() < end) {
      const id = random.pick(ids)
      const units = random.int(1, maxUnits)
      const think = (): Promise<unknown> | undefined => thinkMs && new Promise((resolve) => setTimeout(resolve, random.int(thinkMs.min, thinkMs.max)))
      await think()
      const reserved = recordCall(h, index, await bench.client.call('reserve', id, units))
      calls.push(reserved)
      if (reserved.outcome !== 'applied') continue
      await think()
      let held = units
      if (budget > 0 && random.next() < 0.1) {
        const consumed = recordCall(h, index, await bench.client.call('consume', id, 1))
        calls.push(consumed)
        if (consumed.outcome === 'applied') {
          budget--
          held--
        }
        if (consumed.outcome !== 'applied' && consumed.outcome !== 'insufficient') continue // unknown what is held now
      }
      if (held > 0) calls.push(recordCall(h, index, await bench.client.call('release', id, held)))
    }
  }
  const { run } = await reservationInvariants(bench.pool, h).during(async () => {
    try {
      const settled = await Promise.allSettled([...Array.from({ length: clients }, (_, i) => client(i)), during?.()].map((p) =>
        Promise.resolve(p).catch((error: unknown) => {
          stopped = true
          throw error
        })))
      const failed = settled.find((result) => result.status === 'rejected')
      if (failed) throw failed.reason
    } finally {
      stopped = true
    }
  })
  return { calls, run, wallMs: run.durationMs }
}
