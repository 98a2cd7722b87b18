// A real `vitest run` of test/fixtures/vitest-interrupt, whose spec holds a Postgres and a Redis until
// it is interrupted, and what of it is still there afterwards.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import pg from 'pg'
import { createClient } from 'redis'

const REPO = join(import.meta.dirname, '..', '..')
const FIXTURE = join(REPO, 'test/fixtures/vitest-interrupt')
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres'
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379'

/** What the spec reports once it holds its fixtures. */
export interface Held {
  readonly workerPid: number
  readonly databases: readonly string[]
  /** Postgres and Redis URLs of the servers it uses. */
  readonly urls: readonly string[]
}

export interface HeldRun {
  readonly vitest: ChildProcess
  readonly held: Held
  readonly exited: Promise<void>
}

export type Provider = 'embedded' | 'url'

/** Starts the run in its own process group (so the group can be signalled) and waits until the spec holds its fixtures. */
export async function startHeldRun(provider: Provider, root: string, tag: string): Promise<HeldRun> {
  const ready = join(root, `ready-${tag}.json`)
  const env: NodeJS.ProcessEnv = { ...process.env, PERFGATE_TMPDIR: root, PERFGATE_READY_FILE: ready, PERFGATE_PROVIDER: provider }
  delete env['PERFGATE_POSTGRES_URL']
  delete env['PERFGATE_REDIS_URL']
  delete env['GITHUB_ACTIONS']
  if (provider === 'url') Object.assign(env, { PERFGATE_POSTGRES_URL: LOCAL_POSTGRES_URL, PERFGATE_REDIS_URL: LOCAL_REDIS_URL })
  const vitest = spawn(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: FIXTURE, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  vitest.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  vitest.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => vitest.once('exit', () => resolve()))
  const deadline = Date.now() + 60_000
  while (!existsSync(ready)) {
    if (vitest.exitCode !== null || vitest.signalCode !== null || Date.now() > deadline) {
      vitest.kill('SIGKILL')
      throw new Error(`the held run did not get its fixtures:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  // Written in one call, but it may be caught half-written: read until it parses.
  for (;;) {
    try {
      return { vitest, held: JSON.parse(readFileSync(ready, 'utf8')) as Held, exited }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

/** Processes working in or started from a folder under `root` (Postgres works in its data folder, Redis in --dir). */
export function processesUnder(root: string): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid === process.pid) continue
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (cmdline.includes(root) || readlinkSync(`/proc/${pid}/cwd`).startsWith(root)) found.push(pid)
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found
}

/** Folders and files a run leaves in the temp root: `run-*` server folders, `watch-*` registries. */
export function leftoversIn(root: string): string[] {
  return readdirSync(root).filter((name) => name.startsWith('run-') || name.startsWith('watch-'))
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Ports of the servers a run started (a URL server's port is not the run's). */
export async function openPorts(urls: readonly string[]): Promise<number[]> {
  const ports = urls.map((url) => Number(new URL(url).port)).filter((port) => port !== 5432 && port !== 6379)
  const open: number[] = []
  for (const port of ports) if (await portOpen(port)) open.push(port)
  return open
}

/** `perfgate_*` databases of this worker pid on the machine's shared Postgres. */
export async function databasesOf(workerPid: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: LOCAL_POSTGRES_URL })
  await client.connect()
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`perfgate\\_%\\_${workerPid}\\_%`])
    return rows.map((row) => row.datname)
  } finally {
    await client.end()
  }
}

/** Logical databases of the machine's shared Redis still claimed by this worker pid, and keys left in them. */
export async function redisClaimsOf(workerPid: number): Promise<string[]> {
  const client = await createClient({ url: LOCAL_REDIS_URL }).connect()
  try {
    const reply = (await client.configGet('databases'))['databases']
    const book = Number(reply ?? 16) - 1
    await client.select(book)
    const left: string[] = []
    for (const key of await client.keys('perfgate:claim:*')) {
      const holder = await client.get(key)
      if (holder?.endsWith(`:${workerPid}`)) left.push(key)
    }
    return left
  } finally {
    client.destroy()
  }
}
