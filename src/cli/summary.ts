import type { Measurement } from '../measure/index.ts'

/** One line on what a measurement holds: '1,000 ok, 0 errors, 25.0 req/s, p50 1.20 ms, p95 2.31 ms, p99 4.02 ms'. */
export function summaryLine(m: Measurement): string {
  const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`
  const latency = m.count > 0 ? `, p50 ${ms(m.latency.p50)}, p95 ${ms(m.latency.p95)}, p99 ${ms(m.latency.p99)}` : ''
  return `${m.count.toLocaleString('en-US')} ok, ${m.errors.toLocaleString('en-US')} errors, ${m.rps.toFixed(1)} req/s${latency}`
}
