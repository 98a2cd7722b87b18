/**
 * Builds the package into dist/ (run by `npm pack` through prepack, and by `npm test`):
 *   dist/esm  tsc: ES modules, declarations, source maps with the TypeScript inlined
 *   dist/cjs  rolldown: CommonJS for Jest's module system, one file per source module (so
 *             'perfgate' and 'perfgate/jest' share their state), the same declarations
 * The repository itself runs from src/ through the "perfgate-source" export condition.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, type Plugin } from 'rolldown'

const root = join(import.meta.dirname, '..')
const dist = join(root, 'dist')

/** Entry points Jest (or any CommonJS caller) may require, and the files perfgate starts by path (the load worker, the fixtures' watchdog); 'perfgate/vitest' and 'perfgate/reporter' are for Vitest, which is ESM only. */
const CJS_ENTRIES = ['index', 'matchers/jest', 'fixtures/index', 'report/jest', 'load/run/loadWorker', 'fixtures/ownerWatchdog'] as const

/** Dependencies published as ES modules only: Jest's CommonJS runtime cannot require them, so the CommonJS build carries a copy (dist/cjs/vendor). */
const VENDORED = ['tinybench']

/**
 * Jest runs CommonJS without --experimental-vm-modules, where import() fails: optional peers
 * (pg, testcontainers) are loaded with require() instead, shaped like the namespace import() gives.
 */
const requireForDynamicImport: Plugin = {
  name: 'perfgate-require-for-dynamic-import',
  transform(code) {
    if (!/\bimport\(["']/.test(code)) return null
    // Same line count, so the source map stays right line by line.
    return { code: code.replace(/\bimport\((["'][^"']+["'])\)/g, 'Promise.resolve().then(() => { const m = require($1); return m && m.__esModule ? m : { ...m, default: m } })'), map: null }
  },
}

export async function buildPackage(): Promise<void> {
  rmSync(dist, { recursive: true, force: true })
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root })
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${tsc.status ?? tsc.signal})`)

  const cjs = join(dist, 'cjs')
  await build({
    cwd: root,
    input: Object.fromEntries(CJS_ENTRIES.map((entry) => [entry, join(root, 'src', `${entry}.ts`)])),
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !VENDORED.includes(id),
    platform: 'node',
    plugins: [requireForDynamicImport],
    output: {
      dir: cjs,
      format: 'cjs',
      exports: 'named',
      preserveModules: true,
      preserveModulesRoot: join(root, 'src'),
      entryFileNames: (chunk) => `${chunk.name.replace(/^.*node_modules\//, 'vendor/')}.js`,
      sourcemap: true,
    },
  })
  for (const name of VENDORED) cpSync(join(root, 'node_modules', name, 'LICENSE'), join(cjs, 'vendor', name, 'LICENSE'))
  writeFileSync(join(cjs, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`)
  // The declarations are the same for both formats; under dist/cjs TypeScript reads them as CommonJS.
  cpSync(join(dist, 'esm'), cjs, { recursive: true, filter: (source) => !source.endsWith('.js') && !source.endsWith('.js.map') })
}

if (import.meta.main) await buildPackage()
