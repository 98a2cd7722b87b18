import { mergeMeasurements, readMeasurement, stringifyMeasurement, writeMeasurement } from '../measure/index.ts'
import type { Command } from './args.ts'
import { summaryLine } from './summary.ts'

/** `perfgate merge`: one measurement from many files, written to --out or stdout; notes (missing shards) on stderr. */
export function runMerge({ files, out }: Extract<Command, { command: 'merge' }>): number {
  const merged = mergeMeasurements(files.map(readMeasurement), { names: files })
  if (out) writeMeasurement(out, merged)
  else process.stdout.write(`${stringifyMeasurement(merged)}\n`)
  const shards = merged.shards ? `shards ${merged.shards.indexes.join(', ')} of ${merged.shards.count}` : `${files.length} file${files.length > 1 ? 's' : ''}`
  process.stderr.write(`perfgate merge: ${shards}: ${summaryLine(merged)}${out ? ` → ${out}` : ''}\n`)
  for (const note of merged.facts.notes ?? []) if (/shard/i.test(note)) process.stderr.write(`  note: ${note}\n`)
  return 0
}
