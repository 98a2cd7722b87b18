import { describeCapacity, judgeProbe, type CapacityProbe, type CapacityResult, type CapacityStop } from '../judge/index.ts'
import { load, type LoadTarget } from '../load/index.ts'
import { capacityPlanOf, type CapacityOptions, type CapacityPlan } from './capacityOptions.ts'
import { probeMs, repeatMs } from './probeLength.ts'
import { nextStep, type Bracket } from './search.ts'

/**
 * Finds the highest arrival rate `target` serves within an SLA: short open-model probes (`load()`
 * at one rate each, `step` long), from `from` doubling until a rate breaks the SLA (or `to` is met),
 * then bisecting to within `resolution`. A rate counts as met only when the judge passes every
 * threshold with 95% confidence, and as broken only when one clearly fails. An undecided probe is
 * repeated once, as long as its noise needs (later probes are sized for that noise); a rate that
 * stays undecided is reported, and the search narrows the gaps on both sides of it. A generator
 * saturated twice at one rate ends the search without a breaking point: perfgate could not push
 * further. Bounded by `maxProbes` and `maxDuration`.
 *
 * @example
 * const cap = await findCapacity('http://127.0.0.1:3000/tasks/42', { sla: { p95: 200 }, from: 50, to: 2000 })
 * cap.capacity // 840: req/s met with confidence; cap.breakingPoint 880, cap.cause { kind: 'latency', metric: 'p95', … }
 * await expect(cap).toBeAtLeast(800)
 */
export async function findCapacity(target: LoadTarget, options: CapacityOptions): Promise<CapacityResult> {
  const plan = capacityPlanOf(options)
  const started = performance.now()
  const probes: CapacityProbe[] = []
  const bracket: Bracket & { undecided: number[] } = { undecided: [] }
  let cause: CapacityResult['cause']
  // The machine's noise so far (φ of the probes the service kept up with): later probes are sized for it.
  let noise = 1
  const finish = (stop: CapacityStop, extra: Partial<Pick<CapacityResult, 'generatorLimitAt'>> = {}): CapacityResult => {
    const facts = {
      kind: 'capacity' as const,
      source: probes[0]?.measurement.facts.target ?? 'the target',
      thresholds: plan.thresholds,
      from: plan.from,
      to: plan.to,
      resolution: plan.resolution,
      capacity: bracket.met,
      breakingPoint: bracket.broke,
      ...(cause ? { cause } : {}),
      ...undecidedOf(bracket),
      ...extra,
      stop,
      probes,
      elapsedMs: performance.now() - started,
    }
    return { ...facts, summary: describeCapacity(facts) }
  }

  for (;;) {
    const step = nextStep(bracket, plan)
    if ('done' in step) return finish(step.done)
    let probe = await probeAt(target, step.rate, probeMs(step.rate, plan.stepMs, plan.thresholds, noise), plan, started, probes)
    if (probe?.outcome === 'undecided' || probe?.outcome === 'saturated') {
      // A busy moment of the machine can do either: one repeat, longer.
      if (probe.outcome === 'undecided') noise = Math.max(noise, probe.measurement.facts.noise?.overdispersion ?? 1)
      probe = await probeAt(target, step.rate, repeatMs(probe, plan.stepMs), plan, started, probes, ' (repeat)')
    }
    if (!probe) return finish('budget')
    if (probe.outcome === 'met') noise = Math.max(noise, probe.measurement.facts.noise?.overdispersion ?? 1)
    switch (probe.outcome) {
      case 'met':
        bracket.met = step.rate
        break
      case 'broke':
        bracket.broke = step.rate
        cause = probe.cause
        break
      case 'saturated':
        return finish('generator-saturated', { generatorLimitAt: step.rate })
      case 'undecided':
        bracket.undecided.push(step.rate)
        break
    }
  }
}

/** Runs one probe at `rate` and judges it, or undefined when the probes or the time allowed are used up. */
async function probeAt(target: LoadTarget, rate: number, durationMs: number, plan: CapacityPlan, started: number, probes: CapacityProbe[], label = ''): Promise<CapacityProbe | undefined> {
  if (probes.length >= plan.maxProbes || performance.now() - started + durationMs > plan.maxDurationMs) return undefined
  const name = `${plan.loadOptions.name ?? 'capacity'} @ ${rate} req/s${label}`
  const measurement = await load(target, { ...plan.loadOptions, rate, duration: durationMs, name })
  const probe = judgeProbe(measurement, rate, plan.thresholds)
  probes.push(probe)
  return probe
}

/** The rates left undecided between the highest met and the lowest broken rate, lowest first. */
function undecidedOf({ met, broke, undecided = [] }: Bracket): Pick<CapacityResult, 'undecided'> | Record<string, never> {
  const open = undecided.filter((rate) => (met === undefined || rate > met) && (broke === undefined || rate < broke))
  return open.length ? { undecided: [...new Set(open)].sort((a, b) => a - b) } : {}
}
