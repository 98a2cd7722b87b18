import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'

test('Ctrl-C during a load() with fixtures registered: clean-ups run, the run stops, the process exits', async () => {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'children/sigintDuringLoad.ts')], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])))
  clearTimeout(killer)
  expect(out).toContain('cleanup ran')
  expect(out).toContain('load rejected PERFGATE_ERR_ABORTED')
  expect(out).not.toContain('still alive')
  expect(signal).toBe('SIGINT')
  expect(code).toBeNull()
})
