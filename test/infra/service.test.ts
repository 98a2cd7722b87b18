import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { load } from 'perfgate'
import 'perfgate/vitest'
import { afterEach, describe, expect, test } from 'vitest'
import { isPerfgateError } from '../../src/errors/index.ts'
import { service, type StartedService } from '../../src/fixtures/index.ts'
import { isAlive } from '../../src/fixtures/process/control.ts'
import { sweepLeftovers } from '../../src/fixtures/process/tempRoot.ts'

const TOY = fileURLToPath(new URL('./children/toyService.ts', import.meta.url))
const OWNER = fileURLToPath(new URL('./children/serviceOwner.ts', import.meta.url))
const toy = (env: Record<string, string>, more: Partial<Parameters<typeof service>[0]> = {}): Promise<StartedService> =>
  service({ command: process.execPath, args: [TOY], env, ready: { log: /listening on|ready/ }, ...more })

const started: StartedService[] = []
const owners: ChildProcess[] = []
afterEach(async () => {
  for (const svc of started.splice(0)) await svc.stop()
  for (const owner of owners.splice(0)) if (owner.exitCode === null) owner.kill('SIGKILL')
  sweepLeftovers()
})

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((r) => setTimeout(r, 20))
  return pids.filter(isAlive)
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected a rejection')
}

describe('service(): start, ready, output, stop', () => {
  test('a service that exits during startup fails at once with its exit code and last output', async () => {
    const t0 = performance.now()
    const error = await rejection(toy({ TOY_MODE: 'exit' }, { ready: { port: 5999 }, name: 'api' }))
    expect(isPerfgateError(error, 'PERFGATE_ERR_SERVICE_FAILED')).toBe(true)
    expect(error.message).toMatch(/^service "api" \(pid \d+\) exited during startup \(exit code 3\)/)
    expect(error.message).toContain('waiting for a TCP connection to 127.0.0.1:5999')
    expect(error.message).toContain('  | Error: listen EADDRINUSE: address already in use 127.0.0.1:5999')
    expect(error.message).toMatch(/Fix what its output says/)
    expect(performance.now() - t0).toBeLessThan(10_000) // not the 30 s ready timeout
  })

  test('a service that never becomes ready fails after its timeout, with its last output, and is stopped', async () => {
    const t0 = performance.now()
    const error = await rejection(toy({ TOY_MODE: 'never' }, { timeout: '1500ms', name: 'stuck' }))
    const took = performance.now() - t0
    expect(isPerfgateError(error, 'PERFGATE_ERR_SERVICE_NOT_READY')).toBe(true)
    expect(error.message).toMatch(/^service "stuck" \(pid \d+\) was not ready within 1500 ms \(waiting for a line of its output matching \/listening on\|ready\/\)/)
    expect(error.message).toContain('  | starting up, waiting for a database that never answers')
    expect(took).toBeGreaterThanOrEqual(1500)
    expect(took).toBeLessThan(10_000)
    expect(isAlive(Number(/pid (\d+)/.exec(error.message)![1]))).toBe(false)
  })

  test('a command that does not exist fails with PERFGATE_ERR_SERVICE_FAILED', async () => {
    const error = await rejection(service({ command: '/nonexistent/perfgate-service', ready: { port: 5999 } }))
    expect(isPerfgateError(error, 'PERFGATE_ERR_SERVICE_FAILED')).toBe(true)
  })

  test('bad options are refused before anything starts', async () => {
    const bad = [
      { command: process.execPath, ready: {} },
      { command: process.execPath, ready: { port: 3000, log: 'x' } },
      { command: process.execPath, ready: { port: 70000 } },
      { command: process.execPath, ready: { url: 'ftp://x' } },
      { command: '', ready: { port: 3000 } },
      { command: process.execPath, ready: { port: 3000 }, timeout: '3 days' },
      { command: process.execPath, ready: { port: 3000 }, colour: 'red' },
    ]
    for (const options of bad) {
      const error = await rejection(service(options as never))
      expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_OPTION'), JSON.stringify(options)).toBe(true)
    }
  })

  test('ready on a log line, a health URL or a port; its output is captured; stop() ends its whole process group', async () => {
    const svc = await toy({ TOY_MODE: 'http', TOY_CHILD: '1' })
    started.push(svc)
    expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(svc.ready.line).toBe(`listening on ${svc.url}`)
    expect(await (await fetch(`${svc.url}/health`)).text()).toBe('ok')
    const port = Number(new URL(svc.url!).port)
    // The same service, seen ready by the other two checks.
    const byUrl = await service({ command: process.execPath, args: ['-e', `require('http').createServer((q, s) => s.end(q.url === '/health' ? 'ok' : 'no')).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port) })`], ready: { log: /^port \d+$/ } })
    started.push(byUrl)
    const otherPort = Number(byUrl.ready.line!.split(' ')[1])
    const health = await service({ command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], ready: { url: `http://127.0.0.1:${otherPort}/health` }, timeout: '5s' })
    started.push(health)
    expect(health.url).toBe(`http://127.0.0.1:${otherPort}`)
    const byPort = await service({ command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], ready: { port }, timeout: '5s' })
    started.push(byPort)
    expect(byPort.url).toBe(`http://127.0.0.1:${port}`)

    const child = Number(/child (\d+)/.exec(svc.output())?.[1])
    expect(isAlive(child)).toBe(true)
    // Its resources are the whole group's: the child counts too.
    const { resources } = await svc.during(() => new Promise((r) => setTimeout(r, 300)))
    expect(resources.samples.map((s) => s.processes)).toEqual(resources.samples.map(() => 2))
    await svc.stop()
    expect(svc.running()).toBe(false)
    expect(await waitGone([svc.pid, child], 3000)).toEqual([])
    expect(svc.logTail(5)).toContain('listening on') // still readable after stop
  })
  test('a service that ignores SIGTERM is killed after stopTimeout; await using stops it at the end of the block', async () => {
    let pid = 0
    {
      await using svc = await service({
        command: process.execPath,
        args: ['-e', "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); setInterval(() => {}, 1000); console.log('ready')"],
        ready: { log: 'ready' },
        stopTimeout: '300ms',
      })
      pid = svc.pid
      const t0 = performance.now()
      await svc.stop()
      expect(performance.now() - t0).toBeGreaterThanOrEqual(300)
      expect(isAlive(pid)).toBe(false)
      expect(svc.output()).toContain('ignoring SIGTERM')
    }
    const svc2Pid = await (async () => {
      await using svc2 = await toy({ TOY_MODE: 'http' })
      return svc2.pid
    })()
    expect(await waitGone([svc2Pid], 3000)).toEqual([])
  })
})

