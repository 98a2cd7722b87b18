import type { MeasurementSummary } from '../../measure/summary.ts'
import { logScale, msLabel, niceScale, tickLabel } from './axis.ts'
import { escapeHtml } from './escape.ts'
import type { LimitLine } from './percentileChart.ts'

const WIDTH = 560
const HEIGHT = 240
const PAD = { left: 56, right: 16, top: 30, bottom: 36 }

type Timeline = MeasurementSummary['timeline']

function frame(timeline: Timeline): { start: number; seconds: number; slot: number; x: (t: number) => number; ticks: string[] } {
  const start = timeline[0]![0]
  const seconds = timeline.at(-1)![0] - start + 1
  const plotW = WIDTH - PAD.left - PAD.right
  const slot = plotW / seconds
  const x = (t: number): number => PAD.left + (t - start) * slot
  const every = Math.max(1, Math.ceil(seconds / 10))
  const ticks: string[] = []
  for (let t = start; t <= start + seconds - 1; t += every) ticks.push(`<text class="tick" x="${f(x(t) + slot / 2)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${t}s</text>`)
  return { start, seconds, slot, x, ticks }
}

/**
 * Latency over time, one point per second of `summary.timeline`: p50, p95 and p99 of each second
 * when load() recorded them (else the mean), the second's max as a faint line, on a log scale with
 * the latency limits. A second with no answer (a stall) leaves a gap. Empty string without a timeline.
 */
export function latencyTimeline(timeline: Timeline, limits: readonly LimitLine[] = []): string {
  const answered = timeline.filter((p) => p[1] > 0)
  if (answered.length === 0) return ''
  const { x, slot, ticks } = frame(timeline)
  const withPercentiles = answered.every((p) => p[5] !== undefined)
  const lines: Array<[cls: string, label: string, pick: (p: Timeline[number]) => number]> = withPercentiles
    ? [['series p50', 'p50', (p) => p[5]!], ['series p95', 'p95', (p) => p[6]!], ['series p99', 'p99', (p) => p[7]!], ['series max', 'max', (p) => p[4]]]
    : [['series mean', 'mean', (p) => p[3]], ['series max', 'max', (p) => p[4]]]
  const values = [...answered.flatMap((p) => lines.map(([, , pick]) => pick(p))), ...limits.map((l) => l.ms)].filter((v) => v > 0)
  const scale = logScale(Math.min(...values) / 1.2, Math.max(...values) * 1.2)
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const y = (ms: number): number => PAD.top + plotH - (Math.log(Math.max(ms, scale.min) / scale.min) / Math.log(scale.max / scale.min)) * plotH
  const parts: string[] = []
  for (const v of scale.ticks) parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(y(v))}" y2="${f(y(v))}"/>`, `<text class="tick" x="${PAD.left - 6}" y="${f(y(v) + 4)}" text-anchor="end">${msLabel(v)}</text>`)
  parts.push(...ticks)
  limits.forEach((limit, i) => {
    const at = i % 2 === 0 ? `x="${PAD.left + 4}"` : `x="${WIDTH - PAD.right - 4}" text-anchor="end"`
    parts.push(`<line class="limit" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(y(limit.ms))}" y2="${f(y(limit.ms))}"/>`, `<text class="limit-label" ${at} y="${f(y(limit.ms) - 4)}">${escapeHtml(limit.label)}</text>`)
  })
  for (const [cls, label, pick] of lines) {
    // A run of answered seconds is one polyline; a second without answers breaks it.
    const runs: Array<Array<Timeline[number]>> = []
    let previous: number | undefined
    for (const p of answered) {
      if (previous === undefined || p[0] !== previous + 1) runs.push([])
      runs.at(-1)!.push(p)
      previous = p[0]
    }
    for (const run of runs) {
      parts.push(
        run.length === 1
          ? `<circle class="${cls.replace('series', 'dot')}" cx="${f(x(run[0]![0]) + slot / 2)}" cy="${f(y(pick(run[0]!)))}" r="2.5"><title>${run[0]![0]}s ${label}: ${msLabel(pick(run[0]!))}</title></circle>`
          : `<polyline class="${cls}" data-series="${label}" points="${run.map((p) => `${f(x(p[0]) + slot / 2)},${f(y(pick(p)))}`).join(' ')}"/>`,
      )
    }
  }
  let lx = PAD.left + 110
  for (const [cls, label] of lines) {
    parts.push(`<line class="${cls}" x1="${lx}" x2="${lx + 16}" y1="10" y2="10"/><text class="axis" x="${lx + 20}" y="14">${label}</text>`)
    lx += 60
  }
  parts.push(`<text class="axis" x="8" y="14">latency (log)</text>`)
  return `<svg class="chart latency-timeline" role="img" aria-label="Latency percentiles over time" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`
}

/**
 * Throughput over time: answered requests per second as bars, failures stacked in red. A stall
 * shows as seconds without a bar. Empty string without a timeline.
 */
export function timelineChart(timeline: Timeline): string {
  if (timeline.length === 0) return ''
  const { x, slot, ticks } = frame(timeline)
  const rate = niceScale(Math.max(...timeline.map(([, count, errors]) => count + errors)))
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const y = (v: number): number => PAD.top + plotH - (v / rate.max) * plotH
  const parts: string[] = []
  for (let v = 0; v <= rate.max + 1e-9; v += rate.step) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(y(v))}" y2="${f(y(v))}"/>`, `<text class="tick" x="${PAD.left - 6}" y="${f(y(v) + 4)}" text-anchor="end">${tickLabel(v)}</text>`)
  }
  parts.push(...ticks)
  const w = Math.max(1, slot * 0.8)
  for (const [t, count, errors] of timeline) {
    if (count > 0) parts.push(`<rect class="bar" x="${f(x(t) + slot * 0.1)}" y="${f(y(count))}" width="${f(w)}" height="${f(y(0) - y(count))}"><title>${t}s: ${count} ok</title></rect>`)
    if (errors > 0) parts.push(`<rect class="bar errors" x="${f(x(t) + slot * 0.1)}" y="${f(y(count + errors))}" width="${f(w)}" height="${f(y(count) - y(count + errors))}"><title>${t}s: ${errors} failed</title></rect>`)
  }
  parts.push(
    `<text class="axis" x="8" y="14">req/s</text>`,
    `<rect class="bar" x="${PAD.left + 110}" y="5" width="12" height="10"/><text class="axis" x="${PAD.left + 126}" y="14">answered</text>`,
    `<rect class="bar errors" x="${PAD.left + 200}" y="5" width="12" height="10"/><text class="axis" x="${PAD.left + 216}" y="14">failed</text>`,
  )
  return `<svg class="chart timeline-chart" role="img" aria-label="Throughput over time" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`
}

function f(n: number): string {
  return n.toFixed(1)
}
