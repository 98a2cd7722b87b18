import type { MeasurementSummary } from '../../measure/summary.ts'
import { niceScale, tickLabel } from './axis.ts'
import { escapeHtml } from './escape.ts'

const WIDTH = 520
const HEIGHT = 240
const PAD = { left: 52, right: 16, top: 28, bottom: 36 }

/** The percentiles plotted, left to right; x is log10(1 / (1 − p)), so the tail gets the room. */
const POINTS = [
  ['min', 0, (l: MeasurementSummary['latency']) => l.min],
  ['p50', 50, (l: MeasurementSummary['latency']) => l.p50],
  ['p75', 75, (l: MeasurementSummary['latency']) => l.p75],
  ['p90', 90, (l: MeasurementSummary['latency']) => l.p90],
  ['p95', 95, (l: MeasurementSummary['latency']) => l.p95],
  ['p99', 99, (l: MeasurementSummary['latency']) => l.p99],
  ['p99.9', 99.9, (l: MeasurementSummary['latency']) => l.p999],
  ['max', 99.99, (l: MeasurementSummary['latency']) => l.max],
] as const

/** A latency limit drawn across the chart. */
export interface LimitLine {
  label: string
  ms: number
}

/**
 * An inline SVG of the latency percentile distribution (ms over percentile, log-scaled toward the
 * tail) with the latency limits judged against it as dashed lines. Empty string without samples.
 */
export function percentileChart(latency: MeasurementSummary['latency'], limits: readonly LimitLine[] = []): string {
  const points = POINTS.map(([label, p, of]) => ({ label, x: Math.log10(1 / (1 - p / 100)), ms: of(latency) })).filter((pt) => Number.isFinite(pt.ms))
  if (points.length === 0) return ''
  const xMax = points.at(-1)!.x || 1
  const scale = niceScale(Math.max(...points.map((p) => p.ms), ...limits.map((l) => l.ms)) * 1.05)
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const px = (x: number): number => PAD.left + (x / xMax) * plotW
  const py = (ms: number): number => PAD.top + plotH - (ms / scale.max) * plotH
  const parts: string[] = []
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(py(v))}" y2="${f(py(v))}"/>`, `<text class="tick" x="${PAD.left - 6}" y="${f(py(v) + 4)}" text-anchor="end">${tickLabel(v)}</text>`)
  }
  for (const p of points) parts.push(`<text class="tick" x="${f(px(p.x))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${p.label}</text>`)
  for (const limit of limits) {
    parts.push(
      `<line class="limit" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(py(limit.ms))}" y2="${f(py(limit.ms))}"/>`,
      `<text class="limit-label" x="${WIDTH - PAD.right - 4}" y="${f(py(limit.ms) - 4)}" text-anchor="end">${escapeHtml(limit.label)}</text>`,
    )
  }
  parts.push(`<polyline class="series" points="${points.map((p) => `${f(px(p.x))},${f(py(p.ms))}`).join(' ')}"/>`)
  for (const p of points) parts.push(`<circle class="dot" cx="${f(px(p.x))}" cy="${f(py(p.ms))}" r="3.5"><title>${p.label}: ${tickLabel(p.ms)} ms</title></circle>`)
  parts.push(`<text class="axis" x="${PAD.left}" y="${HEIGHT - 4}">percentile</text>`, `<text class="axis" x="12" y="14">ms</text>`)
  return `<svg class="chart percentile-chart" role="img" aria-label="Latency by percentile" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`
}

function f(n: number): string {
  return n.toFixed(1)
}
