// Child-process entry of the reliability servers: answers every request with 200 at once, except
// that the first request may stall for `stallFirstMs` (a straggler). Listens on `port` (0: any),
// so a test can kill it and start it again on the same port. Settings arrive as JSON in argv[2].
import { createServer } from 'node:http'

const { port, stallFirstMs } = JSON.parse(process.argv[2]!) as { port: number; stallFirstMs: number }
let served = 0

const server = createServer((req, res) => {
  req.resume()
  const answer = (): void => void res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok')
  if (served++ === 0 && stallFirstMs > 0) setTimeout(answer, stallFirstMs)
  else answer()
})
server.keepAliveTimeout = 60_000
server.listen(port, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }))
// The test owns this process: when it goes away, so does the server.
process.on('disconnect', () => process.exit(0))
