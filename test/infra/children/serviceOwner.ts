// Starts a toy service (with a child of its own in its process group) through service(), prints
// their pids, then waits to be killed. test/infra/service.test.ts kills this owner in several ways:
// the service and its child must be gone each time.
import { fileURLToPath } from 'node:url'
import { service } from '../../../src/fixtures/index.ts'

const TOY = fileURLToPath(new URL('./toyService.ts', import.meta.url))
const svc = await service({ command: process.execPath, args: [TOY], env: { TOY_MODE: 'http', TOY_CHILD: '1' }, ready: { log: /listening on/ } })
const child = Number(/child (\d+)/.exec(svc.output())?.[1])
process.stdout.write(`${JSON.stringify({ owner: process.pid, service: svc.pid, child })}\n`)
setInterval(() => undefined, 1000)
