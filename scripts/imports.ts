/**
 * The house rule, checked: prints the folder-level import graph of src/ and exits 1 on an arrow
 * the rule does not allow, on an import cycle between files (type-only imports included), or when
 * .oxlintrc.json no longer encodes the same rule for the editor.
 *
 *   node scripts/imports.ts                 check src/ of this repo
 *   node scripts/imports.ts --root <dir>    check <dir>/src (the test points it at a broken tree)
 *   node scripts/imports.ts --write-lint    rewrite .oxlintrc.json's per-folder rules from ROOMS
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseSync } from 'rolldown/experimental'

/**
 * Each folder of src/ and the folders it may import, lowest first. An arrow only points down:
 * `redact ← errors ← measure ← judge ← results ← {matchers, report}`; the engines (bench, load,
 * fixtures) use the low folders and know nothing of matchers or reports.
 */
export const ROOMS: Record<string, readonly string[]> = {
  redact: [],
  errors: ['redact'],
  measure: ['errors', 'redact'],
  judge: ['measure', 'errors', 'redact'],
  results: ['judge', 'measure', 'errors', 'redact'],
  baseline: ['judge', 'measure', 'errors', 'redact'],
  bench: ['measure', 'errors', 'redact'],
  load: ['judge', 'measure', 'errors', 'redact'],
  capacity: ['load', 'judge', 'measure', 'errors', 'redact'],
  fixtures: ['measure', 'errors', 'redact'],
  invariants: ['errors', 'redact'],
  matchers: ['results', 'baseline', 'judge', 'bench', 'invariants', 'measure', 'errors', 'redact'],
  report: ['results', 'baseline', 'judge', 'measure', 'errors', 'redact'],
  metrics: ['errors', 'redact'],
  // The `perfgate` command line: reads arguments and hands plain options to the rooms that do the work.
  cli: ['report', 'load', 'measure', 'errors', 'redact'],
  k6: ['measure', 'errors', 'redact'],
}

/**
 * Inside a room split into subfolders, the subfolders' own order, lowest first; folders in one
 * group are siblings and import neither each other nor the room's top-level files (its face).
 */
export const LAYERS: Record<string, readonly (readonly string[])[]> = {
  load: [['options'], ['target'], ['observe'], ['engines'], ['models'], ['run']],
  // providers/ above process/: a container perfgate starts is owner-tied like a process (labels, the watchdog).
  fixtures: [['process'], ['providers'], ['postgres', 'redis', 'service']],
}

/**
 * Composition roots: the package's entry files, which wire rooms together for one runner and so
 * may import any room. Keep this list short; a file here does no work of its own.
 */
export const ENTRY_FILES: readonly string[] = [
  // `perfgate`: plugs the progress renderer into load() and the file baseline store into the matchers.
  'src/index.ts',
  // `perfgate/reporter`: a type-only import, so its types carry the matchers' TaskMeta augmentation.
  'src/report/index.ts',
]

const { values: args } = parseArgs({ options: { root: { type: 'string' }, 'write-lint': { type: 'boolean' } } })
const root = resolve(args.root ?? join(import.meta.dirname, '..'))
const files = sourceFiles(join(root, 'src'))
const importsOf = new Map(files.map((file) => [file, relativeImports(file)]))

const problems: string[] = []
/** `from → to` and how many import statements make that arrow. */
const arrows = new Map<string, number>()
for (const [file, targets] of importsOf) {
  const from = roomOf(file)
  for (const target of targets) {
    const to = roomOf(target)
    if (from === to) {
      const problem = layerProblem(from, file, target)
      if (problem) problems.push(problem)
      continue
    }
    const key = `${from} → ${to}`
    arrows.set(key, (arrows.get(key) ?? 0) + 1)
    const example = `${relative(root, file)} → ${relative(root, target)}`
    if (from === '(entry)' || ENTRY_FILES.includes(relative(root, file))) continue
    if (!(from in ROOMS)) problems.push(`src/${from}/ is not in the house rule (scripts/imports.ts ROOMS): ${example}. Add the folder with the folders it may import.`)
    else if (!ROOMS[from]!.includes(to)) problems.push(`${from} must not import ${to}: ${example}. Move the shared part down to a folder both may import.`)
  }
}
for (const cycle of cyclesOf(importsOf)) problems.push(`import cycle: ${[...cycle, cycle[0]!].map((file) => relative(root, file)).join(' → ')}`)

