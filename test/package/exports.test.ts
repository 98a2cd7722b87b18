import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { default: string; types: string }>; engines: { node: string } }

// A folder's public face is its index.ts; the runner entries ('perfgate/vitest', 'perfgate/jest', 'perfgate/reporter/jest') are what runners load by name.
const RUNNER_ENTRIES = new Set(['./src/matchers/vitest.ts', './src/matchers/jest.ts', './src/report/jest.ts'])

test('every package export points at a folder face that exists', () => {
  for (const [entry, target] of Object.entries(pkg.exports)) {
    expect(existsSync(join(root, target.default)), `${entry} → ${target.default}`).toBe(true)
    expect(target.types).toBe(target.default)
    expect(target.default.endsWith('/index.ts') || RUNNER_ENTRIES.has(target.default), `${entry} → ${target.default}`).toBe(true)
  }
})

test('every src/<concept> folder has one public face, index.ts', () => {
  const concepts = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory())
  for (const concept of concepts) expect(existsSync(join(root, 'src', concept.name, 'index.ts')), concept.name).toBe(true)
})

test('the root entry re-exports the engines, the judge and the types', async () => {
  const api = await import('perfgate')
  for (const name of ['bench', 'load', 'fromSamples', 'judge', 'mergeMeasurements', 'parseMeasurement', 'isPerfgateError']) {
    expect(typeof (api as Record<string, unknown>)[name], name).toBe('function')
  }
})
