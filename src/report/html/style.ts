/** The report's whole stylesheet, inlined so the page needs no network. */
export const STYLE = `
:root { color-scheme: light; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); }
.outcome { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-weight: 600; }
.outcome.go { background: var(--ok); } .outcome.no-go { background: var(--bad); }
.meta { color: var(--muted); margin-bottom: 16px; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.error td.verdict { color: var(--bad); font-weight: 600; } tr.warning td.verdict { color: var(--warn); font-weight: 600; } tr.ok td.verdict { color: var(--ok); }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; } figcaption { color: var(--muted); font-size: 12px; }
.chart { background: #fafbfc; border: 1px solid var(--line); border-radius: 6px; }
.chart .grid { stroke: #e6e9ed; } .chart .tick { font-size: 10px; fill: var(--muted); } .chart .axis { font-size: 11px; fill: var(--muted); }
.chart .series { fill: none; stroke: var(--accent); stroke-width: 2; } .chart .series.max { stroke: #8250df; stroke-dasharray: 3 2; }
.chart .dot { fill: var(--accent); } .chart .bar { fill: #9ec5fe; } .chart .bar.errors { fill: #ff8182; }
.chart .limit { stroke: var(--bad); stroke-dasharray: 6 4; } .chart .limit-label { font-size: 10px; fill: var(--bad); }
.facts { color: var(--muted); font-size: 12px; }
`