console.log('src/ folder imports (count of import statements):')
for (const [key, count] of [...arrows].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${key} (${count})`)

const lintPath = join(root, '.oxlintrc.json')
if (args['write-lint']) {
  const config = JSON.parse(readFileSync(lintPath, 'utf8')) as { overrides?: unknown[] }
  config.overrides = lintOverrides()
  writeFileSync(lintPath, `${JSON.stringify(config, null, 2)}\n`)
  console.log(`wrote the per-folder import rules into ${relative(root, lintPath) || lintPath}`)
} else {
  const config = JSON.parse(readFileSync(lintPath, 'utf8')) as { overrides?: unknown[] }
  if (JSON.stringify(config.overrides ?? []) !== JSON.stringify(lintOverrides())) {
    problems.push('.oxlintrc.json does not encode the house rule of scripts/imports.ts: run node scripts/imports.ts --write-lint.')
  }
}

if (problems.length) {
  console.log(`\n${problems.length} problem${problems.length === 1 ? '' : 's'}:`)
  for (const problem of problems) console.log(`  ✘ ${problem}`)
  process.exit(1)
}
console.log('\n✔ every arrow follows the house rule; no import cycles')

/** The room of a file: its folder directly under src/, or `(entry)` for files in src/ itself. */
function roomOf(file: string): string {
  const parts = relative(join(root, 'src'), file).split('/')
  return parts.length === 1 ? '(entry)' : parts[0]!
}

/** Why an import inside a layered room goes the wrong way, if it does. */
function layerProblem(room: string, file: string, target: string): string | undefined {
  const layers = LAYERS[room]
  if (!layers) return undefined
  const subOf = (path: string): string | undefined => {
    const parts = relative(join(root, 'src', room), path).split('/')
    return parts.length === 1 ? undefined : parts[0]
  }
  const rankOf = (sub: string | undefined): number => (sub === undefined ? layers.length : layers.findIndex((group) => group.includes(sub)))
  const from = subOf(file)
  const to = subOf(target)
  if (from === to) return undefined
  const example = `${relative(root, file)} → ${relative(root, target)}`
  if (from !== undefined && rankOf(from) === -1) return `src/${room}/${from}/ is not in the layers of ${room} (scripts/imports.ts LAYERS): ${example}.`
  if (rankOf(to) === -1) return `src/${room}/${to}/ is not in the layers of ${room} (scripts/imports.ts LAYERS): ${example}.`
  if (rankOf(to) < rankOf(from)) return undefined
  return `${room}/${from}/ must not import ${to === undefined ? `${room}'s top-level files` : `${room}/${to}/`}: ${example}. Inside ${room}/ the order is ${layers.map((group) => group.join(' | ')).join(' → ')}.`
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** The src files a file imports: static, type-only, re-exports and literal dynamic imports. */
function relativeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const { module, errors } = parseSync(file, source)
  if (errors.length) throw new Error(`${relative(root, file)} does not parse: ${errors[0]!.message}`)
  const specifiers = [
    ...module.staticImports.map((entry) => entry.moduleRequest.value),
    ...module.staticExports.flatMap((entry) => entry.entries.map((e) => e.moduleRequest?.value)),
    ...module.dynamicImports.map((entry) => source.slice(entry.moduleRequest.start, entry.moduleRequest.end)).map((text) => /^['"`](.*)['"`]$/.exec(text)?.[1]),
  ]
  return [...new Set(specifiers.filter((s): s is string => s !== undefined && s.startsWith('.')).map((s) => resolve(dirname(file), s)))]
}

/** Every strongly connected group of two or more files (Tarjan), each as one cycle through it. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const groups: string[][] = []
  let next = 0
  const visit = (node: string): void => {
    index.set(node, next)
    low.set(node, next++)
    stack.push(node)
    onStack.add(node)
    for (const target of graph.get(node) ?? []) {
      if (!graph.has(target)) continue
      if (!index.has(target)) {
        visit(target)
        low.set(node, Math.min(low.get(node)!, low.get(target)!))
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!))
    }
    if (low.get(node) !== index.get(node)) return
    const group: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      group.push(member)
    } while (member !== node)
    if (group.length > 1) groups.push(group)
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return groups.map((group) => cycleThrough(group, graph))
}

/** One concrete cycle inside a strongly connected group, for a readable message. */
function cycleThrough(group: string[], graph: Map<string, string[]>): string[] {
  const members = new Set(group)
  const path = [group.sort()[0]!]
  const seen = new Set(path)
  for (;;) {
    const nextFile = (graph.get(path.at(-1)!) ?? []).find((target) => members.has(target))!
    if (seen.has(nextFile)) return path.slice(path.indexOf(nextFile))
    path.push(nextFile)
    seen.add(nextFile)
  }
}

/** The same rule as oxlint overrides, so an editor flags a wrong import as it is typed. */
function lintOverrides(): unknown[] {
  const rooms = Object.keys(ROOMS)
  return [
    ...rooms.map((room) => {
      const forbidden = rooms.filter((other) => other !== room && !ROOMS[room]!.includes(other))
      return {
        files: [`src/${room}/**`],
        rules: {
          'no-restricted-imports': ['error', {
            patterns: [{
              group: forbidden.flatMap((other) => [`**/${other}/**`, `**/${other}`]),
              message: `src/${room}/ may import only ${ROOMS[room]!.join(', ') || 'node and npm packages'} (scripts/imports.ts, ARCHITECTURE.md).`,
            }],
          }],
        },
      }
    }),
    { files: [...ENTRY_FILES], rules: { 'no-restricted-imports': 'off' } },
  ]
}
