import 'perfgate/vitest'
import { load } from 'perfgate'
import type { RequestSpec } from 'perfgate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { checkAuthorizationIntegrity, mulberry32 } from '../app/index.ts'
import { startClinicInfra } from '../support/clinicInfra.ts'
import type { ClinicInfra } from '../support/clinicInfra.ts'
import { reportKeyFigure, reportLines } from '../support/keyFigure.ts'
import { boundsDuringRun } from '../support/reservationChecks.ts'
import { perfProfile } from '../support/profile.ts'
import { withReservationBench } from '../support/reservationRun.ts'
import type { ReservationBench } from '../support/reservationRun.ts'
import { reserveStatsLine } from '../support/reserveStatsLine.ts'

const profile = perfProfile()

describe(`reservations under load (${profile.name})`, () => {
  let infra: ClinicInfra
  beforeAll(async () => {
    infra = await startClinicInfra({ tasks: 0 })
  })
  afterAll(async () => {
    await infra?.close()
  })

  const tokenOf = (id: number): string => {
    const { organizationId } = infra.clinic.authorizations.find((a) => a.id === id)!
    return infra.clinic.practitioners.find((p) => p.organizationId === organizationId)!.token
  }
  const unitsRequest = (kind: string, id: number, units: number): RequestSpec => ({
    method: 'POST',
    path: `/authorizations/${id}/${kind}`,
    headers: { authorization: `Bearer ${tokenOf(id)}` },
    body: { units },
    tag: kind,
  })
  const ledgerRows = async (bench: ReservationBench): Promise<number> =>
    (await bench.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM authorization_ledger')).rows[0]!.n

  /**
   * WORKLOADS: "reservation spread over many authorizations: p95 < 150 ms, p99 < 300 ms, error rate
   * < 2%" (their shape: 200 concurrent requests over 50+ authorizations). Scaled: an open-model
   * arrival rate of 200/s over all 55 authorizations for 6 s (60 s in full) — round robin, a 1-unit
   * reservation on each, then a release of it on each, so no authorization fills however long it
   * runs. At 200/s the clinic, the generator and the sampler keep the 2 shared cores about a third
   * busy (300/s broke p99 < 300 ms once, beside another engineer's CPU-bound benchmark); the
   * WORKLOADS limits are kept as they are.
   */
  test('spread: an open-model rate across all 55 authorizations meets p95 < 150 ms, p99 < 300 ms, errors < 2%', async (context) => {
    await withReservationBench(infra, 'serializable', async (bench) => {
      const ids = infra.clinic.authorizations.map((a) => a.id)
      const requests = [...ids.map((id) => unitsRequest('reserve', id, 1)), ...ids.map((id) => unitsRequest('release', id, 1))]
      const { result: m, run } = await boundsDuringRun(bench.pool).during(() =>
        load(({ iteration }) => requests[iteration % requests.length]!, {
          rate: profile.spread.rate,
          duration: profile.spread.durationMs,
          baseUrl: bench.clinic.url,
          name: 'spread reservations',
        }))
      const integrity = await checkAuthorizationIntegrity(bench.pool)
      await reportLines(context, [
        `spread: ${m.total} requests at ${profile.spread.rate}/s: reserve p95 ${m.byTag['reserve']?.latency.p95.toFixed(1)} ms, release p95 ${m.byTag['release']?.latency.p95.toFixed(1)} ms, errors ${JSON.stringify(m.errorsByKind)}`,
        reserveStatsLine((await bench.clinic.stats()).stats),
      ].join('\n'))
      await reportKeyFigure(context, { spec: 'db/spread', figure: 'p95', value: m.latency.p95, unit: 'ms', limit: 150 })
      await expect(run).toHaveNoViolations()
      expect(integrity).toEqual({ overbooked: [], ledgerMismatches: [], ok: true })
      expect(await ledgerRows(bench)).toBe(m.count) // every 200 left exactly one ledger row
      await expect(m).toMeetSLA({ p95: 150, p99: 300, errorRate: 0.02 })
    })
  })

  /**
   * WORKLOADS: "100 users doing 70% reserve / 20% release / 10% consume with 80% spread and 20% on
   * the same authorization: p95 < 175 ms, error rate 10–20% (409s expected)". Scaled: 100 users at
   * about one request a second each, as an open-model rate of 100/s, for 8 s (40 s in full). The
   * hot authorization is a 50-unit one; reserve and release take 2 units, consume 1; the sequence
   * is seeded, so only the interleaving varies between runs. A 409 is an expected answer
   * (expectStatus), so the latencies include it and errors are only 5xx and transport failures;
   * the 409 share is judged on its own. Replayed serially, this sequence refuses 12% (8 s) and
   * 16% (40 s); it grows with the run as consumption uses the hot authorization up.
   */
  test('mixed: 70/20/10 reserve/release/consume, 20% on one hot authorization: p95 < 175 ms, 409 share within 10–20%', async (context) => {
    await withReservationBench(infra, 'serializable', async (bench) => {
      const hot = infra.clinic.authorizationIdsByTotal.units50[0]!
      const spread = infra.clinic.authorizations.map((a) => a.id).filter((id) => id !== hot)
      const random = mulberry32(1)
      const next = (): RequestSpec => {
        const id = random.next() < 0.2 ? hot : random.pick(spread)
        const k = random.next()
        return k < 0.7 ? unitsRequest('reserve', id, 2) : k < 0.9 ? unitsRequest('release', id, 2) : unitsRequest('consume', id, 1)
      }
      const { result: m, run } = await boundsDuringRun(bench.pool).during(() =>
        load(next, {
          rate: profile.mixed.rate,
          duration: profile.mixed.durationMs,
          baseUrl: bench.clinic.url,
          expectStatus: [200, 409],
          name: 'mixed reserve/release/consume',
        }))
      const applied = await ledgerRows(bench)
      const refused = m.count - applied
      const refusedShare = refused / m.total
      await reportLines(context, [
        `mixed: ${m.total} requests at ${profile.mixed.rate}/s: ${applied} applied, ${refused} × 409 (${(refusedShare * 100).toFixed(1)}%), errors ${JSON.stringify(m.errorsByKind)}`,
        ...['reserve', 'release', 'consume'].map((tag) => `  ${tag}: ${m.byTag[tag]?.total} requests, p95 ${m.byTag[tag]?.latency.p95.toFixed(1)} ms`),
        reserveStatsLine((await bench.clinic.stats()).stats),
      ].join('\n'))
      await reportKeyFigure(context, { spec: 'db/mixed', figure: 'p95', value: m.latency.p95, unit: 'ms', limit: 175 })
      await reportKeyFigure(context, { spec: 'db/mixed', figure: '409 share', value: refusedShare, unit: 'share', limit: 0.2 })
      await expect(run).toHaveNoViolations()
      expect(await checkAuthorizationIntegrity(bench.pool)).toEqual({ overbooked: [], ledgerMismatches: [], ok: true })
      expect(refusedShare).toBeGreaterThanOrEqual(0.1)
      expect(refusedShare).toBeLessThanOrEqual(0.2)
      await expect(m).toMeetSLA({ p95: 175, errorRate: 0.01 })
    })
  })
})
