#!/usr/bin/env node
/**
 * The perfgate command line.
 *   perfgate compare <old.json> <new.json> [--markdown <file>] [--html <file>]   what changed between two results files
 */
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { compareHtml, compareMarkdown, compareResults, parseResults } from './compare.ts'
import { redactSecrets } from '../redact/index.ts'

const USAGE = `usage: perfgate compare <old.json> <new.json> [--markdown <file>] [--html <file>]
  Prints, per perf assertion, how p50/p95/p99, rps, error rate and verdicts changed, each latency
  change marked significant or within noise by the judge's 95% intervals. --markdown writes the same
  as a table for a pull-request comment or $GITHUB_STEP_SUMMARY ('-' prints it instead), --html as a page.
`

function main(args: readonly string[]): number {
  if (args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(USAGE)
    return 0
  }
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(args)
  } catch {
    process.stderr.write(USAGE)
    return 2
  }
  const [command, before, after, ...rest] = parsed.positionals
  if (command !== 'compare' || !before || !after || rest.length) {
    process.stderr.write(USAGE)
    return 2
  }
  try {
    const read = (path: string) => parseResults(readFileSync(path, 'utf8'), path)
    const [old, now] = [read(before), read(after)]
    const { markdown, html } = parsed.values
    const write = (file: string, text: string): void => {
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, redactSecrets(text))
    }
    if (markdown === '-') process.stdout.write(redactSecrets(compareMarkdown(old, now)))
    else process.stdout.write(redactSecrets(compareResults(old, now)))
    if (markdown && markdown !== '-') write(markdown, compareMarkdown(old, now))
    if (html) write(html, compareHtml(old, now))
    return 0
  } catch (error) {
    process.stderr.write(`perfgate: ${redactSecrets(error instanceof Error ? error.message : String(error))}\n`)
    return 1
  }
}

process.exitCode = main(process.argv.slice(2))

function parse(args: readonly string[]) {
  return parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { markdown: { type: 'string' }, html: { type: 'string' } } })
}
