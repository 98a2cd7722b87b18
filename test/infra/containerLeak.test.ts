// Without Ryuk nothing reaps a crashed run's containers, so perfgate does: its containers carry
// labels naming their owner process; the owner's watchdog removes them when the owner dies, and
// the next start's sweep removes those whose owner is gone when the watchdog died too.
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { sweepContainers } from '../../src/fixtures/providers/containerSweep.ts'
import { isAlive } from '../../src/fixtures/process/control.ts'
import { tempRoot } from '../../src/fixtures/process/tempRoot.ts'
import { containersLabelled, engine, skipReason } from './support/engine.ts'

const CHILD = fileURLToPath(new URL('../../scripts/fixtureLeakChild.ts', import.meta.url))

interface Started {
  pid: number
  watchdog: number
}

const children: ChildProcess[] = []
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  if (engine.ok) await sweepContainers()
})

async function startChild(): Promise<{ child: ChildProcess; started: Started }> {
  const env = { ...process.env }
  delete env['PERFGATE_PROVIDER']
  const child = spawn(process.execPath, [CHILD, 'container'], { stdio: ['ignore', 'pipe', 'inherit'], env })
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

async function killed(child: ChildProcess, pids: number[]): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  for (const pid of pids) process.kill(pid, 'SIGKILL')
  await exited
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms
  let value = await read()
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
    value = await read()
  }
  return value
}

describe.skipIf(!engine.ok)(`containers whose owner is gone are removed${skipReason}`, () => {
  test('after SIGKILL of the owner, its watchdog removes its Postgres and Redis containers', async () => {
    const { child, started } = await startChild()
    const owned = `dev.perfgate.owner-pid=${started.pid}`
    expect((await containersLabelled(owned)).map((c) => c.Labels['dev.perfgate.service'] ?? '').sort()).toEqual(['postgres', 'redis'])
    await killed(child, [started.pid])
    expect(await waitFor(() => containersLabelled(owned), (left) => left.length === 0, 15_000)).toEqual([])
  })

  test('after SIGKILL of the owner and its watchdog, the sweep removes its containers and leaves live owners alone', async () => {
    const { child, started } = await startChild()
    const owned = `dev.perfgate.owner-pid=${started.pid}`
    const ids = (await containersLabelled(owned)).map((c) => c.Id).sort()
    expect(ids).toHaveLength(2)
    const { child: other, started: alive } = await startChild()
    await killed(child, [started.watchdog, started.pid])
    expect(isAlive(started.watchdog)).toBe(false)
    // Nothing could run in the killed processes: their containers are orphans now.
    expect((await containersLabelled(owned)).map((c) => c.Id).sort()).toEqual(ids)

    const registryOf = (pid: number): string[] => readdirSync(tempRoot()).filter((name) => name.startsWith(`watch-${pid}-`))
    expect(registryOf(started.pid)).toHaveLength(1)
    const swept = await sweepContainers()
    expect(swept.removed.toSorted()).toEqual(ids)
    expect(await containersLabelled(owned)).toEqual([])
    expect(registryOf(started.pid)).toEqual([])
    expect(await containersLabelled(`dev.perfgate.owner-pid=${alive.pid}`)).toHaveLength(2)
    other.kill('SIGKILL')
  })
})
