/** The report's whole stylesheet, inlined so the page needs no network; light and dark follow the reader's setting. */
export const STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0969da; --bg: #fff; --panel: #fafbfc; --grid: #e6e9ed; --bar: #9ec5fe; --bar-bad: #ff8182; --base: #6e7781;
  --t0: #bf3989; --t1: #1a7f37; --t2: #bc4c00; --t3: #8250df; --t4: #0a7ea4; --t5: #953800; --t6: #4d2d00; --t7: #116329; }
@media (prefers-color-scheme: dark) {
  :root { --ok: #3fb950; --warn: #d29922; --bad: #f85149; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --accent: #4493f8; --bg: #0d1117; --panel: #151b23; --grid: #262c36; --bar: #1f6feb; --bar-bad: #da3633; --base: #9198a1;
    --t0: #f778ba; --t1: #56d364; --t2: #f0883e; --t3: #bc8cff; --t4: #39c5cf; --t5: #ffa657; --t6: #e3b341; --t7: #7ee787; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h2 small { color: var(--muted); font-weight: normal; }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); }
.outcome { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-weight: 600; }
.outcome.go { background: var(--ok); } .outcome.no-go { background: var(--bad); }
.meta { color: var(--muted); margin-bottom: 8px; }
dl.run { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 0 0 14px; font-size: 12px; }
dl.run div { display: flex; gap: 6px; } dl.run dt { color: var(--muted); } dl.run dd { margin: 0; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.error td.verdict { color: var(--bad); font-weight: 600; } tr.warning td.verdict { color: var(--warn); font-weight: 600; } tr.ok td.verdict { color: var(--ok); }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; } figcaption { color: var(--muted); font-size: 12px; max-width: 560px; }
ul.legend { list-style: none; margin: 4px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; max-width: 560px; }
ul.legend li { display: flex; align-items: center; gap: 4px; }
.chart { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; max-width: 100%; height: auto; }
.chart .grid { stroke: var(--grid); } .chart .tick { font-size: 10px; fill: var(--muted); } .chart .axis { font-size: 11px; fill: var(--muted); }
.series { fill: none; stroke: var(--accent); stroke-width: 2; }
.series.max { stroke: var(--base); stroke-width: 1; stroke-dasharray: 2 2; } .series.mean, .series.p50 { stroke: var(--t1); stroke-width: 1.5; }
.series.p95 { stroke: var(--accent); } .series.p99 { stroke: var(--t3); }
.series.baseline { stroke: var(--base); stroke-dasharray: 5 3; }
.series.tag-0 { stroke: var(--t0); stroke-width: 1; } .series.tag-1 { stroke: var(--t1); stroke-width: 1; } .series.tag-2 { stroke: var(--t2); stroke-width: 1; } .series.tag-3 { stroke: var(--t3); stroke-width: 1; }
.series.tag-4 { stroke: var(--t4); stroke-width: 1; } .series.tag-5 { stroke: var(--t5); stroke-width: 1; } .series.tag-6 { stroke: var(--t6); stroke-width: 1; } .series.tag-7 { stroke: var(--t7); stroke-width: 1; }
.chart .dot { fill: var(--accent); } .chart .dot.baseline { fill: var(--base); }
.chart .dot.tag-0 { fill: var(--t0); } .chart .dot.tag-1 { fill: var(--t1); } .chart .dot.tag-2 { fill: var(--t2); } .chart .dot.tag-3 { fill: var(--t3); }
.chart .dot.tag-4 { fill: var(--t4); } .chart .dot.tag-5 { fill: var(--t5); } .chart .dot.tag-6 { fill: var(--t6); } .chart .dot.tag-7 { fill: var(--t7); }
.chart .dot.p50, .chart .dot.mean { fill: var(--t1); } .chart .dot.p95 { fill: var(--accent); } .chart .dot.p99 { fill: var(--t3); } .chart .dot.max { fill: var(--base); }
.chart .bar { fill: var(--bar); } .chart .bar.errors { fill: var(--bar-bad); }
.chart .limit { stroke: var(--bad); stroke-dasharray: 6 4; } .chart .limit-label { font-size: 10px; fill: var(--bad); }
.facts { color: var(--muted); font-size: 12px; }
ul.judged li.fail { color: var(--bad); } ul.judged li.inconclusive { color: var(--warn); }
`
