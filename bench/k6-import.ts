// k6 results import: how fast fromK6 streams k6's --out json output, and in how much memory. Writes
// a k6 NDJSON file of --mb MB (test/k6/k6Json.ts's writer: 500 req/s on four endpoints, each
// request's nine http_req_* points, as k6 writes them) to a temp dir, plain and gzipped, and reads
// each with fromK6 in a fresh child process: lines/s, MB/s (uncompressed) and the child's peak RSS
// (process.resourceUsage().maxRSS; Node with perfgate loaded is the floor). The files are deleted after.
//
//   node bench/k6-import.ts [--mb 1000] [--rounds 1]
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import { fromK6 } from '../src/index.ts'
import { writeLargeK6File } from '../test/k6/k6Json.ts'

const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '1' }, child: { type: 'string' } } })

if (args.child) {
  const started = performance.now()
  const m = await fromK6(args.child, { tag: false })
  const seconds = (performance.now() - started) / 1000
  console.log(JSON.stringify({ seconds, requests: m.total, p95: m.latency.p95, maxRssBytes: process.resourceUsage().maxRSS * 1024 }))
} else {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-k6-bench-'))
  const load = (): string => loadavg().map((n) => n.toFixed(1)).join(' ')
  try {
    const bytes = Number(args.mb) * 1e6
    const plain = join(dir, 'results.json')
    const gzip = join(dir, 'results.json.gz')
    let started = performance.now()
    const written = await writeLargeK6File(plain, bytes)
    console.log(`wrote ${plain}: ${(statSync(plain).size / 1e6).toFixed(0)} MB, ${written.lines.toLocaleString('en')} lines, ${written.requests.toLocaleString('en')} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    started = performance.now()
    await writeLargeK6File(gzip, bytes, true)
    console.log(`wrote ${gzip}: ${(statSync(gzip).size / 1e6).toFixed(0)} MB gzipped in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    const uncompressedMb = statSync(plain).size / 1e6
    console.log('\n| file | lines/s | MB/s (uncompressed) | peak RSS | requests | load average (1, 5, 15 min) |\n|---|---|---|---|---|---|')
    for (let round = 0; round < Number(args.rounds); round++) {
      for (const [label, path] of [['plain', plain], ['gzip', gzip]] as const) {
        const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(import.meta.url), '--child', path], { timeout: 600_000 })
        const run = JSON.parse(stdout) as { seconds: number; requests: number; maxRssBytes: number }
        if (run.requests !== written.requests) throw new Error(`fromK6 found ${run.requests} requests, the file has ${written.requests}`)
        console.log(`| ${label} | ${Math.round(written.lines / run.seconds).toLocaleString('en')} | ${(uncompressedMb / run.seconds).toFixed(0)} | ${(run.maxRssBytes / 1e6).toFixed(0)} MB | ${run.requests.toLocaleString('en')} | ${load()} |`)
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
