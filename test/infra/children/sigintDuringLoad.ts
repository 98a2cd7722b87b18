// A process with a fixture clean-up registered and a load() running when Ctrl-C arrives.
import { createServer } from 'node:http'
import { onProcessEnd } from '../../../src/fixtures/process/exitGuard.ts'
import { load } from '../../../src/load/index.ts'

const server = createServer((_request, response) => response.end('ok')).listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
server.unref()
const { port } = server.address() as { port: number }
onProcessEnd(() => console.log('cleanup ran'))
setTimeout(() => process.kill(process.pid, 'SIGINT'), 300).unref()
try {
  await load(`http://127.0.0.1:${port}/`, { rate: 50, duration: '5s' })
} catch (error) {
  console.log(`load rejected ${(error as { code?: string }).code}`)
}
setTimeout(() => console.log('still alive'), 3000)
