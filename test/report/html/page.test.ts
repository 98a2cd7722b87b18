import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { emitReports } from '../../../src/report/emit.ts'
import { renderHtml } from '../../../src/report/html/page.ts'
import { REPO } from '../runFixture.ts'
import { sampleResults, stallResults } from '../sampleResults.ts'

const CHROMIUM = '/usr/bin/chromium'
/** The test artifact: a screenshot of the rendered report, for a person to look at (test-results/ is gitignored); overwritten on each run. */
const SCREENSHOT = process.env.PERFGATE_SCREENSHOT ?? join(REPO, 'test-results/perfgate-html-report.png')

describe('renderHtml', () => {
  const html = renderHtml(sampleResults())

  test('is self-contained: no external script, stylesheet, image or font', () => {
    expect(html).not.toMatch(/<script[^>]*src=|<link[^>]*href=|<img|@import|url\(|https?:\/\/(?!svc)/)
    expect(html).toMatch(/^<!doctype html>/)
  })

  test('escapes markup from test names (redaction is the reporter\'s last step, see vitest.test.ts)', () => {
    const withMarkup = renderHtml({ ...sampleResults(), tests: sampleResults().tests.map((t) => ({ ...t, fullName: '<b>x</b>' })) })
    expect(withMarkup).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(withMarkup).not.toContain('<b>x</b>')
  })

  test('lists an outage with its recovery time beside the run facts', () => {
    const outages = [{ startMs: 2100, endMs: 4600, errors: 812, recoveryMs: 2500 }]
    const results = sampleResults()
    const withOutage = {
      ...results,
      tests: results.tests.map((t) => ({ ...t, assertions: t.assertions.map((a) => ({ ...a, measurement: { ...a.measurement!, facts: { ...a.measurement!.facts, outages } } })) })),
    }
    expect(renderHtml(withOutage)).toContain('outage: server unreachable from 2.1 s to 4.6 s into the run (812 requests failed); recovered after 2.5 s')
  })

  test('renders in headless Chromium: a mix with a stall and a baseline, on the nines axis, light and dark', async (context) => {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI || process.env.PERFGATE_REQUIRE_CHROMIUM === '1') throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium) for the HTML report test.`)
      context.skip(`${CHROMIUM} is not installed; install it with: apt-get update && apt-get install -y chromium`)
    }
    const { chromium } = await import('playwright-core')
    const dir = mkdtempSync(join(tmpdir(), 'perfgate-html-'))
    let browser: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined
    try {
      // launchPersistentContext passes the fresh profile as --user-data-dir.
      browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width: 1240, height: 900 },
        colorScheme: 'light',
      })
      // Written the way the reporter writes it: through redaction.
      const file = join(dir, 'report.html')
      emitReports(stallResults(), { html: file, console: false, githubActions: false }, { log: () => {}, env: {}, root: dir })
      const page = await browser.newPage()
      const requests: string[] = []
      page.on('request', (request) => requests.push(request.url()))
      await page.goto(pathToFileURL(file).href)

      expect(await page.locator('h1').innerText()).toBe('perfgate GO')
      // What produced the numbers.
      expect(await page.locator('dl.run').innerText()).toMatch(/commit\s+4124c7e0d1f2 \(reports\)[\s\S]*Node\s+v24\.21\.0[\s\S]*CPU\s+AMD EPYC 7763 × 2, 8 GB[\s\S]*profile\s+quick[\s\S]*provider\s+embedded/)
      // The endpoints: in the legend of the percentile chart and in the per-endpoint table.
      const sla = page.locator('section.assertion').first()
      expect(await sla.locator('ul.legend li').allInnerTexts()).toEqual(['this run', 'GET /tasks/:id', 'POST /tasks'])
      expect(await sla.locator('table.endpoints tbody tr td:first-child').allInnerTexts()).toEqual(['GET /tasks/:id', 'POST /tasks'])
      // The nines axis, p50 … p99.99, then max.
      const chart = sla.locator('svg.percentile-chart')
      expect(await chart.locator('text.nines').allTextContents()).toEqual(['p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max'])
      // The stall's tail: points above p99, far higher on the log latency scale.
      const dot = async (p: string) => {
        const circle = chart.locator(`circle.dot:not(.tag-0):not(.tag-1)[data-p="${p}"]`)
        return { x: Number(await circle.getAttribute('cx')), y: Number(await circle.getAttribute('cy')), title: await circle.locator('title').textContent() }
      }
      const [p99, p999, p9999] = [await dot('p99'), await dot('p99.9'), await dot('p99.99')]
      expect(p999.x).toBeGreaterThan(p99.x)
      expect(p9999.x).toBeGreaterThan(p999.x)
      expect(p999.y).toBeLessThan(p99.y - 40)
      expect(p9999.title).toMatch(/^this run p99\.99: 1\.\d+ s$/)
      // The limit, drawn where its latency is: between the p99 and p99.9 points (190 ms < 700 ms < 1.4 s).
      expect(await chart.locator('text.limit-label').allTextContents()).toEqual(['p95 limit 700 ms'])
      const limitY = Number(await chart.locator('line.limit').getAttribute('y1'))
      expect(limitY).toBeLessThan(p99.y)
      expect(limitY).toBeGreaterThan(p999.y)
      // The baseline series, beside the run it judged, with its legend entry.
      const judged = page.locator('section.assertion').nth(1)
      expect(await judged.locator('svg.percentile-chart polyline.series.baseline').getAttribute('data-series')).toBe('baseline')
      expect(await judged.locator('ul.legend li').first().innerText()).toBe('this run')
      expect(await judged.locator('ul.legend li').nth(1).innerText()).toBe('baseline')
      // The stall: no bar in seconds 5 and 6, and the percentiles over time break there.
      expect(await sla.locator('svg.timeline-chart rect.bar:not(.errors) title').allTextContents()).toHaveLength(10)
      expect(await sla.locator('svg.latency-timeline polyline[data-series="p95"]').count()).toBe(2)
      expect(await sla.locator('svg.latency-timeline text.limit-label').allTextContents()).toEqual(['p95 limit 700 ms'])
      expect(await sla.locator('.facts').innerText()).toContain('60 late starts')
      expect(await sla.locator('table.errors').innerText()).toMatch(/timeout\s+6/)
      expect(requests).toEqual([pathToFileURL(file).href])
      mkdirSync(dirname(SCREENSHOT), { recursive: true })
      await page.screenshot({ path: SCREENSHOT, fullPage: true })
      // The top of it, as README shows it (docs/report.png is this, reduced to a palette).
      await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-top.png'), clip: { x: 0, y: 0, width: 1240, height: 700 } })
      // Readable in dark mode: the page follows the reader's colour scheme.
      const light = await page.locator('body').evaluate((body) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(body).backgroundColor)
      await page.emulateMedia({ colorScheme: 'dark' })
      const dark = await page.locator('body').evaluate((body) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(body).backgroundColor)
      expect([light, dark]).toEqual(['rgb(255, 255, 255)', 'rgb(13, 17, 23)'])
      await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-dark.png'), fullPage: true })
    } finally {
      await browser?.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
