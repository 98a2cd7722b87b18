import { formatNumber } from '../../judge/format.ts'
import type { MeasurementSummary } from '../../measure/summary.ts'
import type { JudgedAssertion } from '../../results/assertion.ts'
import { describeOutage, describeShape } from '../../results/format.ts'
import type { PerfResults, PerfTestResult } from '../results.ts'
import { anyTagged, verdictRows } from '../rows.ts'
import type { RunInfo } from '../runInfo.ts'
import { outcomeLine } from '../table.ts'
import { escapeHtml as h } from './escape.ts'
import { percentileChart, seriesLegend, type ExtraSeries, type LimitLine } from './percentileChart.ts'
import { STYLE } from './style.ts'
import { latencyTimeline, timelineChart } from './timelineChart.ts'

/** Endpoints of a mix drawn as their own series; more are listed in the table only. */
const MAX_TAG_SERIES = 8

/**
 * A self-contained HTML report: inline CSS and SVG, no script and no network, light and dark. What
 * produced the numbers (commit, Node, OS/CPU, CI, profile), the verdict table, then per assertion:
 * the latency distribution on the nines axis (p50 … p99.99, log latency) with its limits, the
 * baseline it was judged against and each endpoint of a mix; percentiles over time with the
 * limits; throughput and failures per second; the generator's facts (late and dropped starts,
 * saturation, outages); failures by kind and a per-endpoint table. An assertion on a service's
 * resources or on invariant checks lists what each of its verdicts found.
 */
