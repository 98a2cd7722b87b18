// Child-process entry of the test servers: its own event loop, so a stall here never stalls the
// generator under test. Started by startServer(); the behaviour arrives as JSON in argv[2].
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import type { ServerBehaviour } from './behaviour.ts'

const behaviour = JSON.parse(process.argv[2]!) as ServerBehaviour
let served = 0
let firstRequestAt: number | undefined

const http = createHttpServer((req, res) => {
  req.resume()
  firstRequestAt ??= performance.now()
  handle(req, res, served++)
})
http.keepAliveTimeout = 60_000

function handle(_req: IncomingMessage, res: ServerResponse, n: number): void {
  switch (behaviour.kind) {
    case 'delay':
      setTimeout(() => reply(res, behaviour.status ?? 200), behaviour.delayMs)
      return
    case 'stall':
      setTimeout(() => reply(res, 200), behaviour.delayMs)
      return
    case 'slowAccept':
      reply(res, 200)
      return
    case 'sequence': {
      const step = behaviour.sequence[n % behaviour.sequence.length]!
      if (step === 'reset') res.socket?.destroy()
      else if (step === 'body') {
        res.writeHead(200, { 'content-length': '100' })
        res.write('partial', () => res.socket?.destroy())
      } else reply(res, step)
    }
  }
}

function reply(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'text/plain' })
  res.end('ok')
}

if (behaviour.kind === 'stall') {
  const { stallMs, everyMs, firstAfterMs } = behaviour
  const freeze = (): void => {
    const until = performance.now() + stallMs
    while (performance.now() < until) {
      // Busy: the event loop is frozen, as in a long GC pause or a synchronous hot loop.
    }
  }
  const arm = setInterval(() => {
    if (firstRequestAt === undefined) return
    clearInterval(arm)
    setTimeout(() => {
      freeze()
      setInterval(freeze, everyMs).unref()
    }, firstAfterMs).unref()
  }, 5)
  arm.unref()
}

const listening = (port: number): void => void process.send?.({ port })
if (behaviour.kind === 'slowAccept') {
  const front = createNetServer({ pauseOnConnect: true }, (socket) => {
    setTimeout(() => {
      http.emit('connection', socket)
      socket.resume()
    }, behaviour.acceptDelayMs)
  })
  front.listen(0, '127.0.0.1', () => listening((front.address() as { port: number }).port))
} else {
  http.listen(0, '127.0.0.1', () => listening((http.address() as { port: number }).port))
}
process.on('disconnect', () => process.exit(0))