describe('service(): nothing is left behind however its owner ends', () => {
  async function startOwner(): Promise<{ child: ChildProcess; pids: { owner: number; service: number; child: number } }> {
    const child = spawn(process.execPath, [OWNER], { stdio: ['ignore', 'pipe', 'inherit'] })
    owners.push(child)
    const pids = await new Promise<{ owner: number; service: number; child: number }>((resolve, reject) => {
      let out = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { owner: number; service: number; child: number })
      })
      child.once('exit', (code) => reject(new Error(`owner exited early with ${code}`)))
    })
    return { child, pids }
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    test(`${signal} to the owner stops the service and the child in its group`, async () => {
      const { child, pids } = await startOwner()
      expect([pids.service, pids.child].every(isAlive)).toBe(true)
      child.kill(signal)
      // SIGKILL runs nothing in the owner: its watchdog notices the owner gone (250 ms poll) and kills the group.
      expect(await waitGone([pids.service, pids.child], 5000)).toEqual([])
    })
  }
})

describe('service(): CPU and memory during a workload', () => {
  test('CPU of a process that burns half a core reads as half a core, as the process itself counts it', async () => {
    const svc = await toy({ TOY_MODE: 'burn', TOY_DUTY: '0.5' }, { sampleInterval: 100 })
    started.push(svc)
    const selfCount = (): { cpuMs: number; at: number } => {
      const [, cpu, at] = /cpu ([\d.]+) (\d+)\n?$/.exec(svc.output().trimEnd().split('\n').at(-1)! + '\n')!
      return { cpuMs: Number(cpu), at: Number(at) }
    }
    await new Promise((r) => setTimeout(r, 300))
    const before = selfCount()
    const { resources } = await svc.during(() => new Promise((r) => setTimeout(r, 3000)))
    const after = selfCount()
    const measured = resources.samples.at(-1)!.cpuMs / resources.durationMs
    const reported = (after.cpuMs - before.cpuMs) / (after.at - before.at)
    expect(resources.samples.length).toBeGreaterThan(10)
    // Ticks of 10 ms and a 100 ms reporting period: within 0.05 core of what the process counted itself.
    expect(Math.abs(measured - reported)).toBeLessThan(0.05)
    // It steers to half a core and never above; on a machine busy enough to starve it, less (the
    // comparison above is what validates the sampler; this says the process really burned).
    expect(reported).toBeGreaterThan(0.1)
    await expect(resources).toStayWithin({ cpu: 1.2, machineCpu: 1.2 / resources.cores })
    await expect(expect(resources).toStayWithin({ cpu: measured / 2 })).rejects.toThrow(/cpu: CPU of the busiest second 0\.\d+ cores > 0\.\d+ cores .* FAIL/)
  })

  test('memory of a process that grows by 100 MB reads as the growth it reports itself', async () => {
    const svc = await toy({ TOY_MODE: 'grow', TOY_GROW_MB: '10', TOY_MAX_MB: '100' }, { sampleInterval: 100 })
    started.push(svc)
    const grown = (): number => Number([...svc.output().matchAll(/^grown (\d+)$/gm)].at(-1)?.[1] ?? 0)
    let before = 0
    const { resources } = await svc.during(async () => {
      before = grown()
      // Until it has grown all the way (slower on a starved machine), then a reading more.
      for (let i = 0; i < 300 && grown() < 100; i++) await new Promise((r) => setTimeout(r, 50))
      await new Promise((r) => setTimeout(r, 300))
    })
    const s = resources.samples
    const growth = s.at(-1)!.rssMb - s[0]!.rssMb
    expect(grown()).toBe(100)
    // Each step is a touched 10 MB buffer; the window may open in the middle of one.
    expect(Math.abs(growth - (100 - before))).toBeLessThan(12)
    expect(growth).toBeGreaterThan(40)
    expect(s.every((x, i) => i === 0 || x.rssMb >= s[i - 1]!.rssMb - 2)).toBe(true)
  })

  test('a service that leaks memory under load fails toStayWithin, saying so; the same service without the leak passes', async () => {
    const run = async (name: string, leakKb: string) => {
      const svc = await service({ name, command: process.execPath, args: [TOY], env: { TOY_MODE: 'http', TOY_LEAK_KB: leakKb }, ready: { log: /listening on/ } })
      started.push(svc)
      return svc.during(() => load(`${svc.url}/work`, { rate: 200, duration: '3s', name: 'work' }))
    }
    const steady = await run('steady', '0')
    const leaky = await run('leaky', '256') // 600 requests × 256 kB kept: about 150 MB
    const limit = { rssMb: steady.resources.samples[0]!.rssMb + 80 }
    expect(steady.result.count).toBeGreaterThan(500)
    await expect(steady).toStayWithin(limit)
    const error = await rejection(expect(leaky).toStayWithin(limit))
    if (process.env['PERFGATE_SHOW_MESSAGES']) console.log(error.message)
    expect(error.message).toMatch(/toStayWithin\(\): 1 of 1 limit not met by service "leaky" \(pid \d+\)/)
    expect(error.message).toMatch(/rssMb: peak resident memory [\d.,]+ MB > [\d.,]+ MB \(−\d+(\.\d)?%\) at [\d.]+ s FAIL/)
    expect(error.message).toMatch(/memory: [\d.,]+ → [\d.,]+ MB over the run, still rising over its last third/)
    expect(error.message).toContain('try: memory that grows with the load and is not given back is a leak')
  })

  test('a service that dies during the workload fails toStayWithin, with how it ended', async () => {
    const svc = await toy({ TOY_MODE: 'http' })
    started.push(svc)
    const { resources } = await svc.during(async () => {
      process.kill(svc.pid, 'SIGKILL')
      await new Promise((r) => setTimeout(r, 300))
    })
    expect(resources.exited).toEqual({ code: null, signal: 'SIGKILL' })
    await expect(expect(resources).toStayWithin({ rssMb: 10_000 })).rejects.toThrow(/not running at the end of the run \(killed by SIGKILL\)/)
  })

  test('toStayWithin refuses bad limits and values that are not resource usage', async () => {
    const svc = await toy({ TOY_MODE: 'http' })
    started.push(svc)
    const { resources } = await svc.during(() => new Promise((r) => setTimeout(r, 300)))
    for (const limits of [{}, { cpu: -1 }, { machineCpu: 70 }, { memory: 1 }]) {
      const error = await rejection(expect(resources).toStayWithin(limits as never))
      expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_THRESHOLD'), JSON.stringify(limits)).toBe(true)
    }
    expect((await rejection(expect(resources).toStayWithin({ machineCpu: 70 }))).message).toMatch(/Did you mean 0\.7/)
    const error = await rejection(expect({ samples: [] }).toStayWithin({ cpu: 1 }))
    expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_INPUT')).toBe(true)
  })

  test('the run folder is gone after stop()', async () => {
    const svc = await toy({ TOY_MODE: 'http' })
    const dir = /PERFGATE_SERVICE_DIR=([^\0]+)/.exec((await import('node:fs')).readFileSync(`/proc/${svc.pid}/environ`, 'utf8'))![1]!
    expect(existsSync(dir)).toBe(true)
    await svc.stop()
    expect(existsSync(dir)).toBe(false)
  })
})
