import { PerfgateError } from '../errors/index.ts'
import { formatNumber } from '../judge/format.ts'
import { judgeResources, validateResourceLimits, type ResourceLimits, type ResourceVerdict } from '../judge/resources.ts'
import type { JudgedVerdict } from '../judge/verdict.ts'
import { resourceUsageProblem, type ResourceUsage } from '../measure/resources.ts'
import { redactDeep, redactSecrets } from '../redact/index.ts'
import type { MatcherResult } from './assert.ts'
import { callSite, recordAssertion, type MatcherContext } from './record.ts'

const MARK = { pass: 'pass', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' } as const

async function toUsage(received: unknown): Promise<ResourceUsage> {
  const value: unknown = await received
  // `svc.during()` answers { result, resources }: take its resources.
  const usage = typeof value === 'object' && value !== null && 'resources' in value ? (value as { resources: unknown }).resources : value
  const problem = resourceUsageProblem(usage)
  if (problem) {
    throw new PerfgateError(
      'PERFGATE_ERR_INVALID_INPUT',
      `toStayWithin() expects the resources a service used, as svc.during() returns them ({ result, resources }, or its resources); ${problem}.`,
    )
  }
  return usage as ResourceUsage
}

function ending(exited: NonNullable<ResourceUsage['exited']>): string {
  return exited.signal ? `killed by ${exited.signal}` : `exit code ${exited.code}`
}

/**
 * What the reporters show: one verdict per limit judged, and a failed `exited` one (a count, none
 * allowed) when the service was no longer running at the end. A limit with no readings is
 * inconclusive for want of data.
 */
function recordedVerdicts(usage: ResourceUsage, verdicts: readonly ResourceVerdict[]): JudgedVerdict[] {
  const recorded = verdicts.map((v): JudgedVerdict => {
    const facts = { metric: v.metric, bound: 'at-most' as const, measured: v.measured, limit: v.limit, unit: v.unit, margin: v.margin, samples: v.samples, summary: v.summary }
    if (v.status === 'pass') return { ...facts, status: 'pass', ...(v.marginal ? { marginal: true as const } : {}) }
    const hint = v.hint ?? 'see the readings in the failure message'
    return v.status === 'fail' ? { ...facts, status: 'fail', hint } : { ...facts, status: 'inconclusive', reason: 'no-data', hint }
  })
  if (usage.exited) {
    recorded.push({
      metric: 'exited',
      bound: 'at-most',
      measured: 1,
      limit: 0,
      unit: 'count',
      // A limit of zero has no relative headroom: the margin is the count over it, as the judge's.
      margin: -1,
      samples: usage.samples.length,
      status: 'fail',
      summary: `service "${usage.name}" (pid ${usage.pid}) was not running at the end of the run (${ending(usage.exited)})`,
      hint: 'see its output (svc.logTail())',
    })
  }
  // Service names come from the user: a name may hold a credential.
  return redactDeep(recorded)
}

/** Memory at the start, at the end, and whether it was still rising over the last third of the run. */
function memoryLine(usage: ResourceUsage): string | undefined {
  const s = usage.samples
  if (s.length < 3) return undefined
  const first = s[0]!.rssMb
  const last = s.at(-1)!.rssMb
  const third = s[Math.floor((s.length * 2) / 3)]!.rssMb
  const rising = last - third > Math.max(1, 0.05 * third)
  return `memory: ${formatNumber(first)} → ${formatNumber(last)} MB over the run${rising ? `, still rising over its last third (+${formatNumber(last - third)} MB)` : ''}`
}

function message(usage: ResourceUsage, verdicts: readonly ResourceVerdict[], negated: boolean): string {
  const who = `service "${usage.name}" (pid ${usage.pid})`
  const lines = [
    negated
      ? `expect(resources).not.toStayWithin(): expected ${who} to exceed a limit, but it stayed within them`
      : `expect(resources).toStayWithin(): ${verdicts.filter((v) => v.status !== 'pass').length} of ${verdicts.length} limit${verdicts.length > 1 ? 's' : ''} not met by ${who}`,
    ...verdicts.map((v) => `  ${v.metric}: ${v.summary} ${MARK[v.status]}`),
  ]
  if (usage.exited) lines.push(`  the service was not running at the end of the run (${ending(usage.exited)}): see its output (svc.logTail())`)
  const processes = Math.max(...usage.samples.map((s) => s.processes), 0)
  lines.push(
    `  readings: ${usage.samples.length} over ${formatNumber(usage.durationMs / 1000)} s (every ${usage.intervalMs} ms) of its process group, up to ${processes} process${processes === 1 ? '' : 'es'}; CPU in cores (1 = one core busy), this machine has ${usage.cores}`,
  )
  const memory = memoryLine(usage)
  if (memory) lines.push(`  ${memory}`)
  for (const hint of new Set(verdicts.flatMap((v) => (v.status === 'pass' || !v.hint ? [] : [v.hint])))) lines.push(`  try: ${hint}`)
  return redactSecrets(lines.join('\n'))
}

/**
 * Passes when the service's peak CPU and memory during a workload stay within the limits: `cpu` in
 * cores (the busiest second; 1 = one core fully busy), `machineCpu` as a fraction of all the
 * machine's cores, `rssMb` the largest resident memory of its process group. A service that was no
 * longer running at the end fails too.
 *
 * @example
 * const { resources } = await svc.during(() => load(`${svc.url}/work`, { rate: 100, duration: '5s' }))
 * await expect(resources).toStayWithin({ cpu: 0.7, rssMb: 2048 })
 */
export async function toStayWithin(this: MatcherContext, received: unknown, limits: ResourceLimits): Promise<MatcherResult> {
  const site = callSite(new Error().stack, this.testPath)
  const valid = validateResourceLimits(limits)
  const usage = await toUsage(received)
  const verdicts = judgeResources(usage, valid)
  const negated = this.isNot === true
  const within = verdicts.every((v) => v.status === 'pass') && usage.exited === undefined
  const clearlyOver = verdicts.some((v) => v.status === 'fail') || usage.exited !== undefined
  // The runner inverts `pass` for `.not`; an inconclusive verdict fails both forms.
  const passed = negated ? clearlyOver : within
  recordAssertion({ matcher: 'toStayWithin', negated, passed, verdicts: recordedVerdicts(usage, verdicts), ...(site ? { location: site } : {}) }, this)
  return { pass: negated ? !passed : passed, message: () => message(usage, verdicts, negated) }
}
