import 'perfgate/vitest'
import type { Pool } from 'pg'
import { fromSamples } from 'perfgate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startClinicInfra } from '../support/clinicInfra.ts'
import type { ClinicInfra } from '../support/clinicInfra.ts'
import { reportKeyFigure, reportLines } from '../support/keyFigure.ts'
import { perfProfile } from '../support/profile.ts'
import { contention, withReservationBench } from '../support/reservationRun.ts'
import { retryTable } from '../support/retryTable.ts'

const profile = perfProfile()

/**
 * Faults: while closed-loop clients (the contention spec's shape: think, reserve, hold, release)
 * reserve, release and consume on a hot and three roomier authorizations, the spec terminates the
 * clinic's database backends (pg_terminate_backend) every 400 ms for two thirds of the profile's
 * duration, each round while a request is in flight by construction (see terminateRound), then
 * stops; the clients keep going for a fixed recovery period after that (at least 4 s: a second to settle, 3 s
 * measured), so the post-fault window has enough calls for a p95 on any runner. Requests
 * in flight on a killed connection fail (a 500 or a reset): they are counted as errors and, since
 * the client cannot know whether they committed, as indeterminate in the history check. Not a
 * WORKLOADS figure; their "success rate > 99.9%" applies once the faults stop.
 */
describe(`faults: database backends terminated mid-run (${profile.name})`, () => {
  let infra: ClinicInfra
  beforeAll(async () => {
    infra = await startClinicInfra({ tasks: 0 })
  })
  afterAll(async () => {
    await infra?.close()
  })

  test('invariants hold, errors are counted, nothing acknowledged is lost, and the pool recovers', async (context) => {
    const { units50, units200, units1000 } = infra.clinic.authorizationIdsByTotal
    const ids = [units50[0]!, units200[0]!, units200[1]!, units1000[0]!]
    const { durationMs, clients, killEveryMs } = profile.faults
    const faultsForMs = (durationMs * 2) / 3
    // The last round may start just before faultsForMs and end a kill interval later; after it, a
    // second to settle and then at least 3 s of recovery measured.
    const runMs = Math.max(durationMs, faultsForMs + killEveryMs + 1000 + 3000)
    await withReservationBench(infra, 'serializable', async (bench) => {
      // Two connections of our own (named perfgate-*, so no round terminates them): one holds row
      // locks, the other watches and terminates.
      const admin = bench.db.pool({ max: 2, application_name: 'perfgate-faults' })
      let rounds = 0
      let terminated = 0
      let inFlightTerminated = 0
      let faultsEnd = 0
      const inject = async (): Promise<void> => {
        const until = performance.now() + faultsForMs
        while (performance.now() < until) {
          await new Promise((resolve) => setTimeout(resolve, killEveryMs))
          const round = await terminateRound(admin, ids)
          terminated += round.terminated
          inFlightTerminated += round.inFlight
          rounds++
        }
        faultsEnd = performance.now()
      }
      const run = await contention(bench, { ids, clients, durationMs: runMs, maxUnits: 10, consumeBudget: 3, thinkMs: profile.contention.thinkMs }, inject)
      const indeterminate = run.calls.filter((call) => call.outcome === 'indeterminate')
      // Recovery: calls started a second after the last kill, and a fresh burst after the run: 50
      // at once, each on an authorization of its own that the run never touched, so no request
      // waits on another's row and each must be applied.
      const afterFaults = run.calls.filter((call) => call.at > faultsEnd + 1000)
      const untouched = infra.clinic.authorizations.map((a) => a.id).filter((id) => !ids.includes(id)).slice(0, 50)
      expect(untouched).toHaveLength(50)
      const recovered = await Promise.all(untouched.map((id) => bench.client.call('reserve', id, 1)))
      await reportLines(context, [
        `faults: ${terminated} backends terminated (${inFlightTerminated} with a request in flight) in ${rounds} rounds over ${(faultsForMs / 1000).toFixed(1)} s; ${indeterminate.length} requests failed (HTTP ${[...new Set(indeterminate.map((call) => call.httpStatus))].join(', ')})`,
        retryTable('faults: outcomes and serialization retries over the whole run', run.calls),
        `after the faults: ${afterFaults.length} requests, ${afterFaults.filter((call) => call.outcome === 'indeterminate').length} failed; fresh burst of 50 × 1 unit on 50 authorizations: ${recovered.filter((call) => call.outcome === 'applied').length} applied, ${recovered.filter((call) => call.outcome === 'exhausted').length} retries exhausted`,
      ].join('\n'))

      // The faults were real, every round killed a request in flight, and each of those shows up
      // as a counted error rather than disappearing.
      expect(rounds).toBeGreaterThan(0)
      expect(inFlightTerminated).toBeGreaterThanOrEqual(rounds)
      expect(indeterminate.length).toBeGreaterThanOrEqual(inFlightTerminated)
      // Safety: bounds on every read and at the end, ledger = counters, and the clients' history
      // (applied exactly, indeterminate as may-or-may-not) agrees with counters and ledger rows.
      expect(run.run.checks['sampler']!.runs).toBeGreaterThan(runMs / 100)
      await expect(run.run).toHaveNoViolations()
      // Recovery: no failures once the faults stop, and a burst afterwards is served: every one of
      // its requests applied.
      expect(afterFaults.length).toBeGreaterThan(clients * 5)
      expect(afterFaults.filter((call) => call.outcome === 'indeterminate' || call.outcome === 'exhausted')).toEqual([])
      expect(recovered.filter((call) => call.outcome !== 'applied')).toEqual([])
      const m = fromSamples(afterFaults.map((call) => call.ms), { name: 'reservations after the faults' })
      await reportKeyFigure(context, { spec: 'db/faults-recovered', figure: 'p95', value: m.latency.p95, unit: 'ms', limit: 200 })
      await expect(m).toMeetP95(200)
    })
  })
})

/**
 * One fault round with a request in flight by construction: our own transaction locks the
 * authorizations' rows, so the next reserve, release or consume on any of them blocks inside the
 * database and cannot finish; once a clinic backend waits on that lock (or `waitMs` passes), every
 * clinic backend is terminated — the waiting ones mid-request, the idle ones in the pool — and
 * the lock is released. `inFlight` counts the terminated backends that were waiting on it.
 */
async function terminateRound(admin: Pool, ids: readonly number[], waitMs = 5_000): Promise<{ terminated: number; inFlight: number }> {
  const locker = await admin.connect()
  try {
    await locker.query('BEGIN')
    const { rows: [locking] } = await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
    await locker.query('SELECT id FROM authorizations WHERE id = ANY($1) FOR UPDATE', [ids])
    const deadline = performance.now() + waitMs
    for (;;) {
      // Chosen first, terminated after: in one statement the planner may call pg_terminate_backend
      // before the filters and kill other databases' connections.
      const { rows } = await admin.query<{ pid: number; waiting: boolean }>(
        `SELECT pid, $1::int = ANY(pg_blocking_pids(pid)) AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend'
            AND application_name NOT LIKE 'perfgate-%'`,
        [locking!.pid],
      )
      if (rows.some((row) => row.waiting) || performance.now() > deadline) {
        let terminated = 0
        let inFlight = 0
        for (const { pid, waiting } of rows) {
          const killed = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid])
          if (!killed.rows[0]?.ok) continue
          terminated++
          if (waiting) inFlight++
        }
        return { terminated, inFlight }
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  } finally {
    await locker.query('ROLLBACK').catch(() => {})
    locker.release()
  }
}
