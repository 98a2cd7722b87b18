import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { redactDeep, redactSecrets } from '../redact/index.ts'
import { annotations } from './github.ts'
import { renderHtml } from './html/page.ts'
import { renderJUnit } from './junit.ts'
import type { PerfgateReporterOptions } from './options.ts'
import type { PerfResults } from './results.ts'
import { renderStepSummary } from './stepSummary.ts'
import { renderTable } from './table.ts'

/** Where reporter output goes; tests replace it. */
export interface ReportIO {
  /** Prints a block of text to the console (stdout). */
  log(text: string): void
  env: NodeJS.ProcessEnv
  root: string
}

/**
 * Renders every output the options ask for and writes it: console table (+ `extra`, e.g. watch
 * deltas), GitHub annotations and step summary, JSON, JUnit, HTML. Secrets are removed from the
 * results before anything is escaped, slugged or rendered (an escaped `%3A` or a lower-cased id
 * would slip past the patterns), and once more from each rendered text.
 */
export function emitReports(raw: PerfResults, options: PerfgateReporterOptions, io: ReportIO, extra = ''): void {
  const safe = redactSecrets
  const results = redactDeep(raw)
  if (results.tests.length === 0) return
  if (options.console !== false) io.log(safe([renderTable(results), extra].filter(Boolean).join('\n\n')))
  const github = options.githubActions ?? io.env.GITHUB_ACTIONS === 'true'
  if (github) {
    const workspace = io.env.GITHUB_WORKSPACE
    const rebase = (file: string): string => (workspace ? relative(workspace, resolve(io.root, file)).split('\\').join('/') : file)
    const lines = annotations(results, rebase)
    if (lines.length) io.log(safe(lines.join('\n')))
    const summaryFile = io.env.GITHUB_STEP_SUMMARY
    if (summaryFile) appendFileSync(summaryFile, safe(renderStepSummary(results)))
  }
  const write = (path: string | undefined, render: () => string): void => {
    if (!path) return
    const file = resolve(io.root, path)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, safe(render()))
  }
  write(options.json, () => `${JSON.stringify(results, null, 2)}\n`)
  write(options.junit, () => renderJUnit(results))
  write(options.html, () => renderHtml(results))
}
