import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { PUBLIC_API } from './api.ts'

const root = resolve(import.meta.dirname, '../..')

type Target = string | { [condition: string]: Target }
interface PackageJson {
  exports: Record<string, Target>
  bin: Record<string, string>
  main: string
  types: string
  files: string[]
  scripts: Record<string, string>
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson

/** Where a built file comes from: dist/esm/x.js, dist/cjs/x.js and their .d.ts all come from src/x.ts. */
const sourceOf = (built: string): string => built.replace(/^\.\/dist\/(esm|cjs)\//, './src/').replace(/\.(d\.ts|js)$/, '.ts')

test('every entry resolves from source in the repository and into dist/ when installed', () => {
  const entries = Object.entries(pkg.exports).filter(([entry]) => entry !== './package.json')
  expect(entries.map(([entry]) => entry).sort()).toEqual(Object.keys(PUBLIC_API).sort())
  for (const [entry, target] of entries) {
    if (typeof target === 'string') throw new Error(`${entry}: expected conditions`)
    const source = `./${PUBLIC_API[entry as keyof typeof PUBLIC_API].source}`
    expect(target['perfgate-source'], entry).toBe(source)
    expect(existsSync(join(root, source)), `${entry} → ${source}`).toBe(true)
    expect(Object.keys(target)[0], `${entry}: the source condition comes first`).toBe('perfgate-source')
    const built = Object.entries(target).filter(([condition]) => condition !== 'perfgate-source')
    const leaves = built.flatMap(([, t]) => (typeof t === 'string' ? [t] : Object.values(t) as string[]))
    expect(leaves.length, entry).toBeGreaterThan(0)
    for (const leaf of leaves) {
      expect(leaf, entry).toMatch(/^\.\/dist\/(esm|cjs)\/.+\.(d\.ts|js)$/)
      expect(sourceOf(leaf), `${entry} → ${leaf}`).toBe(source)
    }
    // Types come before the code they describe, as TypeScript reads conditions in order.
    for (const t of [target, ...built.map(([, b]) => b)]) {
      if (typeof t === 'object' && 'types' in t) expect(Object.keys(t).indexOf('types'), entry).toBeLessThan(Object.keys(t).indexOf('default'))
    }
  }
})

test('bin, main and types point into dist/ at built copies of sources that exist', () => {
  for (const path of [...Object.values(pkg.bin).map((p) => `./${p}`), pkg.main, pkg.types]) {
    expect(path).toMatch(/^\.\/dist\//)
    expect(existsSync(join(root, sourceOf(path))), path).toBe(true)
  }
  expect(pkg.files).toEqual(['dist'])
  expect(pkg.scripts.prepack).toBe('node scripts/build.ts')
})

test('every src/<concept> folder has one public face, index.ts', () => {
  const concepts = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory())
  for (const concept of concepts) expect(existsSync(join(root, 'src', concept.name, 'index.ts')), concept.name).toBe(true)
})

test("the README's Vitest and Jest configs are the ones the packed-package test runs", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  for (const config of ['test/fixtures/packed/vitest/vitest.config.ts', 'test/fixtures/packed/jest/jest.config.cjs']) {
    expect(readme, config).toContain(readFileSync(join(root, config), 'utf8'))
  }
})
