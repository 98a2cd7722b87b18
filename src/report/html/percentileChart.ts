import type { MeasurementSummary } from '../../measure/summary.ts'
import type { ReferenceRun } from '../../results/assertion.ts'
import { logScale, msLabel } from './axis.ts'
import { escapeHtml } from './escape.ts'

const WIDTH = 560
const HEIGHT = 280
const PAD = { left: 56, right: 16, top: 30, bottom: 40 }

type Latency = MeasurementSummary['latency'] | ReferenceRun['latency']

/** The nines axis: x = log10(1 / (1 − p)), so p90, p99, p99.9 and p99.99 are evenly spaced. */
const nines = (p: number): number => Math.log10(1 / (1 - p / 100))
const AXIS = [
  ['p50', 50],
  ['p90', 90],
  ['p99', 99],
  ['p99.9', 99.9],
  ['p99.99', 99.99],
] as const
/** Where `max` is drawn: past p99.99, the 100th percentile has no place on a log axis. */
const MAX_X = 4.4

/** The points of a latency distribution, left to right. */
function pointsOf(latency: Latency): Array<{ label: string; x: number; ms: number }> {
  const of: Array<[string, number, number | undefined]> = [
    ['p50', 50, latency.p50],
    ['p75', 75, latency.p75],
    ['p90', 90, latency.p90],
    ['p95', 95, latency.p95],
    ['p99', 99, latency.p99],
    ['p99.9', 99.9, latency.p999],
    ['p99.99', 99.99, 'p9999' in latency ? latency.p9999 : undefined],
  ]
  const points = of.flatMap(([label, p, ms]) => (ms !== undefined && Number.isFinite(ms) && ms > 0 ? [{ label, x: nines(p), ms }] : []))
  if (Number.isFinite(latency.max) && latency.max > 0) points.push({ label: 'max', x: MAX_X, ms: latency.max })
  return points
}

/** A latency limit drawn across the chart. */
export interface LimitLine {
  label: string
  ms: number
}

/** A further distribution drawn beside the measured one: an endpoint of the mix, or the baseline. */
export interface ExtraSeries {
  label: string
  latency: Latency
  /** CSS class: 'baseline' (dashed grey) or 'tag-0' … 'tag-7'. */
  kind: string
}

/**
 * An inline SVG of the latency distribution on the "nines" axis (HdrHistogram's percentile plot):
 * percentiles p50 … p99.99 (and max) left to right, latency on a log scale, the limits judged
 * against it as dashed lines, and further series (the baseline, the endpoints of a mix) beside it.
 * Empty string without samples.
 */
export function percentileChart(latency: MeasurementSummary['latency'], limits: readonly LimitLine[] = [], extra: readonly ExtraSeries[] = []): string {
  const main = pointsOf(latency)
  if (main.length === 0) return ''
  const series = [{ label: 'this run', kind: 'main', points: main }, ...extra.map((e) => ({ label: e.label, kind: e.kind, points: pointsOf(e.latency) }))].filter((s) => s.points.length)
  const values = [...series.flatMap((s) => s.points.map((p) => p.ms)), ...limits.map((l) => l.ms).filter((ms) => ms > 0)]
  const scale = logScale(Math.min(...values) / 1.2, Math.max(...values) * 1.2)
  const x0 = nines(50)
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const px = (x: number): number => PAD.left + ((x - x0) / (MAX_X - x0)) * plotW
  const py = (ms: number): number => PAD.top + plotH - (Math.log(ms / scale.min) / Math.log(scale.max / scale.min)) * plotH
  const parts: string[] = []
  for (const v of scale.ticks) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(py(v))}" y2="${f(py(v))}"/>`, `<text class="tick" x="${PAD.left - 6}" y="${f(py(v) + 4)}" text-anchor="end">${msLabel(v)}</text>`)
  }
  for (const [label, p] of AXIS) {
    parts.push(`<line class="grid" x1="${f(px(nines(p)))}" x2="${f(px(nines(p)))}" y1="${PAD.top}" y2="${PAD.top + plotH}"/>`, `<text class="tick nines" x="${f(px(nines(p)))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${label}</text>`)
  }
  parts.push(`<text class="tick nines" x="${f(px(MAX_X))}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="end">max</text>`)
  limits.forEach((limit, i) => {
    if (!(limit.ms > 0)) return
    // Labels alternate ends, so that two close limits stay readable.
    const at = i % 2 === 0 ? `x="${PAD.left + 4}"` : `x="${WIDTH - PAD.right - 4}" text-anchor="end"`
    parts.push(
      `<line class="limit" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(py(limit.ms))}" y2="${f(py(limit.ms))}"/>`,
      `<text class="limit-label" ${at} y="${f(py(limit.ms) - 4)}">${escapeHtml(limit.label)}</text>`,
    )
  })
  // The measured run last, on top.
  for (const s of [...series.slice(1), series[0]!]) {
    const cls = s.kind === 'main' ? 'series' : `series ${s.kind}`
    parts.push(`<polyline class="${cls}" data-series="${escapeHtml(s.label)}" points="${s.points.map((p) => `${f(px(p.x))},${f(py(p.ms))}`).join(' ')}"/>`)
    const dot = s.kind === 'main' ? 'dot' : `dot ${s.kind}`
    for (const p of s.points) parts.push(`<circle class="${dot}" data-p="${p.label}" cx="${f(px(p.x))}" cy="${f(py(p.ms))}" r="${s.kind === 'main' ? 3.5 : 2.5}"><title>${escapeHtml(s.label)} ${p.label}: ${msLabel(p.ms)}</title></circle>`)
  }
  parts.push(`<text class="axis" x="${WIDTH - PAD.right}" y="${HEIGHT - 4}" text-anchor="end">percentile (nines scale)</text>`, `<text class="axis" x="8" y="14">latency (log)</text>`)
  return `<svg class="chart percentile-chart" role="img" aria-label="Latency by percentile" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`
}

/** The chart's key as HTML (below it): a swatch per series in the series' colour. */
export function seriesLegend(entries: ReadonlyArray<{ label: string; kind: string }>): string {
  if (entries.length < 2) return ''
  return `<ul class="legend">${entries.map((e) => `<li><svg width="18" height="8"><line class="${e.kind === 'main' ? 'series' : `series ${e.kind}`}" x1="1" x2="17" y1="4" y2="4"/></svg>${escapeHtml(e.label)}</li>`).join('')}</ul>`
}

function f(n: number): string {
  return n.toFixed(1)
}
