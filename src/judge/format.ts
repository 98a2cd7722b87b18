import type { VerdictUnit } from './verdict.ts'

/** What a value that was never measured (NaN: no readings, no samples) prints as. */
export const NOT_MEASURED = '—'

/** Formats a value in its verdict unit: '312 ms', '1,024 req/s', '0.50%', '1.5 cores', '2,048 MB', '3'. */
export function formatValue(value: number, unit: VerdictUnit): string {
  if (Number.isNaN(value)) return NOT_MEASURED
  if (!Number.isFinite(value)) return String(value)
  if (unit === 'ratio') return `${(value * 100).toFixed(value < 0.001 && value > 0 ? 3 : 2)}%`
  if (unit === 'count') return formatNumber(value)
  if (unit === 'cores') return `${formatNumber(value)} core${value === 1 ? '' : 's'}`
  return `${formatNumber(value)} ${unit}`
}

export function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}

export function formatMargin(margin: number): string {
  if (Number.isNaN(margin)) return NOT_MEASURED
  if (!Number.isFinite(margin)) return String(margin)
  const percent = margin * 100
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(Math.abs(percent) < 10 ? 1 : 0)}%`
}
