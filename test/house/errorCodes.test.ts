import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const repo = join(import.meta.dirname, '..', '..')
const codesIn = (text: string): string[] => [...new Set(text.match(/PERFGATE_ERR_[A-Z_]+/g) ?? [])].sort()

const declared = codesIn(readFileSync(join(repo, 'src/errors/index.ts'), 'utf8'))

test("README's error table lists every code perfgate declares, and no other", () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8')
  const table = readme.slice(readme.indexOf('## Errors'), readme.indexOf('\n## ', readme.indexOf('## Errors') + 1))
  const rows = table.split('\n').filter((line) => line.startsWith('| `PERFGATE_ERR_'))
  expect(codesIn(rows.join('\n'))).toEqual(declared)
  for (const row of rows) expect(row.split('|').filter((cell) => cell.trim()).length, row).toBe(3)
})

test('every declared code is thrown somewhere: none is dead', () => {
  const thrown = new Set<string>()
  for (const dir of ['src', 'perf']) {
    for (const entry of readdirSync(join(repo, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || join(entry.parentPath, entry.name).endsWith(join('src', 'errors', 'index.ts'))) continue
      for (const code of codesIn(readFileSync(join(entry.parentPath, entry.name), 'utf8'))) thrown.add(code)
    }
  }
  expect(declared.filter((code) => !thrown.has(code))).toEqual([])
})
