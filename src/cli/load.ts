import { load } from '../load/index.ts'
import { checkWritable, stringifyMeasurement, writeMeasurement } from '../measure/index.ts'
import { redactSecrets } from '../redact/index.ts'
import type { Command } from './args.ts'
import { summaryLine } from './summary.ts'

/** `perfgate load`: load() over the command line's options; the Measurement to --out or stdout, a summary on stderr. */
export async function runLoad({ request, options, out }: Extract<Command, { command: 'load' }>): Promise<number> {
  const controller = new AbortController()
  const stop = (): void => controller.abort(new Error('interrupted (SIGTERM)'))
  // A scheduler stops a pod with SIGTERM: stop the load and close the sockets rather than die mid-run.
  process.once('SIGTERM', stop)
  try {
    // A run of minutes whose result cannot be saved is lost: find out before it starts.
    if (out) checkWritable(out)
    const m = await load(request, { ...options, signal: controller.signal })
    if (out) writeMeasurement(out, m)
    else process.stdout.write(`${stringifyMeasurement(m)}\n`)
    const shard = m.shard ? ` shard ${m.shard.index}/${m.shard.count}` : ''
    process.stderr.write(redactSecrets(`perfgate load${shard}: ${m.facts.target ?? request.url}: ${summaryLine(m)}${out ? ` → ${out}` : ''}\n`))
    return 0
  } finally {
    process.off('SIGTERM', stop)
  }
}
