import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'

const repo = join(import.meta.dirname, '..', '..')
const script = join(repo, 'scripts', 'imports.ts')

function check(root?: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [script, ...(root ? ['--root', root] : [])], { encoding: 'utf8', cwd: repo })
  return { status: run.status, out: run.stdout + run.stderr }
}

test('this repository follows its house rule: no arrow against it, no cycle, lint in step', () => {
  const { status, out } = check()
  expect(out).toContain('✔ every arrow follows the house rule')
  expect(status).toBe(0)
})

describe('scripts/imports.ts on a tree that breaks the rule', () => {
  let root: string
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'perfgate-house-'))
    cpSync(join(repo, '.oxlintrc.json'), join(root, '.oxlintrc.json'))
    write('src/measure/index.ts', 'export const m = 1\n')
    write('src/report/table.ts', "import { m } from '../measure/index.ts'\nexport const t = m\n")
    write('src/load/run.ts', "import { m } from '../measure/index.ts'\nexport const r = m\n")
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  test('a clean tree passes and prints its arrows', () => {
    const { status, out } = check(root)
    expect(out).toContain('load → measure (1)')
    expect(status).toBe(0)
  })

  test('an engine importing a reporter fails, naming both files', () => {
    write('src/load/progress.ts', "import { t } from '../report/table.ts'\nexport const p = t\n")
    const { status, out } = check(root)
    expect(out).toContain('load must not import report: src/load/progress.ts → src/report/table.ts')
    expect(status).toBe(1)
  })

  test('a type-only import against the rule and a dynamic one fail too', () => {
    write('src/measure/summary.ts', "import type { t } from '../report/table.ts'\nexport type S = typeof t\n")
    write('src/measure/late.ts', "export const late = () => import('../load/run.ts')\n")
    const { status, out } = check(root)
    expect(out).toContain('measure must not import report: src/measure/summary.ts → src/report/table.ts')
    expect(out).toContain('measure must not import load: src/measure/late.ts → src/load/run.ts')
    expect(status).toBe(1)
  })

  test('a cycle made only of type imports fails', () => {
    write('src/load/target.ts', "import type { Wire } from './wire.ts'\nexport interface Target { wire: Wire }\n")
    write('src/load/wire.ts', "import type { Target } from './target.ts'\nexport interface Wire { target: Target }\n")
    const { status, out } = check(root)
    expect(out).toContain('import cycle: src/load/target.ts → src/load/wire.ts → src/load/target.ts')
    expect(status).toBe(1)
  })

  test('inside a layered room, a lower subfolder importing a higher one, a sibling or the face fails', () => {
    write('src/load/options/plan.ts', "import { r } from '../run/thread.ts'\nexport const p = r\n")
    write('src/load/run/thread.ts', "export const r = 1\n")
    write('src/load/models/driver.ts', "import { r } from '../run/thread.ts'\nexport const d = r\n")
    write('src/fixtures/postgres/server.ts', "import { s } from '../redis/server.ts'\nexport const p = s\n")
    write('src/fixtures/redis/server.ts', "import { f } from '../index.ts'\nexport const s = f\n")
    write('src/fixtures/index.ts', 'export const f = 1\n')
    const { status, out } = check(root)
    expect(out).toContain('load/options/ must not import load/run/: src/load/options/plan.ts → src/load/run/thread.ts')
    expect(out).toContain('load/models/ must not import load/run/')
    expect(out).toContain('fixtures/postgres/ must not import fixtures/redis/')
    expect(out).toContain("fixtures/redis/ must not import fixtures's top-level files")
    expect(status).toBe(1)
  })

  test('a folder the rule does not know fails, and so does a lint config out of step', () => {
    write('src/extras/x.ts', "import { m } from '../measure/index.ts'\nexport const x = m\n")
    writeFileSync(join(root, '.oxlintrc.json'), '{ "overrides": [] }\n')
    const { status, out } = check(root)
    expect(out).toContain('src/extras/ is not in the house rule')
    expect(out).toContain('.oxlintrc.json does not encode the house rule')
    expect(status).toBe(1)
  })
})
