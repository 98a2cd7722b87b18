// Child-process entry of the test servers: its own event loop, so a stall here never stalls the
// generator under test. Started by startServer(); the behaviour arrives as JSON in argv[2].
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { monitorEventLoopDelay } from 'node:perf_hooks'
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
    case 'fast':
      reply(res, 200)
      return
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
      } else if (step === 'chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.write('first ')
        setTimeout(() => {
          res.write('x'.repeat(5000))
          setTimeout(() => res.end(' last'), 1)
        }, 1)
      } else if (step === 'large') {
        res.writeHead(200, { 'content-length': String(LARGE.length) })
        res.end(LARGE)
      } else if (step === 'close') {
        res.writeHead(200, { connection: 'close', 'content-type': 'text/plain' })
        res.end('bye')
      } else if (step === 'hints') {
        res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' })
        setTimeout(() => reply(res, 200), 1)
      } else reply(res, step)
      return
    }
    case 'raw':
    case 'minimal':
      throw new Error(`${behaviour.kind} servers do not use node:http`)
  }
}

const LARGE = Buffer.alloc(1024 * 1024, 'l')

/** Answers each request head (the tests send no request bodies) with the next scripted response. */
function rawServer(responses: Extract<ServerBehaviour, { kind: 'raw' }>['responses']) {
  return createNetServer((socket) => {
    let seen = ''
    socket.on('error', () => {})
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1')
      while (seen.includes('\r\n\r\n')) {
        seen = seen.slice(seen.indexOf('\r\n\r\n') + 4)
        const response = responses[served++ % responses.length]!
        // Chained, not one timer per part: timers of different durations may fire out of order.
        const writeFrom = (i: number): void => {
          if (i < response.parts.length) {
            socket.write(response.parts[i]!)
            setTimeout(() => writeFrom(i + 1), 2)
          } else if (response.close) socket.end()
        }
        writeFrom(0)
      }
    })
  })
}

const CANNED = Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok')
const CR = 13
const LF = 10

/** Answers every `\r\n\r\n` (the end of a request head, split over reads or not) with CANNED. */
function minimalServer() {
  return createNetServer({ noDelay: true }, (socket) => {
    // How much of "\r\n\r\n" the bytes read so far end with: 0–3.
    let matched = 0
    socket.on('error', () => {})
    socket.on('data', (chunk: Buffer) => {
      let heads = 0
      for (const byte of chunk) {
        if (byte === (matched % 2 === 0 ? CR : LF)) matched++
        else matched = byte === CR ? 1 : 0
        if (matched === 4) {
          heads++
          matched = 0
        }
      }
      for (let i = 0; i < heads; i++) socket.write(CANNED)
    })
  })
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
if (behaviour.kind === 'minimal') {
  const minimal = minimalServer()
  minimal.listen(0, '127.0.0.1', () => listening((minimal.address() as { port: number }).port))
} else if (behaviour.kind === 'raw') {
  const raw = rawServer(behaviour.responses)
  raw.listen(0, '127.0.0.1', () => listening((raw.address() as { port: number }).port))
} else if (behaviour.kind === 'slowAccept') {
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

const loopDelay = monitorEventLoopDelay({ resolution: 1 })
loopDelay.enable()
process.on('message', (message) => {
  if (message !== 'loopDelay') return
  process.send?.({ loopDelayMaxMs: loopDelay.max / 1e6 })
  loopDelay.reset()
})
