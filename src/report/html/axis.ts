/** A "nice" upper bound and tick step for an axis from 0 to `max`: 1, 2 or 5 × 10^k. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0) || !Number.isFinite(max)) return { max: 1, step: 0.25 }
  const rough = max / ticks
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power
  return { max: Math.ceil(max / step - 1e-9) * step, step }
}

/**
 * A log axis covering `low`..`high` (both > 0): bounds on 1-2-5 steps and the ticks between them,
 * thinned to 1 per decade when there are many decades.
 */
export function logScale(low: number, high: number): { min: number; max: number; ticks: number[] } {
  const lo = low > 0 && Number.isFinite(low) ? low : 0.1
  const hi = high > lo && Number.isFinite(high) ? high : lo * 10
  const steps = (decade: number): number[] => [1, 2, 5].map((m) => m * 10 ** decade)
  const all: number[] = []
  for (let d = Math.floor(Math.log10(lo)) - 1; d <= Math.ceil(Math.log10(hi)) + 1; d++) all.push(...steps(d))
  const min = [...all].reverse().find((v) => v <= lo) ?? lo
  const max = all.find((v) => v >= hi) ?? hi
  const inside = all.filter((v) => v >= min * 0.999 && v <= max * 1.001)
  const decades = Math.log10(max / min)
  return { min, max, ticks: decades > 3 ? inside.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9) : inside }
}

/** A short tick label: 1500 → '1.5k', 0.25 → '0.25'. */
export function tickLabel(value: number): string {
  if (value >= 1000) return `${Number((value / 1000).toPrecision(3))}k`
  return String(Number(value.toPrecision(3)))
}

/** Latency for a tick or a tooltip: '0.25 ms', '850 ms', '1.5 s'. */
export function msLabel(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toPrecision(3))} s` : `${Number(ms.toPrecision(3))} ms`
}
