import { appendFileSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { AssertionSink, JudgedAssertion } from './assertion.ts'
import { redactDeep, redactSecrets } from '../redact/index.ts'

/** The environment variable naming the folder where Jest workers leave judged assertions. */
export const RESULTS_DIR_ENV = 'PERFGATE_RESULTS_DIR'

/** One line of the side channel: which test made which assertion. */
export interface ChannelRecord {
  testPath: string
  /** Jest's `currentTestName` (describe titles and the test title joined by spaces), redacted. */
  testName: string
  assertion: JudgedAssertion
}

/**
 * The Jest assertion sink: when the perfgate Jest reporter set `PERFGATE_RESULTS_DIR` (before
 * workers spawned), append one JSON line per judged assertion to a file of this process.
 * Without it, nothing is written. Records are redacted before they touch the disk; the reporter
 * redacts Jest's test names the same way to join them.
 */
export const jestAssertionSink: AssertionSink = (assertion, context) => {
  const dir = process.env[RESULTS_DIR_ENV]
  if (!dir) return
  const record: ChannelRecord = { testPath: context.testPath ?? '', testName: redactSecrets(context.currentTestName ?? ''), assertion: redactDeep(assertion) }
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(record)}\n`)
}

/** Every record the workers left in `dir`, in the order each worker wrote them. */
export function readChannel(dir: string): ChannelRecord[] {
  let files: string[]
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()
  } catch {
    return []
  }
  return files.flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ChannelRecord),
  )
}

/** Empties the channel between runs (watch mode). */
export function clearChannel(dir: string): void {
  for (const f of readdirSync(dir)) if (f.endsWith('.jsonl')) rmSync(join(dir, f), { force: true })
}
