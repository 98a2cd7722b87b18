import type { MeasurementSummary } from '../../measure/summary.ts'
import { niceScale, tickLabel } from './axis.ts'

const WIDTH = 520
const HEIGHT = 240
const PAD = { left: 52, right: 52, top: 28, bottom: 36 }

/**
 * An inline SVG of the run over time, one slot per second of `summary.timeline`
 * ([t, count, errors, meanMs, maxMs]): throughput as bars (errors stacked in red, left axis,
 * req/s) and mean and max latency as lines (right axis, ms). Empty string without a timeline.
 */
export function timelineChart(timeline: MeasurementSummary['timeline']): string {
  if (timeline.length === 0) return ''
  const start = timeline[0]![0]
  const seconds = timeline.at(-1)![0] - start + 1
  const rate = niceScale(Math.max(...timeline.map(([, count, errors]) => count + errors)))
  const ms = niceScale(Math.max(...timeline.map(([, , , , max]) => max)))
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const slot = plotW / seconds
  const x = (t: number): number => PAD.left + (t - start) * slot
  const yRate = (v: number): number => PAD.top + plotH - (v / rate.max) * plotH
  const yMs = (v: number): number => PAD.top + plotH - (v / ms.max) * plotH
  const parts: string[] = []
  for (let v = 0; v <= rate.max + 1e-9; v += rate.step) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${f(yRate(v))}" y2="${f(yRate(v))}"/>`, `<text class="tick" x="${PAD.left - 6}" y="${f(yRate(v) + 4)}" text-anchor="end">${tickLabel(v)}</text>`)
  }
  for (let v = 0; v <= ms.max + 1e-9; v += ms.step) parts.push(`<text class="tick latency" x="${WIDTH - PAD.right + 6}" y="${f(yMs(v) + 4)}">${tickLabel(v)}</text>`)
  const every = Math.max(1, Math.ceil(seconds / 10))
  for (const [t, count, errors] of timeline) {
    const w = Math.max(1, slot * 0.8)
    parts.push(`<rect class="bar" x="${f(x(t) + slot * 0.1)}" y="${f(yRate(count))}" width="${f(w)}" height="${f(yRate(0) - yRate(count))}"><title>${t}s: ${count} ok</title></rect>`)
    if (errors > 0) parts.push(`<rect class="bar errors" x="${f(x(t) + slot * 0.1)}" y="${f(yRate(count + errors))}" width="${f(w)}" height="${f(yRate(count) - yRate(count + errors))}"><title>${t}s: ${errors} errors</title></rect>`)
    if ((t - start) % every === 0) parts.push(`<text class="tick" x="${f(x(t) + slot / 2)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${t}s</text>`)
  }
  const line = (cls: string, pick: (p: MeasurementSummary['timeline'][number]) => number): string =>
    `<polyline class="${cls}" points="${timeline.map((p) => `${f(x(p[0]) + slot / 2)},${f(yMs(pick(p)))}`).join(' ')}"/>`
  parts.push(line('series mean', (p) => p[3]), line('series max', (p) => p[4]))
  parts.push(
    `<text class="axis" x="8" y="14">req/s</text>`,
    `<text class="axis" x="${WIDTH - 30}" y="14">ms</text>`,
    `<line class="series mean" x1="${PAD.left + 150}" x2="${PAD.left + 170}" y1="10" y2="10"/><text class="axis" x="${PAD.left + 174}" y="14">mean</text>`,
    `<line class="series max" x1="${PAD.left + 220}" x2="${PAD.left + 240}" y1="10" y2="10"/><text class="axis" x="${PAD.left + 244}" y="14">max</text>`,
  )
  return `<svg class="chart timeline-chart" role="img" aria-label="Throughput and latency over time" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">${parts.join('')}</svg>`
}

function f(n: number): string {
  return n.toFixed(1)
}
