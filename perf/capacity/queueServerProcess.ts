// Child-process entry of the queue server (see queueServer.ts): one request at a time through a
// virtual FIFO queue, each taking 1000 / capacity ms. No CPU is spent serving: a request's answer is
// timed from when the queue would reach it, so the capacity holds however busy this machine is.
import { createServer } from 'node:http'

const capacity = Number(process.argv[2])
const serviceMs = 1000 / capacity
/** performance.now() at which the server finishes the last request queued so far. */
let freeAtMs = 0

const server = createServer((req, res) => {
  req.resume()
  const now = performance.now()
  freeAtMs = Math.max(now, freeAtMs) + serviceMs
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end('ok')
  }, freeAtMs - now)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }))
process.on('disconnect', () => process.exit(0))
