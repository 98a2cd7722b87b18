import { appendFileSync } from 'node:fs'
import type { TestContext } from 'vitest'
import { perfProfile } from './profile.ts'

/** The one number a spec is judged on, with its limit: what the spread script collects run after run. */
export interface KeyFigure {
  /** Stable id of the spec, e.g. 'db/contention'. */
  spec: string
  /** What was measured, e.g. 'p95'. */
  figure: string
  value: number
  unit: 'ms' | 'req/s' | 'share' | 'count'
  /** The limit the spec asserts (an upper bound unless `atLeast`). */
  limit: number
  atLeast?: boolean
}

/**
 * States a spec's key figure on the console and as a test annotation, and, when
 * PERFGATE_SPREAD_FILE is set, appends it as a JSON line for perf/support/spread.ts.
 */
export async function reportKeyFigure(context: Pick<TestContext, 'annotate'>, figure: KeyFigure): Promise<void> {
  const value = figure.unit === 'share' ? `${(figure.value * 100).toFixed(1)}%` : `${figure.value.toFixed(figure.unit === 'ms' ? 1 : 0)} ${figure.unit}`
  const limit = figure.unit === 'share' ? `${(figure.limit * 100).toFixed(1)}%` : `${figure.limit} ${figure.unit}`
  const line = `${figure.spec}: ${figure.figure} ${value} (limit ${figure.atLeast ? '>=' : '<'} ${limit})`
  await reportLines(context, line)
  const file = process.env['PERFGATE_SPREAD_FILE']
  if (file) appendFileSync(file, JSON.stringify({ ...figure, profile: perfProfile().name, at: new Date().toISOString() }) + '\n')
}

/** Prints measured values for whoever runs the specs and attaches them to the test for reporters. */
export async function reportLines(context: Pick<TestContext, 'annotate'>, text: string): Promise<void> {
  console.log(text)
  await context.annotate(text)
}
