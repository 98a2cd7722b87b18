/**
 * `npm run test:repeat -- N [project…]`: runs each Vitest project (default: unit and perf) N times
 * in a row and reports how often each test failed, so flakiness is measured, not guessed.
 * Exits 1 when any run failed.
 *
 * @example npm run test:repeat -- 10 perf
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface VitestJson {
  numPassedTests: number
  numFailedTests: number
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[]
}

interface RunResult {
  project: string
  run: number
  seconds: number
  passed: number
  failed: string[]
  /** The runner itself failed (no report, or an exit status its report does not explain). */
  broken?: string
}

const [countArg = '', ...projectArgs] = process.argv.slice(2)
const runs = Number(countArg)
if (!Number.isInteger(runs) || runs < 1 || runs > 100) {
  console.error(`usage: npm run test:repeat -- N [project…]  (N from 1 to 100; got '${countArg}')`)
  process.exit(2)
}
const projects = projectArgs.length ? projectArgs : ['unit', 'perf']

const scratch = mkdtempSync(join(tmpdir(), 'perfgate-repeat-'))
const results: RunResult[] = []
try {
  for (const project of projects) {
    for (let run = 1; run <= runs; run++) results.push(runOnce(project, run))
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

function runOnce(project: string, run: number): RunResult {
  const report = join(scratch, `${project}-${run}.json`)
  const started = performance.now()
  const child = spawnSync('vitest', ['run', '--project', project, '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const seconds = (performance.now() - started) / 1000
  let result: RunResult
  try {
    const json = JSON.parse(readFileSync(report, 'utf8')) as VitestJson
    const failed = json.testResults.flatMap((file) =>
      file.assertionResults.filter((test) => test.status === 'failed').map((test) => `${file.name.replace(`${process.cwd()}/`, '')} > ${test.fullName}`))
    result = { project, run, seconds, passed: json.numPassedTests, failed }
    if (child.status !== 0 && failed.length === 0) result.broken = `exit ${child.status ?? child.signal} with no failed test`
  } catch {
    result = { project, run, seconds, passed: 0, failed: [], broken: `exit ${child.status ?? child.signal}, no report` }
  }
  const verdict = result.broken ?? (result.failed.length ? `${result.failed.length} failed` : 'ok')
  console.log(`${project} run ${run}/${runs}: ${result.passed} passed, ${verdict} (${seconds.toFixed(0)} s)`)
  return result
}

console.log('\nfailures by test:')
let anyFailure = false
for (const project of projects) {
  const mine = results.filter((result) => result.project === project)
  const byTest = new Map<string, number>()
  for (const name of mine.flatMap((result) => result.failed)) byTest.set(name, (byTest.get(name) ?? 0) + 1)
  const broken = mine.filter((result) => result.broken)
  const failedRuns = mine.filter((result) => result.broken || result.failed.length).length
  const seconds = mine.map((result) => result.seconds)
  console.log(`${project}: ${failedRuns} of ${mine.length} runs failed; ${Math.min(...seconds).toFixed(0)}–${Math.max(...seconds).toFixed(0)} s a run`)
  for (const [name, count] of [...byTest].sort((a, b) => b[1] - a[1])) console.log(`  ${count}/${mine.length}  ${name}`)
  for (const result of broken) console.log(`  run ${result.run}: ${result.broken}`)
  if (failedRuns) anyFailure = true
}
process.exit(anyFailure ? 1 : 0)
