// A service of known behaviour for the service() fixture's tests, run as its own process:
//   TOY_MODE=exit   prints a line, an error on stderr, exits with code 3
//   TOY_MODE=never  prints a line and never becomes ready
//   TOY_MODE=burn   burns TOY_DUTY (0..1) of one core, steered by its own CPU time; prints "ready"
//   TOY_MODE=grow   adds TOY_GROW_MB of touched memory every 100 ms up to TOY_MAX_MB, printing "grown <MB>"; prints "ready"
//   TOY_MODE=http   an HTTP server on an ephemeral port: GET /health, and GET /work that keeps
//                   TOY_LEAK_KB of touched memory per request when TOY_LEAK_KB is set (a leak under load)
//   TOY_CHILD=1     also starts a child process in its group that sleeps (left behind by a careless stop)
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'

const mode = process.env['TOY_MODE'] ?? 'http'
const held: Buffer[] = []
const touched = (bytes: number): Buffer => Buffer.alloc(bytes, 1)
// Never outlive a test that lost track of us (bounded, whatever happens).
setTimeout(() => process.exit(9), Number(process.env['TOY_LIFETIME_MS'] ?? 120_000)).unref()

if (process.env['TOY_CHILD'] === '1') {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' })
  console.log(`child ${child.pid}`)
}

if (mode === 'exit') {
  console.log('starting up')
  console.error('Error: listen EADDRINUSE: address already in use 127.0.0.1:5999')
  process.exit(3)
} else if (mode === 'never') {
  console.log('starting up, waiting for a database that never answers')
  setInterval(() => {}, 1000)
} else if (mode === 'burn') {
  // Feedback on its own CPU time (getrusage): busy while it has used less than TOY_DUTY of one core
  // since start, idle otherwise, in 5 ms steps. Every 100 ms it prints "cpu <ms used> <epoch ms>".
  const duty = Number(process.env['TOY_DUTY'] ?? 0.5)
  const start = performance.now()
  const cpuNow = (): number => {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1000
  }
  const startCpu = cpuNow()
  const used = (): number => cpuNow() - startCpu
  const tick = (): void => {
    const until = performance.now() + 5
    while (performance.now() < until && used() < duty * (performance.now() - start)) {
      // busy
    }
    setTimeout(tick, used() < duty * (performance.now() - start) ? 0 : 5)
  }
  tick()
  setInterval(() => console.log(`cpu ${used().toFixed(1)} ${Date.now()}`), 100)
  console.log('ready')
} else if (mode === 'grow') {
  const step = Number(process.env['TOY_GROW_MB'] ?? 10) * 1024 * 1024
  const max = Number(process.env['TOY_MAX_MB'] ?? 200) * 1024 * 1024
  let total = 0
  setInterval(() => {
    if (total + step > max) return
    held.push(touched(step))
    total += step
    console.log(`grown ${total / 1024 / 1024}`)
  }, 100)
  console.log('ready')
} else {
  const leak = Number(process.env['TOY_LEAK_KB'] ?? 0) * 1024
  const server = createServer((req, res) => {
    if (req.url === '/work' && leak > 0) held.push(touched(leak))
    res.end('ok')
  })
  server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    console.log(`listening on http://127.0.0.1:${port}`)
  })
  process.on('SIGTERM', () => server.close(() => process.exit(0)))
}
