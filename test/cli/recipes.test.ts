import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { parseCommand, type Command } from '../../src/cli/index.ts'
import { REPO } from '../report/runFixture.ts'

const RECIPES = join(REPO, 'examples/shards')

/** What the recipes' variables hold when they run: a shard number, a start time, a token. */
const VALUES: Record<string, string> = {
  'matrix.shard': '2',
  'needs.start.outputs.at': String(Date.now() + 180_000),
  SHARDS: '8',
  START_AT: new Date(Date.now() + 180_000).toISOString(),
  API_TOKEN: 'token',
}

/**
 * The `perfgate …` command lines of a recipe, each joined from its folded YAML lines and cut at the
 * shell's `&&`, `;` or `|`, with its variables replaced by what they hold when it runs.
 */
function commandLines(text: string): string[] {
  const lines = text.split('\n')
  const commands: string[] = []
  for (const [i, line] of lines.entries()) {
    const at = line.indexOf('npx perfgate ')
    if (at < 0 || line.trimStart().startsWith('#')) continue
    let command = line.slice(at + 'npx '.length)
    // A folded block (`>-`) continues on the following lines that are flags of the same command.
    for (const next of lines.slice(i + 1)) {
      if (!next.trim().startsWith('--')) break
      command += ` ${next.trim()}`
    }
    commands.push(substitute(command.split(/&&|;|\|/)[0]!.trim()))
  }
  return commands
}

function substitute(command: string): string {
  return command
    .replace(/\$\(\(\s*JOB_COMPLETION_INDEX\s*\+\s*1\s*\)\)/g, '3')
    .replace(/\$\{\{\s*([\w.-]+)\s*\}\}|\$\{(\w+)\}|\$(\w+)/g, (whole, expression?: string, braced?: string, plain?: string) => {
      const value = VALUES[expression ?? braced ?? plain!]
      if (value === undefined) throw new Error(`the recipe uses ${whole}, which this test does not know: add it to VALUES`)
      return value
    })
}

/** Splits a command line into words as sh does for quotes (the recipes use no other expansions). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!)
}

test('every perfgate command line in the recipes parses with the CLI\'s own parser', () => {
  const files = readdirSync(RECIPES).filter((f) => /\.ya?ml$/.test(f))
  expect(files.sort()).toEqual(['github-actions.yml', 'k8s-indexed-job.yaml'])
  const parsed = new Map<string, Command[]>()
  for (const file of files) {
    const commands = commandLines(readFileSync(join(RECIPES, file), 'utf8'))
    parsed.set(file, commands.map((line) => {
      const [bin, ...args] = shellWords(line)
      expect(bin).toBe('perfgate')
      return parseCommand(args)
    }))
  }
  // Each recipe runs its shards, then merges them.
  for (const [file, commands] of parsed) {
    expect(commands.map((c) => c.command), file).toEqual(['load', 'merge'])
    const load = commands[0] as Extract<Command, { command: 'load' }>
    expect(load.options.shard, file).toEqual(file.startsWith('k8s') ? { index: 3, count: 8 } : { index: 2, count: 4 })
    expect(load.options.startAt, file).toBeGreaterThan(Date.now())
    expect(load.out, file).toMatch(/shard-\d\.json$/)
    const merge = commands[1] as Extract<Command, { command: 'merge' }>
    expect(merge.files, file).toEqual([expect.stringMatching(/shard-\*\.json$/)])
  }
})

test('a recipe line the parser refuses fails this test (the extraction reaches the flags)', () => {
  const broken = 'args:\n  - >-\n    npx perfgate load http://api:8080/ --rate 10\n    --duration 1m --shard 0/$SHARDS\n'
  const [line] = commandLines(broken)
  expect(line).toBe('perfgate load http://api:8080/ --rate 10 --duration 1m --shard 0/8')
  expect(() => parseCommand(shellWords(line!).slice(1))).toThrow(/--shard: shard "0\/8" needs an index from 1 to 8/)
})
