import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '../..')

export interface FixtureRun {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs a CLI under Node 24 (this process's node) in a fixture folder, with ANSI colours off. The
 * fixtures import 'perfgate' by self-reference: --conditions makes it resolve to src/, not dist/.
 */
export function runNode(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<FixtureRun> {
  return new Promise((done, fail) => {
    // The fixture sees only the CI settings the test gives it, not those of the run around it.
    const { CI: _ci, GITHUB_ACTIONS: _actions, GITHUB_STEP_SUMMARY: _summary, ...outer } = process.env
    const env: NodeJS.ProcessEnv = { ...outer, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env }
    delete env.VITEST
    delete env.VITEST_WORKER_ID
    delete env.VITEST_POOL_ID
    delete env.TEST
    delete env.NODE_ENV
    delete env.JEST_WORKER_ID
    const child = spawn(process.execPath, ['--conditions=perfgate-source', ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
    child.on('error', fail)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}

/** A temporary directory removed by `using`. */
export function tempDir(prefix: string): { path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) }
}

/** The lines of `text` that GitHub would read as workflow commands. */
export function workflowCommands(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('::'))
}

/** The perfgate console table block: from its 'perfgate' title to the GO / NO-GO line. */
export function perfgateBlock(text: string): string {
  const lines = text.split('\n')
  const start = lines.indexOf('perfgate')
  const end = lines.findIndex((line, i) => i > start && /^(NO-)?GO: /.test(line))
  return start < 0 || end < 0 ? '' : lines.slice(start, end + 1).join('\n')
}

export const JWT_FRAGMENT = 'eyJ'
export const SECRETS = ['s3cret', JWT_FRAGMENT, 'c2ln']
