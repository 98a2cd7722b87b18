import { judgeResources } from 'perfgate'
import type { ResourceLimits } from 'perfgate'
import type { ServiceResources } from 'perfgate/fixtures'
import type { TestContext } from 'vitest'
import { reportKeyFigure, reportLines } from './keyFigure.ts'

/**
 * WORKLOADS: "< 2 GB memory per service instance, CPU < 70% at peak". The clinic is one Node
 * process (its HTTP server, pools and the simulated EMR): `machineCpu` is its busiest second's CPU
 * as a share of this machine's 2 cores (0.7 = 1.4 cores), `rssMb` its peak resident memory. Kept as
 * WORKLOADS states them. Measured here (quick profile, load average 3–4 from other work): the
 * clinic's busiest second took 0.13–0.36 of one core (6–18% of the machine; the endpoint mix and the
 * 600/s spike are the busiest) and 190–215 MB, a margin of 3.9× on CPU and 9.5× on memory.
 */
export const CLINIC_LIMITS: ResourceLimits = { machineCpu: 0.7, rssMb: 2048 }

/** Prints the clinic process's peaks beside the spec's latencies (nothing for an external target). */
export async function reportResources(context: Pick<TestContext, 'annotate'>, spec: string, resources: ServiceResources | undefined): Promise<void> {
  if (!resources) return
  const [cpu, rss] = judgeResources(resources, CLINIC_LIMITS)
  await reportLines(context, `${spec}: clinic process peak CPU ${(cpu!.measured * resources.cores).toFixed(2)} cores (${(cpu!.measured * 100).toFixed(0)}% of ${resources.cores}), peak RSS ${rss!.measured.toFixed(0)} MB, ${resources.samples.length} readings`)
  await reportKeyFigure(context, { spec: `${spec}/cpu`, figure: 'machine CPU', value: cpu!.measured, unit: 'share', limit: CLINIC_LIMITS.machineCpu! })
}
