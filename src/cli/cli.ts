#!/usr/bin/env node
/**
 * The perfgate command line (the package's `bin`): `perfgate compare`, `perfgate load` and `perfgate
 * merge`. A composition root: it reads the command line (args.ts) and hands plain options to the rooms
 * that do the work (report, load, measure).
 */
import { isPerfgateError } from '../errors/index.ts'
import { redactSecrets } from '../redact/index.ts'
import { parseCommand, USAGE, UsageError, type Command } from './args.ts'
import { runCompare } from './compare.ts'
import { runLoad } from './load.ts'
import { runMerge } from './merge.ts'

async function main(args: readonly string[]): Promise<number> {
  let command: Command
  try {
    command = parseCommand(args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`perfgate: ${redactSecrets(error.message)}\nRun perfgate --help for the usage.\n`)
    return 2
  }
  try {
    switch (command.command) {
      case 'help':
        process.stdout.write(USAGE)
        return 0
      case 'compare':
        return runCompare(command)
      case 'merge':
        return runMerge(command)
      case 'load':
        return await runLoad(command)
    }
  } catch (error) {
    // The code too, so the README's error table can be looked up from a shell.
    const code = isPerfgateError(error) ? ` [${error.code}]` : ''
    process.stderr.write(`perfgate: ${redactSecrets(error instanceof Error ? error.message : String(error))}${code}\n`)
    // An option load() refused is a usage error too: the command line asked for something it cannot run.
    return isPerfgateError(error, 'PERFGATE_ERR_INVALID_OPTION') ? 2 : 1
  }
}

process.exitCode = await main(process.argv.slice(2))
