// The minimal server the generator benchmark loads: answers every request at once with a short body.
// Run in its own process so it never shares a thread with the generator being measured.
import { createServer } from 'node:http'

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '11' })
  res.end('hello world')
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
})
process.on('disconnect', () => server.close(() => process.exit(0)))
