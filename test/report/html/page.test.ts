import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { emitReports } from '../../../src/report/emit.ts'
import { renderHtml } from '../../../src/report/html/page.ts'
import { sampleResults } from '../sampleResults.ts'

const CHROMIUM = '/usr/bin/chromium'
/** Where the screenshot is saved for a person to look at; overwritten on each run. */
const SCREENSHOT = process.env.PERFGATE_SCREENSHOT ?? join(tmpdir(), 'perfgate-html-report.png')

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
      tests: results.tests.map((t) => ({ ...t, assertions: t.assertions.map((a) => ({ ...a, measurement: { ...a.measurement, facts: { ...a.measurement.facts, outages } } })) })),
    }
    expect(renderHtml(withOutage)).toContain('outage: server unreachable from 2.1 s to 4.6 s into the run (812 requests failed); recovered after 2.5 s')
  })

  test('renders in headless Chromium with its charts and tables', async (context) => {
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
        viewport: { width: 1200, height: 900 },
      })
      // Written the way the reporter writes it: through redaction.
      const file = join(dir, 'report.html')
      emitReports(sampleResults(), { html: file, console: false, githubActions: false }, { log: () => {}, env: {}, root: dir })
      const page = await browser.newPage()
      const requests: string[] = []
      page.on('request', (request) => requests.push(request.url()))
      await page.goto(pathToFileURL(file).href)

      expect(await page.locator('h1').innerText()).toBe('perfgate NO-GO')
      expect(await page.locator('table.verdicts tbody tr').count()).toBe(4)
      expect(await page.locator('table.verdicts tr.error td.verdict').allInnerTexts()).toEqual(['FAIL'])
      expect(await page.locator('svg.percentile-chart').count()).toBe(2)
      expect(await page.locator('svg.timeline-chart').count()).toBe(2)
      // Charts have real geometry: 8 percentile points, 10 throughput bars and a red error bar.
      const first = page.locator('section.assertion').first()
      expect(await first.locator('svg.percentile-chart circle.dot').count()).toBe(8)
      expect(await first.locator('svg.timeline-chart rect.bar:not(.errors)').count()).toBe(10)
      expect(await first.locator('svg.timeline-chart rect.bar.errors').count()).toBe(1)
      const box = await first.locator('svg.percentile-chart polyline.series').boundingBox()
      expect(box!.width).toBeGreaterThan(300)
      expect(await first.locator('svg.percentile-chart text.limit-label').allTextContents()).toEqual(['p95 limit 700 ms', 'p99 limit 1,000 ms'])
      expect(await first.locator('table.endpoints tbody tr td:first-child').allInnerTexts()).toEqual(['GET /tasks/:id', 'POST /tasks'])
      expect(await first.locator('table.endpoints tbody tr').nth(1).innerText()).toMatch(/POST \/tasks\s+1,000\s+12\s+100\s+\S+ ms/)
      expect(await first.locator('.facts').innerText()).toContain('http://svc:***@127.0.0.1:3000/tasks')
      expect(await page.content()).not.toContain('hunter2')
      expect(requests).toEqual([pathToFileURL(file).href])
      await page.screenshot({ path: SCREENSHOT, fullPage: true })
    } finally {
      await browser?.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
