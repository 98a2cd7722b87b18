/**
 * `npm test`: the build to dist/, lint (type-aware, catches a forgotten `await` on a matcher),
 * the house rule (scripts/imports.ts: folder-level import arrows and cycles), typecheck, the unit
 * project (which packs and installs the package, test/package/packed.test.ts),
 * then the quick perf profile on its own so no unit test competes with a measurement.
 * Ends with one plain `N passed, N failed` line.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const resultsDir = join(import.meta.dirname, '..', '.perfgate', 'test-results')
rmSync(resultsDir, { recursive: true, force: true })
mkdirSync(resultsDir, { recursive: true })

interface Step {
  name: string
  command: string
  args: string[]
  env?: Record<string, string>
  results?: string
}

const vitest = (project: string): Step => {
  const results = join(resultsDir, `${project}.json`)
  return {
    name: `vitest --project ${project}`,
    command: 'vitest',
    args: ['run', '--project', project],
    env: { PERFGATE_TEST_COUNTS: results },
    results,
  }
}

const steps: Step[] = [
  { name: 'build', command: 'node', args: ['scripts/build.ts'] },
  { name: 'lint', command: 'oxlint', args: ['--type-aware', 'src', 'test', 'perf', 'bench', 'scripts', 'examples'] },
  { name: 'imports', command: 'node', args: ['scripts/imports.ts'] },
  { name: 'typecheck', command: 'tsc', args: ['-p', '.'] },
  vitest('unit'),
  vitest('perf'),
]

let passed = 0
let failed = 0
const failures: string[] = []
for (const step of steps) {
  const started = performance.now()
  console.log(`\n▶ ${step.name}`)
  const run = spawnSync(step.command, step.args, { stdio: 'inherit', env: { ...process.env, ...step.env } })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (step.results) {
    try {
      const report = JSON.parse(readFileSync(step.results, 'utf8')) as { numPassedTests: number; numFailedTests: number }
      passed += report.numPassedTests
      failed += report.numFailedTests
    } catch {
      // No report: the runner itself failed; the exit status below says so.
    }
  }
  if (run.status !== 0) failures.push(`${step.name} (exit ${run.status ?? run.signal})`)
  console.log(`${run.status === 0 ? '✔' : '✘'} ${step.name} in ${seconds} s`)
}

if (failures.length) console.log(`\nfailed steps: ${failures.join(', ')}`)
console.log(`\ntests: ${passed} passed, ${failed} failed`)
process.exit(failures.length ? 1 : 0)
