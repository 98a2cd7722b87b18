import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { fromSamples, isPerfgateError, writeMeasurement } from 'perfgate'
import { runCompare } from '../../src/cli/compare.ts'
import { startCountingServer } from '../load/servers/countingServer.ts'
import { sampleResults } from '../report/sampleResults.ts'
import { REPO, runNode, tempDir } from '../report/runFixture.ts'

/** The CLI from source (Node strips the types), so these tests need no build. */
const CLI = join(REPO, 'src/cli/cli.ts')
const WRITE_HINT = 'Check that its folder can be created and written to (permissions, a read-only volume, free space) and that the path is not a folder.'

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (error) {
    return isPerfgateError(error) ? error.code : 'not a PerfgateError'
  }
  return undefined
}

describe('perfgate compare: its files', () => {
  test('a missing results file is PERFGATE_ERR_FILE_NOT_FOUND naming the path, exit code 1', async () => {
    using dir = tempDir('perfgate-compare-files-')
    const before = join(dir.path, 'old.json')
    writeFileSync(before, JSON.stringify(sampleResults()))
    const missing = join(dir.path, 'new.json')
    expect(codeOf(() => runCompare({ command: 'compare', before, after: missing }))).toBe('PERFGATE_ERR_FILE_NOT_FOUND')
    const run = await runNode([CLI, 'compare', before, missing], { cwd: dir.path })
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', `perfgate: The results file ${missing} does not exist. Check the path; the reporter's { json } option writes it. [PERFGATE_ERR_FILE_NOT_FOUND]\n`])
    // A folder where a file should be cannot be read either: named, not a raw EISDIR.
    const folder = await runNode([CLI, 'compare', dir.path, before], { cwd: dir.path })
    expect([folder.code, folder.stderr]).toEqual([1, expect.stringMatching(new RegExp(`^perfgate: The results file ${dir.path} cannot be read \\(EISDIR`))])
  })

  test('an --html or --markdown it cannot write is PERFGATE_ERR_FILE_NOT_WRITABLE naming the path, exit code 1', async () => {
    using dir = tempDir('perfgate-compare-out-')
    const before = join(dir.path, 'old.json')
    writeFileSync(before, JSON.stringify(sampleResults()))
    const underFile = join(before, 'report.html')
    expect(codeOf(() => runCompare({ command: 'compare', before, after: before, html: underFile }))).toBe('PERFGATE_ERR_FILE_NOT_WRITABLE')
    const html = await runNode([CLI, 'compare', before, before, '--html', underFile], { cwd: dir.path })
    expect(html.code).toBe(1)
    expect(html.stderr.replace('ENOTDIR', 'EEXIST')).toBe(`perfgate: Cannot write ${underFile}: a part of its path is a file, not a folder (EEXIST). ${WRITE_HINT} [PERFGATE_ERR_FILE_NOT_WRITABLE]\n`)
    const folder = join(dir.path, 'summary')
    mkdirSync(folder)
    const markdown = await runNode([CLI, 'compare', before, before, '--markdown', folder], { cwd: dir.path })
    expect([markdown.code, markdown.stderr]).toEqual([1, `perfgate: Cannot write ${folder}: it is a folder (EISDIR). ${WRITE_HINT} [PERFGATE_ERR_FILE_NOT_WRITABLE]\n`])
    // Nothing half-written is left beside the inputs.
    expect(readdirSync(dir.path).sort()).toEqual(['old.json', 'summary'])
    expect(readdirSync(folder)).toEqual([])
    // A path it can write gets the whole page.
    const ok = await runNode([CLI, 'compare', before, before, '--html', join(dir.path, 'out', 'report.html')], { cwd: dir.path })
    expect(ok.code, ok.stderr).toBe(0)
    expect(readFileSync(join(dir.path, 'out', 'report.html'), 'utf8')).toMatch(/<\/html>\n?$/)
  })
})

describe('perfgate merge: an --out it cannot write', () => {
  test('is PERFGATE_ERR_FILE_NOT_WRITABLE naming the path, exit code 1', async () => {
    using dir = tempDir('perfgate-merge-out-')
    const part = join(dir.path, 'shard-1.json')
    writeMeasurement(part, fromSamples([1, 2, 3], { durationMs: 1000 }))
    const out = join(part, 'all.json')
    const run = await runNode([CLI, 'merge', part, '--out', out], { cwd: dir.path })
    expect(run.code).toBe(1)
    expect(run.stderr.replace('ENOTDIR', 'EEXIST')).toBe(`perfgate: Cannot write ${out}: a part of its path is a file, not a folder (EEXIST). ${WRITE_HINT} [PERFGATE_ERR_FILE_NOT_WRITABLE]\n`)
  })
})

describe('perfgate load: an --out it cannot write', () => {
  test('fails before the run sends a request, not after it, and leaves no file', async () => {
    await using server = await startCountingServer()
    using dir = tempDir('perfgate-load-out-')
    const blocker = join(dir.path, 'results')
    writeFileSync(blocker, 'a file where the folder should be')
    const out = join(blocker, 'shard-1.json')
    const started = performance.now()
    const run = await runNode([CLI, 'load', server.url, '--rate', '50', '--duration', '20s', '--out', out], { cwd: dir.path })
    expect(run.code).toBe(1)
    expect(run.stderr.replace('ENOTDIR', 'EEXIST')).toBe(`perfgate: Cannot write ${out}: a part of its path is a file, not a folder (EEXIST). ${WRITE_HINT} [PERFGATE_ERR_FILE_NOT_WRITABLE]\n`)
    expect(server.requests()).toBe(0)
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(readdirSync(dir.path)).toEqual(['results'])
  })
})
