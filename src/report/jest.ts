import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { BASELINE_DIR_ENV } from '../baseline/store.ts'
import { redactSecrets } from '../redact/index.ts'
import type { JudgedAssertion } from '../results/assertion.ts'
import { clearChannel, readChannel, RESULTS_DIR_ENV } from '../results/jestChannel.ts'
import { emitReports } from './emit.ts'
import type { PerfgateReporterOptions } from './options.ts'
import { buildResults, type CollectedTest } from './results.ts'
import { runInfo } from './runInfo.ts'

/** The parts of Jest's aggregated results this reporter reads. */
interface JestAggregatedResult {
  testResults: ReadonlyArray<{
    testFilePath: string
    testResults: ReadonlyArray<{ title: string; fullName: string; ancestorTitles: string[]; status: string }>
  }>
}

/**
 * The perfgate reporter for Jest: the same outputs as the Vitest reporter. Its constructor sets
 * `PERFGATE_RESULTS_DIR` before Jest spawns workers; matchers from `perfgate/jest` append their
 * judged assertions there, and `onRunComplete` joins them with Jest's test results.
 *
 * @example
 * // jest.config.cjs
 * module.exports = { reporters: ['default', ['perfgate/reporter/jest', { json: 'perf-results.json' }]] }
 */
export default class PerfgateJestReporter {
  readonly #options: PerfgateReporterOptions
  readonly #root: string
  readonly #dir: string

  constructor(globalConfig: { rootDir: string }, options: PerfgateReporterOptions = {}) {
    this.#options = options
    this.#root = globalConfig.rootDir
    this.#dir = mkdtempSync(join(tmpdir(), 'perfgate-jest-'))
    process.env[RESULTS_DIR_ENV] = this.#dir
    if (options.baselineDir) process.env[BASELINE_DIR_ENV] = resolve(this.#root, options.baselineDir)
    const dir = this.#dir
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  }

  onRunStart(): void {
    clearChannel(this.#dir)
  }

  onRunComplete(_contexts: unknown, aggregated: JestAggregatedResult): void {
    const byTest = new Map<string, JudgedAssertion[]>()
    for (const record of readChannel(this.#dir)) {
      const key = `${record.testPath}\u0000${record.testName}`
      byTest.set(key, [...(byTest.get(key) ?? []), record.assertion])
    }
    const tests: CollectedTest[] = aggregated.testResults.flatMap((file) =>
      file.testResults.flatMap((t) => {
        const assertions = byTest.get(`${file.testFilePath}\u0000${redactSecrets(t.fullName)}`) ?? []
        return assertions.length ? [{ file: file.testFilePath, name: t.title, fullName: [...t.ancestorTitles, t.title].join(' > '), state: stateOf(t.status), assertions }] : []
      }),
    )
    const results = buildResults(tests, { root: this.#root, runner: 'jest', run: runInfo(process.env, this.#root) })
    emitReports(results, this.#options, { log: (text) => process.stdout.write(`${text}\n`), env: process.env, root: this.#root })
  }

  getLastError(): Error | undefined {
    return undefined
  }
}

function stateOf(status: string): CollectedTest['state'] {
  if (status === 'passed' || status === 'failed') return status
  return status === 'pending' || status === 'skipped' || status === 'disabled' || status === 'todo' ? 'skipped' : 'pending'
}
