import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples, isPerfgateError, load } from 'perfgate'
import { postgres, redis } from 'perfgate/fixtures'
import type { PerfResults } from '../../src/report/results.ts'
import { perfgateBlock, REPO, runNode, tempDir, workflowCommands, type FixtureRun } from '../report/runFixture.ts'
import { ALL_SECRETS, API_KEY, COOKIE, JWT, PASSWORD, SESSION, TOKEN } from '../fixtures/vitest-secrets/secrets.ts'

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return '' // a folder
  }
}

/** The secrets found in `text`, compared case-insensitively: an HTML id or slug lower-cases them. */
function leaked(text: string): string[] {
  const lower = text.toLowerCase()
  return ALL_SECRETS.filter((secret) => lower.includes(secret.toLowerCase()))
}

describe('secrets in titles, URLs, headers, names and notes reach no report output', () => {
  const out = tempDir('perfgate-secrets-')
  let run: FixtureRun
  const file = (name: string): string => readFileSync(join(out.path, name), 'utf8')

  beforeAll(async () => {
    // --update: record the baseline even though GITHUB_ACTIONS makes this run look like CI.
    run = await runNode([join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '--update'], {
      cwd: join(REPO, 'test/fixtures/vitest-secrets'),
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(out.path, 'summary.md'), GITHUB_WORKSPACE: REPO, PERFGATE_FIXTURE_OUT: out.path, CI: 'true' },
      timeoutMs: 60_000,
    })
  }, 70_000)
  afterAll(() => out[Symbol.dispose]())

  test('the fixture ran every test and wrote every output', () => {
    expect({ code: run.code, stderr: leaked(run.stderr) }).toEqual({ code: 1, stderr: [] })
    expect(perfgateBlock(run.stdout)).toMatch(/NO-GO: /)
    expect(JSON.parse(file('results.json')).tests).toHaveLength(6)
  })

  test.each([
    ['console table and annotations', () => run.stdout],
    ['GitHub annotations', () => workflowCommands(run.stdout).join('\n')],
    ['step summary', () => file('summary.md')],
    ['JSON results', () => file('results.json')],
    ['JUnit XML', () => file('junit.xml')],
    ['HTML report', () => file('report.html')],
    ['baseline file names and contents', () => readdirSync(join(out.path, 'baselines'), { recursive: true, encoding: 'utf8' }).map((name) => `${name}\n${readOrEmpty(join(out.path, 'baselines', name))}`).join('\n')],
  ])('%s: no secret', (_, text) => {
    expect(leaked(text())).toEqual([])
  })

  test('removes the secret and nothing else: titles keep the text around it', () => {
    const table = perfgateBlock(run.stdout)
    expect(table).toMatch(/^request with Authorization: \*\*\*, 1,000 req\/s +p95 +<= 500 ms +950 ms +−90% +1,000 +FAIL$/m)
    // The table shortens long names; what it shows of this one is redacted, the rest kept.
    expect(table).toMatch(/^GET http:\/\/user:\*\*\*@127\.0\.0\.1:3000\/tasks\?token=\*\*\*&page=2 m… +p95 /m)
    const names = (JSON.parse(file('results.json')) as PerfResults).tests.map((t) => t.fullName)
    expect(names).toEqual(
      expect.arrayContaining([
        'request with Authorization: ***, 1,000 req/s',
        // A Cookie header's whole value is hidden: every pair in it may be a session.
        'load user:***@127.0.0.1:1/ (no scheme) with Cookie: ***',
        'load 127.0.0.1:1/?session=***&api_key=*** with X-Api-Key: ***',
      ]),
    )
    expect(file('junit.xml')).toContain('name="request with Authorization: ***, 1,000 req/s"')
    const baselines = readdirSync(join(out.path, 'baselines'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.json'))
    expect(baselines).toEqual(['secrets.spec.ts.baseline.json'])
    expect(Object.keys(JSON.parse(readFileSync(join(out.path, 'baselines', baselines[0]!), 'utf8')).entries)).toEqual(['baseline of GET /x?token=*** › with Authorization: ***'])
    // Every step-summary table row still has its eight cells, and `***` is literal, not emphasis.
    expect(file('summary.md')).toContain('| ❌ | request with Authorization: \\*\\*\\*, 1,000 req/s | p95 |')
    const rows = file('summary.md').split('\n').filter((line) => /^\| (✅|⚠️|❌) \|/.test(line))
    expect(rows).toHaveLength(6)
    for (const row of rows) expect(row.split(' | ')).toHaveLength(8)
  })

  test('annotation titles are redacted before `:` is escaped, and HTML ids before they are slugged', () => {
    expect(workflowCommands(run.stdout).join('\n')).toContain('title=perfgate p95 FAIL – GET http%3A//user%3A***@127.0.0.1%3A3000/tasks?token=***&page=2 meets p95::')
    expect(file('report.html')).toContain('id="a-request-with-authorization-1-000-req-s-0"')
  })
})

describe('secrets reach no error message', () => {
  async function messageOf(run: () => Promise<unknown>): Promise<{ code: string | undefined; text: string }> {
    try {
      await run()
    } catch (error) {
      const e = error as Error & { cause?: Error }
      const text = [e.message, e.stack, e.cause?.message, e.cause?.stack].join('\n')
      return { code: isPerfgateError(error) ? error.code : undefined, text }
    }
    throw new Error('expected an error')
  }

  test('a URL with user info and no scheme', async () => {
    const error = await messageOf(() => load(`user:${PASSWORD}@127.0.0.1:1/`, { connections: 1, requests: 1 }))
    expect(error.code).toMatch(/^PERFGATE_ERR_/)
    expect(leaked(error.text)).toEqual([])
  })

  test('a URL with a token and no scheme', async () => {
    const error = await messageOf(() => load(`127.0.0.1:1/?token=${TOKEN}`, { connections: 1, requests: 1 }))
    expect(error).toMatchObject({ code: 'PERFGATE_ERR_INVALID_OPTION', text: expect.stringContaining("'127.0.0.1:1/?token=***'") })
    expect(leaked(error.text)).toEqual([])
  })

  test('a refused host with user info, session and api key', async () => {
    const error = await messageOf(() => load(`http://user:${PASSWORD}@api.example.com/x?session=${SESSION}&api_key=${API_KEY}`, { connections: 1, requests: 1 }))
    expect(error.code).toBe('PERFGATE_ERR_TARGET_NOT_ALLOWED')
    expect(leaked(error.text)).toEqual([])
  })

  test("a request function's thrown message, cause and stack included", async () => {
    const fn = (): never => {
      throw new Error(`upstream said 401 for Authorization: Bearer ${JWT} with Cookie: sid=${COOKIE} (password=${PASSWORD})`)
    }
    const error = await messageOf(() => load(fn, { baseUrl: 'http://127.0.0.1:1', connections: 1, requests: 1 }))
    expect(error).toMatchObject({ code: 'PERFGATE_ERR_WORKLOAD_THREW', text: expect.stringContaining('upstream said 401 for Authorization: ***') })
    expect(leaked(error.text)).toEqual([])
  })

  test('a matcher failure message', async () => {
    const m = fromSamples([5, 6, 7], { durationMs: 1000, name: `GET /x?token=${TOKEN}`, facts: { target: `GET http://u:${PASSWORD}@127.0.0.1/x?session=${SESSION}`, notes: [`Cookie: sid=${COOKIE}`] } })
    const error = await messageOf(() => expect(m).toMeetP95(1))
    expect(error.text).toMatch(/toMeetP95/)
    expect(leaked(error.text)).toEqual([])
  })

  test('fixture URLs: a wrong scheme and a server that is not there', async () => {
    const wrongScheme = await messageOf(() => postgres({ url: `mysql://app:${PASSWORD}@127.0.0.1:1/db?password=${PASSWORD}` }))
    expect(wrongScheme.code).toMatch(/^PERFGATE_ERR_/)
    expect(leaked(wrongScheme.text)).toEqual([])
    const wrongRedis = await messageOf(() => redis({ url: `http://:${PASSWORD}@127.0.0.1:1/?token=${TOKEN}` }))
    expect(wrongRedis.code).toMatch(/^PERFGATE_ERR_/)
    expect(leaked(wrongRedis.text)).toEqual([])
  })
})
