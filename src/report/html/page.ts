import type { PerfResults } from '../results.ts'
export function renderHtml(results: PerfResults): string {
  return `<!doctype html><pre>${JSON.stringify(results.totals)}</pre>`
}
