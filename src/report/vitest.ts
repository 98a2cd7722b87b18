import { resolve } from 'node:path'
import type { Reporter, TestModule, Vitest } from 'vitest/node'
import { BASELINE_DIR_ENV } from '../baseline/store.ts'
import type { JudgedAssertion } from '../results/assertion.ts'
import { indexMeasured, renderDeltas, type MeasuredIndex } from './deltas.ts'
import { emitReports } from './emit.ts'
import type { PerfgateReporterOptions } from './options.ts'
import { runInfo } from './runInfo.ts'
import { buildResults, type CollectedTest } from './results.ts'

/**
 * The perfgate reporter for Vitest: after each run it prints a verdict table, GitHub Actions
 * annotations and step summary (in Actions), and writes the JSON, JUnit and HTML files asked for.
 * In watch mode it also prints, per assertion, the change since the previous run. It reads what
 * the matchers recorded on each test (`task.meta.perfgate`) and never re-measures.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({
 *   test: { reporters: ['default', ['perfgate/reporter', { json: 'perf-results.json', html: 'perf-report.html' }]] },
 * })
 */
export class PerfgateReporter implements Reporter {
  readonly #options: PerfgateReporterOptions
  #vitest: Vitest | undefined
  #previous: MeasuredIndex | undefined

  constructor(options: PerfgateReporterOptions = {}) {
    this.#options = options
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest
    if (this.#options.baselineDir) process.env[BASELINE_DIR_ENV] = resolve(vitest.config.root, this.#options.baselineDir)
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const root = this.#vitest?.config.root ?? process.cwd()
    const projects = this.#options.projects
    const modules = projects ? testModules.filter((module) => projects.includes(module.project.name)) : testModules
    const results = buildResults(collect(modules), { root, runner: 'vitest', run: runInfo(process.env, root) })
    const current = indexMeasured(results)
    const deltas = this.#vitest?.config.watch ? renderDeltas(this.#previous, current) : ''
    this.#previous = new Map([...(this.#previous ?? []), ...current])
    emitReports(results, this.#options, { log: (text) => this.#log(text), env: process.env, root }, deltas)
  }

  #log(text: string): void {
    if (this.#vitest) this.#vitest.logger.log(text)
    else process.stdout.write(`${text}\n`)
  }
}

function collect(testModules: ReadonlyArray<TestModule>): CollectedTest[] {
  const tests: CollectedTest[] = []
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      // What perfgate/vitest's sink attached (it declares `TaskMeta.perfgate`; the reporter does not import the matchers).
      const assertions = (test.meta() as { perfgate?: JudgedAssertion[] }).perfgate ?? []
      if (assertions.length === 0) continue
      tests.push({ file: module.moduleId, name: test.name, fullName: test.fullName, state: test.result().state, assertions })
    }
  }
  return tests
}
