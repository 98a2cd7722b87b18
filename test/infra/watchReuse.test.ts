// Fixtures that outlive a watch-mode re-run: test/fixtures/vitest-shared runs a spec in watch mode
// under shareServers(), then edits a file it imports twice. The second and third runs must reach
// the spec's first query on the same Postgres and Redis processes and the same template, without
// seeding; once vitest closes, both servers are gone. Runs with whichever provider the chain picks
// (embedded under npm test, container in CI's container step).
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { REPO, runNode, tempDir } from '../report/runFixture.ts'

const FIXTURE = join(REPO, 'test/fixtures/vitest-shared')

interface Run {
  edit: number
  provider: string
  shared: boolean[]
  seeded: boolean
  template: string
  templateOid: number
  pgStarted: string
  pgHost: string
  pgPort: string
  redisRunId: string
  redisHost: string
  redisPort: string
  setupMs: number
}

function refused(host: string, port: string): Promise<boolean> {
  return new Promise((resolve) => {
    // A container's bridge address answers nothing once the container is gone: a bounded wait.
    const socket = connect({ host: host === 'localhost' ? '127.0.0.1' : host, port: Number(port), timeout: 2000 })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

test('in watch mode the 2nd and 3rd runs reuse the same Postgres, Redis and template, and do not seed', async () => {
  using out = tempDir('perfgate-watch-reuse-')
  const env: NodeJS.ProcessEnv = { PERFGATE_FIXTURE_OUT: out.path }
  for (const name of ['PERFGATE_PROVIDER', 'PERFGATE_POSTGRES_URL', 'PERFGATE_REDIS_URL']) env[name] = undefined
  const driver = await runNode([join(FIXTURE, 'watchThrice.mjs')], { cwd: FIXTURE, env, timeoutMs: 240_000 })
  expect({ code: driver.code, stderr: driver.stderr }).toMatchObject({ code: 0 })
  const runs = readFileSync(join(out.path, 'runs.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Run)
  const reruns = readFileSync(join(out.path, 'reruns.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { edit: number; runMs: number })
  expect(runs.map((r) => r.edit)).toEqual([0, 1, 2])
  const [first, ...later] = runs as [Run, Run, Run]
  expect(first).toMatchObject({ shared: [true, true], seeded: true })
  for (const run of later) {
    expect(run).toMatchObject({
      shared: [true, true],
      seeded: false,
      template: first.template,
      templateOid: first.templateOid,
      pgStarted: first.pgStarted,
      pgPort: first.pgPort,
      redisRunId: first.redisRunId,
      redisPort: first.redisPort,
    })
  }
  console.log(`watch reuse (${first.provider}): postgres()+redis() ${runs.map((r) => `${r.setupMs} ms`).join(' / ')}; edit → run end ${reruns.map((r) => `${r.runMs} ms`).join(' / ')}`)
  // The teardown stopped both shared servers when vitest closed.
  expect(await refused(first.pgHost, first.pgPort)).toBe(true)
  expect(await refused(first.redisHost, first.redisPort)).toBe(true)
}, 300_000)
