import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { sweepLeftovers } from '../../src/fixtures/process/tempRoot.ts'
import { isAlive } from '../../src/fixtures/process/control.ts'

const CHILD = fileURLToPath(new URL('../../scripts/fixtureLeakChild.ts', import.meta.url))

interface Started {
  pid: number
  runs: string[]
  servers: number[]
  watchdog: number
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  sweepLeftovers()
})

async function startChild(): Promise<{ child: ChildProcess; started: Started }> {
  const env = { ...process.env }
  delete env['PERFGATE_PROVIDER']
  const child = spawn(process.execPath, [CHILD], { stdio: ['ignore', 'pipe', 'inherit'], env })
  children.push(child)
  const started = await new Promise<Started>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0] ?? '') as Started)
    })
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)))
  })
  return { child, started }
}

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((r) => setTimeout(r, 20))
  return pids.filter(isAlive)
}

describe('nothing is left behind', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} to the owner stops its Postgres and Redis and removes their folders`, async () => {
      const { child, started } = await startChild()
      expect(started.servers).toHaveLength(2)
      expect(started.servers.every(isAlive)).toBe(true)
      expect(started.runs.every((dir) => existsSync(dir))).toBe(true)
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)))
      child.kill(signal)
      // The default behaviour is kept: the owner still dies of the signal, after cleaning up.
      expect(await exited).toBe(signal)
      expect(await waitGone(started.servers, 3000)).toEqual([])
      expect(started.runs.filter((dir) => existsSync(dir))).toEqual([])
    })
  }

  test('after SIGKILL of the owner, its watchdog kills its servers and removes their folders', async () => {
    const { child, started } = await startChild()
    expect(isAlive(started.watchdog)).toBe(true)
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    expect(await waitGone([...started.servers, started.watchdog], 5000)).toEqual([])
    expect(started.runs.filter((dir) => existsSync(dir))).toEqual([])
  })

  test('after SIGKILL of the owner and its watchdog, the next run kills its servers and removes their folders', async () => {
    const { child, started } = await startChild()
    const exited = new Promise((resolve) => child.once('exit', resolve))
    process.kill(started.watchdog, 'SIGKILL')
    child.kill('SIGKILL')
    await exited
    // Nothing could run in the killed processes: their servers are orphans now.
    expect(started.servers.every(isAlive)).toBe(true)
    const swept = sweepLeftovers()
    expect(swept.removedDirs).toEqual(expect.arrayContaining(started.runs))
    expect(swept.killedPids.toSorted((a, b) => a - b)).toEqual(started.servers.toSorted((a, b) => a - b))
    expect(await waitGone(started.servers, 3000)).toEqual([])
    expect(started.runs.filter((dir) => existsSync(dir))).toEqual([])
  })
})
