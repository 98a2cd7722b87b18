import 'perfgate/vitest'
import { load } from 'perfgate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { apiRequests } from '../support/apiRequests.ts'
import type { ApiRequests } from '../support/apiRequests.ts'
import { startApiTarget, taskIdsByOrganization } from '../support/apiTarget.ts'
import { CLINIC_LIMITS, reportResources } from '../support/clinicResources.ts'
import type { ApiTarget } from '../support/apiTarget.ts'
import { reportKeyFigure, reportLines } from '../support/keyFigure.ts'
import { perfProfile } from '../support/profile.ts'

const profile = perfProfile()
const { api } = profile

/**
 * Endpoint SLAs of the clinic API over real HTTP, in the open model (arrivals on a schedule,
 * latency from the scheduled start: coordinated omission corrected). The clinic runs in a process
 * of its own on 10,000 seeded tasks (or PERFGATE_BASE_URL). WORKLOADS' targets are kept as they
 * are: they sit 20× or more above what this machine measures (see the spread table), so the
 * margin is never in question here; the rates are what is scaled (their 1,000 task operations/s
 * is asserted as throughput below; the latency specs run at 150 reads/s, 80 writes/s, 80 EMR
 * verifications/s — 400+ samples each, enough for an error rate of 0 to be judged under 1%).
 */
describe(`clinic API SLAs (${profile.name})`, () => {
  let target: ApiTarget
  let requests: ApiRequests
  beforeAll(async () => {
    // A 1 s EMR cache, so the simulated EMR (~150 / 300 ms medians) is really called: with the
    // default 300 s all but the first 20 verifications (20 patients) would be cache hits.
    target = await startApiTarget({ emr: { cacheTtlSeconds: 1 } })
    requests = apiRequests(target, await taskIdsByOrganization(target))
  })
  afterAll(async () => {
    await target?.close()
  })

  test(`task reads (by id and filtered lists) at ${api.readRate}/s: p95 < 500 ms, p99 < 1 s, errors < 1%`, async (context) => {
    const { result: m, resources } = await target.during(() => load(
      { mix: [{ tag: 'GET /tasks/:id', weight: 2, request: requests.readTask }, { tag: 'GET /tasks?status&priority', weight: 1, request: requests.listTasks }] },
      { rate: api.readRate, duration: api.durationMs, baseUrl: target.url, name: 'task reads' },
    ))
    await reportKeyFigure(context, { spec: 'api/reads', figure: 'p95', value: m.latency.p95, unit: 'ms', limit: 500 })
    await reportResources(context, 'api/reads', resources)
    await expect(m).toMeetSLA({ p95: 500, p99: 1000, errorRate: 0.01 })
    if (resources) await expect(resources).toStayWithin(CLINIC_LIMITS) // CPU < 70% of the machine, < 2 GB
  })

  test(`task writes (create and update) at ${api.writeRate}/s: p95 < 1 s, errors < 1%`, async (context) => {
    const { result: m, resources } = await target.during(() => load(
      { mix: [{ tag: 'POST /tasks', weight: 1, request: requests.createTask }, { tag: 'PATCH /tasks/:id', weight: 1, request: requests.patchTask }] },
      { rate: api.writeRate, duration: api.durationMs, baseUrl: target.url, name: 'task writes' },
    ))
    await reportKeyFigure(context, { spec: 'api/writes', figure: 'p95', value: m.latency.p95, unit: 'ms', limit: 1000 })
    await reportResources(context, 'api/writes', resources)
    expect(m.byTag['POST /tasks']?.count).toBeGreaterThan(0)
    await expect(m).toMeetSLA({ p95: 1000, errorRate: 0.01 })
    if (resources) await expect(resources).toStayWithin(CLINIC_LIMITS)
  })

  test(`EMR verification at ${api.emrRate}/s: p95 < 2 s, errors < 1%`, async (context) => {
    const before = await target.service?.stats()
    const { result: m, resources } = await target.during(() =>
      load(requests.verifyEmr, { rate: api.emrRate, duration: api.durationMs, baseUrl: target.url, timeout: '5s', name: 'EMR verification' }))
    const after = await target.service?.stats()
    if (before && after) {
      const emrCalls = after.emrCalls.epic + after.emrCalls.cerner - before.emrCalls.epic - before.emrCalls.cerner
      await reportLines(context, `EMR verification: ${m.total} requests, ${emrCalls} reached the EMR (the rest were cache hits or shared in flight)`)
      // The spec measures the EMR path, not only the cache in front of it.
      expect(emrCalls).toBeGreaterThan(m.total * 0.1)
    }
    await reportKeyFigure(context, { spec: 'api/emr', figure: 'p95', value: m.latency.p95, unit: 'ms', limit: 2000 })
    await reportResources(context, 'api/emr', resources)
    await expect(m).toMeetSLA({ p95: 2000, errorRate: 0.01 })
    if (resources) await expect(resources).toStayWithin(CLINIC_LIMITS)
  })

  /**
   * WORKLOADS: "throughput > 1,000 requests/s; 1,000 task operations/s". Task reads are offered at
   * 1.1× the asserted rate (open model): the clinic must complete more than that rate, judged on
   * whole seconds, at p95 < 500 ms. Offering exactly the target would leave the verdict on the
   * limit (an open model never completes more than it offers). 8 s, so that the per-second spread,
   * which the verdict's interval comes from, has 6 whole seconds. Scaled: on these 2 cores the
   * generator, the clinic and Postgres share the machine, and it saturates between 1,100/s (the
   * machine's PostgreSQL 15: p95 745 ms at 1,100/s offered) and 1,700/s (embedded), so the quick
   * profile asserts 500/s — 2–3× under saturation — and the full profile WORKLOADS' 1,000/s.
   */
  test(`sustains ${api.sustainRate} task reads/s`, async (context) => {
    // Static request specs (a copyable mix, so `workers: 2` can share the schedule if a busier
    // machine needs it; with two threads the merged per-second counts spread wider, though).
    const reads = Array.from({ length: 3 }, (_, iteration) => requests.readTask({ vu: 0, iteration }))
    const { result: m, resources } = await target.during(() => load(
      { mix: reads.map((request) => ({ tag: `GET ${request.path}`, weight: 1, request })) },
      { rate: api.sustainRate * 1.1, duration: api.sustainDurationMs, baseUrl: target.url, name: 'sustained task reads' },
    ))
    await reportKeyFigure(context, { spec: 'api/sustained', figure: 'rps', value: m.rps, unit: 'req/s', limit: api.sustainRate, atLeast: true })
    await reportResources(context, 'api/sustained', resources)
    await expect(m).toSustainRps(api.sustainRate)
    await expect(m).toMeetSLA({ p95: 500, errorRate: 0.01 })
    if (resources) await expect(resources).toStayWithin(CLINIC_LIMITS)
  })
})
