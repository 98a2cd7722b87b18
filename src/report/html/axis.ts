/** A "nice" upper bound and tick step for an axis from 0 to `max`: 1, 2 or 5 × 10^k. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0) || !Number.isFinite(max)) return { max: 1, step: 0.25 }
  const rough = max / ticks
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power
  return { max: Math.ceil(max / step - 1e-9) * step, step }
}

/** A short tick label: 1500 → '1.5k', 0.25 → '0.25'. */
export function tickLabel(value: number): string {
  if (value >= 1000) return `${Number((value / 1000).toPrecision(3))}k`
  return String(Number(value.toPrecision(3)))
}
