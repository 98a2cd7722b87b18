// Generator benchmark: perfgate's load() against autocannon, wrk (when installed) and a raw undici
// dispatch loop, all loading the same minimal server (bench/load-server.ts, its own process) with the
// same connections, in interleaved rounds. Prints requests/s and generator CPU µs per request.
//
//   node bench/load-generator.ts [--rounds 5] [--duration 5] [--connections 50]
//
// Each node-based generator runs in a fresh child process and reports its own process.cpuUsage()
// over the load only (no start-up); wrk reports its child rusage (bash `times`), which includes its
// negligible start-up. Lower CPU µs/request is better; higher requests/s is better.
import { execFileSync, fork, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

interface RunResult { requests: number; errors: number; cpuUs: number; wallMs: number }
type Generator = 'perfgate' | 'perfgate-undici' | 'autocannon' | 'wrk' | 'undici-raw'

const self = fileURLToPath(import.meta.url)
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    run: { type: 'string' },
    url: { type: 'string' },
  },
})

if (values.run) {
  const result = await runHere(values.run as Generator, values.url!, Number(values.connections), Number(values.duration))
  process.stdout.write(JSON.stringify(result) + '\n')
  process.exit(0)
}

const rounds = Number(values.rounds)
const seconds = Number(values.duration)
const connections = Number(values.connections)
const hasWrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
    return true
  } catch (error) {
    return (error as { status?: number }).status !== undefined // wrk --version exits 1 but exists
  }
})()
const generators: Generator[] = ['perfgate', 'perfgate-undici', 'autocannon', 'undici-raw', ...(hasWrk ? (['wrk'] as const) : [])]

const server = fork(fileURLToPath(new URL('./load-server.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
const port = await new Promise<number>((resolve) => server.once('message', (m: { port: number }) => resolve(m.port)))
const url = `http://127.0.0.1:${port}/`
const results = new Map<Generator, RunResult[]>(generators.map((g) => [g, []]))
console.log(`node ${process.version}, ${connections} connections, ${seconds} s per run, ${rounds} interleaved rounds; server pid ${server.pid}`)
try {
  for (let round = 0; round < rounds; round++) {
    const order = generators.map((_, i) => generators[(i + round) % generators.length]!)
    for (const generator of order) {
      const result = generator === 'wrk' ? await runWrk(url, connections, seconds) : await runChild(generator, url, connections, seconds)
      results.get(generator)!.push(result)
      console.log(`round ${round + 1} ${generator.padEnd(15)} ${rps(result).toFixed(0).padStart(7)} req/s  ${cpuPerRequest(result).toFixed(2).padStart(6)} µs CPU/req  errors ${result.errors}`)
    }
  }
} finally {
  server.disconnect()
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
// Other work on a shared machine moves every generator's numbers from round to round; a ratio taken
// within one round (same conditions) is steadier than a ratio of medians, so ratios are per round.
const pairedRatio = (g: Generator, to: Generator, f: (r: RunResult) => number): number =>
  median(results.get(g)!.map((r, i) => f(r) / f(results.get(to)![i]!)))
const summary = new Map(generators.map((g) => [g, { rps: median(results.get(g)!.map(rps)), cpu: median(results.get(g)!.map(cpuPerRequest)) }]))
console.log('\nmedians over rounds (ratios: median of per-round ratios)')
console.log('generator         req/s  µs CPU/req  req/s ÷ autocannon  CPU/req ÷ autocannon' + (hasWrk ? '  CPU/req ÷ wrk' : ''))
for (const [generator, s] of summary) {
  const vsWrk = hasWrk ? `  ${pairedRatio(generator, 'wrk', cpuPerRequest).toFixed(2).padStart(13)}` : ''
  console.log(
    `${generator.padEnd(15)} ${s.rps.toFixed(0).padStart(7)}  ${s.cpu.toFixed(2).padStart(10)}  ${pairedRatio(generator, 'autocannon', rps).toFixed(2).padStart(18)}  ${pairedRatio(generator, 'autocannon', cpuPerRequest).toFixed(2).padStart(20)}${vsWrk}`,
  )
}

function rps(r: RunResult): number {
  return r.requests / (r.wallMs / 1000)
}

function cpuPerRequest(r: RunResult): number {
  return r.cpuUs / Math.max(1, r.requests)
}

function runChild(generator: Generator, target: string, c: number, s: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, '--run', generator, '--url', target, '--connections', String(c), '--duration', String(s)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as RunResult) : reject(new Error(`${generator} exited ${code}`))))
  })
}

function runWrk(target: string, c: number, s: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // One wrk thread, like the single-threaded node generators; `times` prints the children's CPU.
    const child = spawn('bash', ['-c', `wrk -t1 -c${c} -d${s}s ${target}; times`], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk))
    child.on('error', reject)
    child.on('exit', () => {
      const total = /(\d+) requests in ([\d.]+)(m?s)/.exec(out)
      const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)
      const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
      const times = [...out.matchAll(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/g)].at(-1)
      if (!total || !times) return reject(new Error(`could not parse wrk output:\n${out}`))
      const secs = (m: string, sec: string): number => Number(m) * 60 + Number(sec)
      resolve({
        requests: Number(total[1]),
        errors: Number(errors?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((a, n) => a + Number(n), 0) : 0),
        cpuUs: (secs(times[1]!, times[2]!) + secs(times[3]!, times[4]!)) * 1e6,
        wallMs: Number(total[2]) * (total[3] === 'ms' ? 1 : 1000),
      })
    })
  })
}

async function runHere(generator: Generator, target: string, c: number, s: number): Promise<RunResult> {
  const measure = async (fn: () => Promise<{ requests: number; errors: number }>): Promise<RunResult> => {
    const cpu = process.cpuUsage()
    const start = performance.now()
    const { requests, errors } = await fn()
    const wallMs = performance.now() - start
    const used = process.cpuUsage(cpu)
    return { requests, errors, cpuUs: used.user + used.system, wallMs }
  }
  if (generator === 'perfgate') {
    const { load } = await import('../src/load/index.ts')
    return measure(async () => {
      const m = await load(target, { connections: c, duration: s * 1000 })
      return { requests: m.total, errors: m.errors }
    })
  }
  if (generator === 'perfgate-undici') {
    // The same run on perfgate's undici engine (https targets use it), through the internal engine switch.
    const [{ runThread }, { planOf }, { sourceOf }, { measurementOf }] = await Promise.all([
      import('../src/load/run/runThread.ts'),
      import('../src/load/options/runPlan.ts'),
      import('../src/load/target/requestSource.ts'),
      import('../src/measure/index.ts'),
    ])
    return measure(async () => {
      const plan = planOf({ connections: c, duration: s * 1000 })
      const source = sourceOf(target, { timeoutMs: plan.timeoutMs })
      const m = measurementOf(await runThread({ source, plan, signal: new AbortController().signal, engine: 'undici' }))
      return { requests: m.total, errors: m.errors }
    })
  }
  if (generator === 'autocannon') {
    const name = 'autocannon' // untyped package: imported by name to keep the typecheck clean
    const { default: autocannon } = (await import(name)) as { default: (o: object) => Promise<{ requests: { total: number }; errors: number; non2xx: number }> }
    return measure(async () => {
      const r = await autocannon({ url: target, connections: c, duration: s })
      return { requests: r.requests.total, errors: r.errors + r.non2xx }
    })
  }
  const { rawUndici } = await import('./load-raw-undici.ts')
  return measure(() => rawUndici(target, c, s * 1000))
}
