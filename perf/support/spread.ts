// Runs the perf specs N times and tabulates each spec's key figure: min / median / max over the
// runs, next to the limit the spec asserts and the margin left at the worst run.
//   node perf/support/spread.ts [runs = 5] [paths … = perf/db perf/api]
// Each spec appends its key figure to PERFGATE_SPREAD_FILE (see keyFigure.ts); this script sets it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { KeyFigure } from './keyFigure.ts'

const runs = Number(process.argv[2] ?? 5)
const paths = process.argv.length > 3 ? process.argv.slice(3) : ['perf/db', 'perf/api']
const dir = mkdtempSync(join(tmpdir(), 'perfgate-spread-'))
const file = join(dir, 'figures.jsonl')
const walls: number[] = []
const failedRuns: number[] = []
try {
  for (let run = 1; run <= runs; run++) {
    const started = performance.now()
    const result = spawnSync('npx', ['vitest', 'run', '--project', 'perf', ...paths], {
      env: { ...process.env, PERFGATE_SPREAD_FILE: file, FORCE_COLOR: '0' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    walls.push((performance.now() - started) / 1000)
    if (result.status !== 0) {
      failedRuns.push(run)
      console.error(`run ${run} failed (exit ${result.status}):\n${(result.stdout + result.stderr).split('\n').filter((line) => /FAIL|Error|expected/.test(line)).slice(0, 20).join('\n')}`)
    }
    console.error(`run ${run}/${runs}: ${walls.at(-1)!.toFixed(0)} s${result.status === 0 ? '' : ' (failed)'}`)
  }
  const figures = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as KeyFigure)
  console.log(spreadTable(figures))
  console.log(`\n${runs} runs of ${paths.join(' ')}: wall ${Math.min(...walls).toFixed(0)}–${Math.max(...walls).toFixed(0)} s; failed runs: ${failedRuns.length ? failedRuns.join(', ') : 'none'}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

function spreadTable(figures: readonly KeyFigure[]): string {
  const groups = new Map<string, KeyFigure[]>()
  for (const figure of figures) {
    const key = `${figure.spec} · ${figure.figure}`
    groups.set(key, [...(groups.get(key) ?? []), figure])
  }
  const show = (value: number, unit: KeyFigure['unit']): string =>
    unit === 'share' ? `${(value * 100).toFixed(1)}%` : unit === 'ms' ? `${value.toFixed(1)} ms` : `${value.toFixed(0)} ${unit}`
  const rows = [...groups].map(([key, group]) => {
    const values = group.map((figure) => figure.value).sort((a, b) => a - b)
    const { unit, limit, atLeast } = group[0]!
    const worst = atLeast ? values[0]! : values.at(-1)!
    const margin = atLeast ? worst / limit : limit / worst
    return `| ${key} | ${values.length} | ${show(values[0]!, unit)} | ${show(values[Math.floor((values.length - 1) / 2)]!, unit)} | ${show(values.at(-1)!, unit)} | ${atLeast ? '≥' : '<'} ${show(limit, unit)} | ${margin.toFixed(1)}× |`
  })
  return ['| spec · figure | runs | min | median | max | limit | margin at worst |', '|---|---|---|---|---|---|---|', ...rows].join('\n')
}
