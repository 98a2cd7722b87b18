import { formatNumber } from '../../judge/format.ts'
import type { MeasurementSummary } from '../../measure/summary.ts'
import type { JudgedAssertion } from '../../results/assertion.ts'
import { describeOutage, describeShape } from '../../results/format.ts'
import type { PerfResults, PerfTestResult } from '../results.ts'
import { anyTagged, verdictRows } from '../rows.ts'
import { outcomeLine } from '../table.ts'
import { escapeHtml as h } from './escape.ts'
import { percentileChart } from './percentileChart.ts'
import { STYLE } from './style.ts'
import { timelineChart } from './timelineChart.ts'

/**
 * A self-contained HTML report: inline CSS and SVG, no script and no network. The verdict table,
 * then per assertion a latency percentile chart (with its limits), throughput and latency over
 * time, and a per-endpoint table when the workload was a tagged scenario mix.
 */
export function renderHtml(results: PerfResults): string {
  const rows = verdictRows(results)
  const tagged = anyTagged(rows)
  const go = results.outcome === 'GO'
  const body = [
    `<h1>perfgate <span class="outcome ${go ? 'go' : 'no-go'}">${results.outcome}</span></h1>`,
    `<div class="meta">${h(outcomeLine(results))} · ${results.runner} · ${h(results.generatedAt)}</div>`,
    `<table class="verdicts"><thead><tr><th>Test</th>${tagged ? '<th>Endpoint</th>' : ''}<th>Metric</th><th class="num">Limit</th><th class="num">Measured</th><th class="num">Margin</th><th class="num">Samples</th><th>Verdict</th></tr></thead><tbody>`,
    ...rows.map(
      (r) =>
        `<tr class="${r.severity}" title="${h(r.summary)}"><td>${h(r.test)}</td>${tagged ? `<td>${h(r.tag)}</td>` : ''}<td>${h(r.metric)}</td><td class="num">${h(r.limit)}</td><td class="num">${h(r.measured)}</td><td class="num">${h(r.margin)}</td><td class="num">${h(r.samples)}</td><td class="verdict">${h(r.verdict)}</td></tr>`,
    ),
    '</tbody></table>',
    ...results.tests.flatMap((test) => test.assertions.map((a, i) => assertionSection(test, a, i))),
  ]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>perfgate report: ${results.outcome}</title><style>${STYLE}</style></head>
<body>
${body.join('\n')}
</body></html>
`
}

function assertionSection(test: PerfTestResult, assertion: JudgedAssertion, index: number): string {
  const m = assertion.measurement
  const limits = assertion.verdicts.filter((v) => v.unit === 'ms').map((v) => ({ label: `${v.metric} limit ${formatNumber(v.limit)} ms`, ms: v.limit }))
  const charts = [
    figure(percentileChart(m.latency, limits), 'Latency by percentile (ms); dashed: limits'),
    figure(timelineChart(m.timeline), 'Throughput per second (bars, errors in red) and mean / max latency (lines, ms)'),
  ].filter(Boolean)
  const location = assertion.location ? `${assertion.location.file}:${assertion.location.line}` : test.file
  return [
    `<section class="assertion" id="a-${h(slug(test.fullName))}-${index}">`,
    `<h2>${h(test.fullName)} <small>${h(`${assertion.negated ? 'not.' : ''}${assertion.matcher}`)}</small></h2>`,
    `<div class="facts">${h(facts(m, location))}</div>`,
    charts.length ? `<div class="charts">${charts.join('')}</div>` : '',
    m.byTag ? endpointTable(m.byTag) : '',
    '</section>',
  ].join('\n')
}

function figure(svg: string, caption: string): string {
  return svg ? `<figure>${svg}<figcaption>${h(caption)}</figcaption></figure>` : ''
}

function endpointTable(byTag: NonNullable<MeasurementSummary['byTag']>): string {
  const head = '<h3>Per endpoint</h3><table class="endpoints"><thead><tr><th>Endpoint</th><th class="num">Requests</th><th class="num">Errors</th><th class="num">req/s</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">max</th></tr></thead><tbody>'
  const rows = Object.entries(byTag).map(
    ([tag, s]) =>
      `<tr><td>${h(tag)}</td><td class="num">${formatNumber(s.count)}</td><td class="num">${formatNumber(s.errors)}</td><td class="num">${formatNumber(s.rps)}</td>${[s.latency.p50, s.latency.p95, s.latency.p99, s.latency.max].map((v) => `<td class="num">${ms(v)}</td>`).join('')}</tr>`,
  )
  return `${head}${rows.join('')}</tbody></table>`
}

function facts(m: MeasurementSummary, location: string): string {
  const parts = [
    location,
    `${formatNumber(m.count)} ok, ${formatNumber(m.errors)} failed over ${formatNumber(m.durationMs / 1000)} s (${formatNumber(m.rps)} req/s)`,
    describeShape(m.facts.shape),
    m.facts.target,
    m.facts.coordinatedOmission === 'not-applicable' ? undefined : `coordinated omission ${m.facts.coordinatedOmission}`,
    ...(m.facts.outages ?? []).map((outage) => `outage: ${describeOutage(outage)}`),
  ]
  return parts.filter(Boolean).join(' · ')
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${formatNumber(value)} ms` : '—'
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}
