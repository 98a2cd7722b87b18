import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { expect, test } from 'vitest'
import { fromSamples, mergeMeasurements, writeMeasurement } from 'perfgate'
import { parseCommand, type Command } from '../../src/cli/index.ts'
import { REPO, runNode, tempDir } from '../report/runFixture.ts'

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
    // The merge reads the folder the shards write to, and writes the merged file there.
    expect([dirname(merge.files[0]!), dirname(merge.out ?? '')], file).toEqual([dirname(load.out!), dirname(load.out!)])
  }
})

test("the Kubernetes recipe keys its results folder by START_AT: the persistent volume's earlier runs are not counted or merged", () => {
  const text = readFileSync(join(RECIPES, 'k8s-indexed-job.yaml'), 'utf8')
  const [load, merge] = commandLines(text).map((line) => parseCommand(shellWords(line).slice(1)))
  const folder = `/results/${VALUES.START_AT}`
  expect(load).toMatchObject({ command: 'load', out: `${folder}/shard-3.json` })
  expect(merge).toEqual({ command: 'merge', files: [`${folder}/shard-*.json`], out: `${folder}/all.json` })
  // The judge waits for the files of this run's folder, and tells the spec where the merged file is and when the run started.
  expect(substitute(text.match(/ls (\S+) 2>\/dev\/null \| wc -l/)![1]!)).toBe(`${folder}/shard-*.json`)
  const judge = text.slice(text.indexOf('name: perfgate-judge'))
  expect(judge).toMatch(/- name: PERFGATE_MERGED\n\s+value: \/results\/__START_AT__\/all\.json\n/)
  expect(judge).toMatch(/- name: PERFGATE_START_AT\n\s+value: "__START_AT__"\n/)
  // The GitHub recipe hands the spec its start time too.
  expect(readFileSync(join(RECIPES, 'github-actions.yml'), 'utf8')).toMatch(/\n\s+PERFGATE_START_AT: \$\{\{ needs\.start\.outputs\.at \}\}\n/)
})

test("the recipes' spec fails a merged file of another run (stale files on the volume) and passes this run's", { timeout: 120_000 }, async () => {
  using dir = tempDir('perfgate-recipe-spec-')
  const startAt = '2026-11-30T06:00:00Z'
  // Enough requests, all well under the recipes' SLA (p95 500 ms, p99 1 s), for the judge to be sure.
  const samples = Array.from({ length: 5000 }, (_, i) => 40 + (i % 41))
  const shard = (index: number, at: number) => ({ ...fromSamples(samples, { durationMs: 10_000 }).toJSON(), startedAt: at, latencyFrom: 'intended-start' as const, shard: { index, count: 2 } })
  const fresh = join(dir.path, 'fresh.json')
  writeMeasurement(fresh, mergeMeasurements([shard(1, Date.parse(startAt)), shard(2, Date.parse(startAt))]))
  // A previous run's files: the same shards, started a day earlier.
  const stale = join(dir.path, 'stale.json')
  writeMeasurement(stale, mergeMeasurements([shard(1, Date.parse(startAt) - 86_400_000), shard(2, Date.parse(startAt) - 86_400_000)]))
  const spec = (merged: string, at: string) =>
    runNode([join(REPO, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: join(REPO, 'test/fixtures/shards-spec'), env: { PERFGATE_MERGED: merged, PERFGATE_START_AT: at }, timeoutMs: 90_000 })
  const [ok, epoch, old] = await Promise.all([spec(fresh, startAt), spec(fresh, String(Date.parse(startAt))), spec(stale, startAt)])
  expect(ok.code, ok.stdout + ok.stderr).toBe(0)
  expect(epoch.code, epoch.stdout + epoch.stderr).toBe(0)
  expect(old.code).toBe(1)
  expect(old.stdout + old.stderr).toContain('the merged run did not start at PERFGATE_START_AT: stale shard files from another run?')
})

test('a recipe line the parser refuses fails this test (the extraction reaches the flags)', () => {
  const broken = 'args:\n  - >-\n    npx perfgate load http://api:8080/ --rate 10\n    --duration 1m --shard 0/$SHARDS\n'
  const [line] = commandLines(broken)
  expect(line).toBe('perfgate load http://api:8080/ --rate 10 --duration 1m --shard 0/8')
  expect(() => parseCommand(shellWords(line!).slice(1))).toThrow(/--shard: shard "0\/8" needs an index from 1 to 8/)
})
