#!/usr/bin/env node
/**
 * The perfgate command line.
 *   perfgate compare <old.json> <new.json>   what changed between two results files
 */
import { readFileSync } from 'node:fs'
import { compareResults, parseResults } from './compare.ts'
import { redactSecrets } from '../redact/index.ts'

const USAGE = 'usage: perfgate compare <old.json> <new.json>\n  Prints, per perf assertion, how p50/p95/p99, rps, error rate and verdicts changed.\n'

function main(args: readonly string[]): number {
  const [command, before, after, ...rest] = args
  if (command === '--help' || command === '-h') {
    process.stdout.write(USAGE)
    return 0
  }
  if (command !== 'compare' || !before || !after || rest.length) {
    process.stderr.write(USAGE)
    return 2
  }
  try {
    const read = (path: string) => parseResults(readFileSync(path, 'utf8'), path)
    process.stdout.write(redactSecrets(compareResults(read(before), read(after))))
    return 0
  } catch (error) {
    process.stderr.write(`perfgate: ${redactSecrets(error instanceof Error ? error.message : String(error))}\n`)
    return 1
  }
}

process.exitCode = main(process.argv.slice(2))