export function renderHtml(results: PerfResults): string {
  const rows = verdictRows(results)
  const tagged = anyTagged(rows)
  const go = results.outcome === 'GO'
  const body = [
    `<h1>perfgate <span class="outcome ${go ? 'go' : 'no-go'}">${results.outcome}</span></h1>`,
    `<div class="meta">${h(outcomeLine(results))} · ${results.runner} · ${h(results.generatedAt)}</div>`,
    runTable(results.run, results),
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
<meta name="color-scheme" content="light dark">
<title>perfgate report: ${results.outcome}</title><style>${STYLE}</style></head>
<body>
${body.join('\n')}
</body></html>
`
}

/** What produced the numbers: the run facts, and the providers the measurements name. */
function runTable(run: RunInfo | undefined, results: PerfResults): string {
  const providers = [...new Set(results.tests.flatMap((t) => t.assertions.flatMap((a) => (a.measurement?.facts.provider ? [a.measurement.facts.provider] : []))))]
  const entries: Array<[string, string | undefined]> = [
    ['commit', run?.commit ? `${run.commit.slice(0, 12)}${run.branch ? ` (${run.branch})` : ''}` : undefined],
    ['Node', run?.node],
    ['OS', run?.os],
    ['CPU', run?.cpu ? `${run.cpu}${run.memoryGb ? `, ${run.memoryGb} GB` : ''}` : undefined],
    ['CI', run?.ci],
    ['profile', run?.profile],
    ['provider', providers.join(', ') || undefined],
  ]
  const shown = entries.filter((e): e is [string, string] => e[1] !== undefined)
  if (shown.length === 0) return ''
  return `<dl class="run">${shown.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('')}</dl>`
}

function assertionSection(test: PerfTestResult, assertion: JudgedAssertion, index: number): string {
  const m = assertion.measurement
  if (!m) return judgedSection(test, assertion, index)
  const limits: LimitLine[] = assertion.verdicts.filter((v) => v.unit === 'ms' && v.limit > 0).map((v) => ({ label: `${v.metric} limit ${formatNumber(v.limit)} ms`, ms: v.limit }))
  const extra: ExtraSeries[] = []
  if (assertion.reference) extra.push({ label: assertion.reference.kind === 'baseline' ? 'baseline' : 'previous run', kind: 'baseline', latency: assertion.reference.latency })
  const tags = Object.entries(m.byTag ?? {}).slice(0, MAX_TAG_SERIES)
  tags.forEach(([tag, sub], i) => extra.push({ label: tag, kind: `tag-${i}`, latency: sub.latency }))
  const percentile = percentileChart(m.latency, limits, extra)
  const charts = [
    percentile ? `<figure>${percentile}<figcaption>Latency by percentile, nines scale; dashed red: limits${assertion.reference ? '; dashed grey: the baseline' : ''}</figcaption>${seriesLegend([{ label: assertion.tag ?? 'this run', kind: 'main' }, ...extra])}</figure>` : '',
    figure(latencyTimeline(m.timeline, limits), 'Latency per second: p50, p95, p99 and max; gaps are seconds without an answer'),
    figure(timelineChart(m.timeline), 'Requests per second: answered, and failed in red'),
  ].filter(Boolean)
  const location = assertion.location ? `${assertion.location.file}:${assertion.location.line}` : test.file
  const title = assertion.tag ? `${test.fullName} › ${assertion.tag}` : test.fullName
  return [
    `<section class="assertion" id="a-${h(slug(test.fullName))}-${index}">`,
    `<h2>${h(title)} <small>${h(`${assertion.negated ? 'not.' : ''}${assertion.matcher}`)}</small></h2>`,
    `<div class="facts">${h(facts(m, location))}</div>`,
    charts.length ? `<div class="charts">${charts.join('')}</div>` : '',
    errorsTable(m.errorsByKind),
    m.byTag ? endpointTable(m.byTag) : '',
    '</section>',
  ].join('\n')
}

/** An assertion on no load measurement (a service's resources, invariant checks): what each verdict found, and what to try. */
function judgedSection(test: PerfTestResult, assertion: JudgedAssertion, index: number): string {
  const location = assertion.location ? `${assertion.location.file}:${assertion.location.line}` : test.file
  const items = assertion.verdicts.map((v) => `<li class="${v.status}">${h(`${v.summary}${v.status !== 'pass' && v.hint ? `; try: ${v.hint}` : ''}`)}</li>`)
  return [
    `<section class="assertion" id="a-${h(slug(test.fullName))}-${index}">`,
    `<h2>${h(test.fullName)} <small>${h(`${assertion.negated ? 'not.' : ''}${assertion.matcher}`)}</small></h2>`,
    `<div class="facts">${h(location)}</div>`,
    `<ul class="judged">${items.join('')}</ul>`,
    '</section>',
  ].join('\n')
}

function figure(svg: string, caption: string): string {
  return svg ? `<figure>${svg}<figcaption>${h(caption)}</figcaption></figure>` : ''
}

function errorsTable(byKind: Record<string, number>): string {
  const kinds = Object.entries(byKind).filter(([, n]) => n > 0)
  if (kinds.length === 0) return ''
  return `<h3>Failures by kind</h3><table class="errors"><tbody>${kinds.map(([kind, n]) => `<tr><td>${h(kind)}</td><td class="num">${formatNumber(n)}</td></tr>`).join('')}</tbody></table>`
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
  const f = m.facts
  const parts = [
    location,
    `${formatNumber(m.count)} ok, ${formatNumber(m.errors)} failed over ${formatNumber(m.durationMs / 1000)} s (${formatNumber(m.rps)} req/s)`,
    describeShape(f.shape),
    f.target,
    f.workers && f.workers > 1 ? `${f.workers} generator threads` : undefined,
    f.coordinatedOmission === 'not-applicable' ? undefined : `coordinated omission ${f.coordinatedOmission}`,
    f.lateStarts !== undefined ? `${formatNumber(f.lateStarts)} late starts` : undefined,
    f.dropped !== undefined ? `${formatNumber(f.dropped)} dropped` : undefined,
    f.saturation.saturated ? `generator saturated: ${f.saturation.reasons.join('; ')}` : undefined,
    f.provider ? `provider ${f.provider}` : undefined,
    ...(f.outages ?? []).map((outage) => `outage: ${describeOutage(outage)}`),
  ]
  return parts.filter(Boolean).join(' · ')
}

function ms(value: number): string {
  return Number.isFinite(value) ? `${formatNumber(value)} ms` : '—'
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
}
