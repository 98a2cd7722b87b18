// A server of known latency distribution for bench/calibration.ts, in its own process: each request
// is answered after a lognormal delay (σ = 0.5) whose p95 is argv[3] ms (median p95 / e^(1.645·σ)),
// times argv[2] (1.2 is a 20% slower server: every quantile, p95 included, is 1.2×). Timer-based,
// so the event loop stays free; a seeded generator makes the sequence of delays the same from run to run.
import { createServer } from 'node:http'

const scale = Number(process.argv[2] ?? 1)
const SIGMA = 0.5
const MEDIAN_MS = Number(process.argv[3] ?? 20) / Math.exp(1.6448536269514722 * SIGMA)
let state = 12345
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
function delayMs(): number {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  return scale * MEDIAN_MS * Math.exp(SIGMA * z)
}

const server = createServer((req, res) => {
  req.resume()
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
    res.end('ok')
  }, delayMs())
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
})
process.on('disconnect', () => server.close(() => process.exit(0)))
