// Open-model precision: how late perfgate's dispatcher sends each request after its scheduled time,
// what that does to the measured latency, and what the precision costs in CPU. Loads a server in its
// own process (`--server minimal`, the default: a bare TCP server answering each request head with one
// prebuilt response, the least work a server can do; `--server http`: a node:http server) at 1,000,
// 5,000 and 20,000 req/s and prints, per run: the dispatch lag p50/p99/max (m.dispatchLag), latency
// p50/p99 (from each scheduled start) next to service time p50/p99 (from each actual send, connect
// included) of the same run, and the generator's CPU (process.cpuUsage() over the load, as a share of
// one core).
//
//   node bench/open-precision.ts [--rounds 3] [--duration 4] [--rates 1000,5000,20000] [--dispatch precise,timer] [--server minimal]
//
// Each run is a fresh child process that first warms up at its rate for 0.5 s (unmeasured), as the
// precision test does; rounds interleave rates and dispatchers so a busy moment of the shared machine
// falls on all of them alike. The load average is printed with every run.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startServer } from '../test/load/servers/startServer.ts'

interface RunResult {
  rate: number
  dispatch: string
  count: number
  errors: number
  lag: { count: number; p50: number; p99: number; max: number }
  latency: { p50: number; p99: number }
  service: { p50: number; p99: number }
  cpuShare: number
  saturation: string[]
  loadavg: string
}

const self = fileURLToPath(import.meta.url)
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '4' },
    rates: { type: 'string', default: '1000,5000,20000' },
    dispatch: { type: 'string', default: 'precise,timer' },
    server: { type: 'string', default: 'minimal' },
    run: { type: 'string' },
    rate: { type: 'string' },
    url: { type: 'string' },
  },
})

if (values.run) {
  process.stdout.write(JSON.stringify(await runHere(values.run, values.url!, Number(values.rate), Number(values.duration))) + '\n')
  process.exit(0)
}

const rounds = Number(values.rounds)
const seconds = Number(values.duration)
const rates = values.rates.split(',').map(Number)
const dispatchers = values.dispatch.split(',')
if (values.server !== 'minimal' && values.server !== 'http') throw new Error(`--server is minimal or http, not ${values.server}`)
const server = await startServer({ kind: values.server === 'minimal' ? 'minimal' : 'fast' })
const url = `${server.url}/`
const results: RunResult[] = []
console.log(`node ${process.version}, open model, ${seconds} s per run, ${rounds} rounds, ${values.server} server`)
console.log('round  req/s  dispatch   lag p50    p99    max | latency p50   p99 | service p50   p99 | Δp50   Δp99 | CPU   | loadavg')
try {
  for (let round = 0; round < rounds; round++) {
    for (const rate of rates) {
      const order = dispatchers.map((_, i) => dispatchers[(i + round) % dispatchers.length]!)
      for (const dispatch of order) {
        const r = await runChild(dispatch, url, rate, seconds)
        results.push(r)
        console.log(`${String(round + 1).padStart(5)}  ${line(r)}`)
      }
    }
  }
} finally {
  await server.close()
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
console.log(`\nmedians over ${rounds} rounds`)
console.log('req/s  dispatch   lag p50    p99    max | latency p50   p99 | service p50   p99 | Δp50   Δp99 | CPU')
for (const rate of rates) {
  for (const dispatch of dispatchers) {
    const runs = results.filter((r) => r.rate === rate && r.dispatch === dispatch)
    const m = (f: (r: RunResult) => number): number => median(runs.map(f))
    console.log(
      `${row(rate, dispatch, m((r) => r.lag.p50), m((r) => r.lag.p99), m((r) => r.lag.max), m((r) => r.latency.p50), m((r) => r.latency.p99), m((r) => r.service.p50), m((r) => r.service.p99), m((r) => r.latency.p50 - r.service.p50), m((r) => r.latency.p99 - r.service.p99), m((r) => r.cpuShare))}`,
    )
  }
}

function line(r: RunResult): string {
  const sat = r.saturation.length ? `  SATURATED: ${r.saturation.join(' | ')}` : ''
  const errors = r.errors ? `  errors ${r.errors}` : ''
  return `${row(r.rate, r.dispatch, r.lag.p50, r.lag.p99, r.lag.max, r.latency.p50, r.latency.p99, r.service.p50, r.service.p99, r.latency.p50 - r.service.p50, r.latency.p99 - r.service.p99, r.cpuShare)} | ${r.loadavg}${errors}${sat}`
}

function row(rate: number, dispatch: string, ...ms: number[]): string {
  const [lag50, lag99, lagMax, l50, l99, s50, s99, d50, d99, cpu] = ms as [number, number, number, number, number, number, number, number, number, number]
  const f = (x: number, w = 6): string => x.toFixed(3).padStart(w)
  return `${String(rate).padStart(5)}  ${dispatch.padEnd(8)} ${f(lag50)} ${f(lag99)} ${f(lagMax, 6)} | ${f(l50, 11)} ${f(l99)} | ${f(s50, 11)} ${f(s99)} | ${f(d50, 5)} ${f(d99)} | ${(cpu * 100).toFixed(0).padStart(3)} %`
}

function runChild(dispatch: string, target: string, rate: number, s: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const args = [self, '--run', dispatch, '--url', target, '--rate', String(rate), '--duration', String(s)]
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as RunResult) : reject(new Error(`run exited ${code}`))))
  })
}

async function runHere(dispatch: string, target: string, rate: number, s: number): Promise<RunResult> {
  const [{ runThread }, { planOf }, { sourceOf }, { measurementOf }] = await Promise.all([
    import('../src/load/run/runThread.ts'),
    import('../src/load/options/runPlan.ts'),
    import('../src/load/target/requestSource.ts'),
    import('../src/measure/index.ts'),
  ])
  const run = async (durationMs: number) => {
    const plan = planOf({ rate, duration: durationMs, dispatch: dispatch as 'precise' | 'timer' })
    return runThread({ source: sourceOf(target, { timeoutMs: plan.timeoutMs }), plan, signal: new AbortController().signal })
  }
  await run(500)
  const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  const cpu = process.cpuUsage()
  const start = performance.now()
  const m = measurementOf(await run(s * 1000))
  const wallMs = performance.now() - start
  const used = process.cpuUsage(cpu)
  const lag = m.dispatchLag!
  return {
    rate,
    dispatch,
    count: m.count,
    errors: m.errors,
    lag: { count: lag.count, p50: lag.p50, p99: lag.p99, max: lag.max },
    latency: { p50: m.latency.p50, p99: m.latency.p99 },
    service: { p50: m.serviceTime!.p50, p99: m.serviceTime!.p99 },
    cpuShare: (used.user + used.system) / 1000 / wallMs,
    saturation: m.facts.saturation.reasons,
    loadavg,
  }
}
