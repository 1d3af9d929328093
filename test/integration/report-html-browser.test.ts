import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createIncidentFixture, type IncidentFixture } from '../unit/report/fixtures/incident.js';

// The HTML report opened in headless Chromium (Debian's package; scripts/ensure-chromium.sh
// installs it): no console errors, no request of any kind, and the timeline chart and the evidence
// table actually render. The screenshot is kept in the test's temp dir for a human to look at.

describe('HTML report in headless Chromium', () => {
  let fixture: IncidentFixture;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let screenshot: string;

  beforeAll(async () => {
    fixture = await createIncidentFixture();
    const file = join(fixture.dir, 'report.html');
    const run = await runCli([...fixture.args, 'report', fixture.incidentId, '--format', 'html', '-o', file]);
    if (run.code !== 0) throw new Error(run.err);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    page = await context.newPage();
    const url = pathToFileURL(file).href;
    // every request but the report itself is recorded and refused
    await context.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(url, { waitUntil: 'load' });
    screenshot = join(mkdtempSync(join(tmpdir(), 'irctl-report-shot-')), 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    fixture?.cleanup();
  });

  it('logs no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('makes no network request of any kind', () => {
    expect(requests).toEqual([]);
  });

  it('draws the timeline chart with a bar per step and a marker per approval', async () => {
    const chart = await page.locator('#timeline-chart').boundingBox();
    expect(chart!.width).toBeGreaterThan(500);
    expect(chart!.height).toBeGreaterThan(100);
    expect(await page.locator('#timeline-chart rect.step').count()).toBe(4);
    const bar = await page.locator('#timeline-chart rect.step').first().boundingBox();
    expect(bar!.width).toBeGreaterThan(0);
    expect(await page.locator('#timeline-chart g.marker').count()).toBeGreaterThanOrEqual(2);
  });

  it('renders the evidence table with one row per artifact', async () => {
    const table = await page.locator('#evidence-table').boundingBox();
    expect(table!.width).toBeGreaterThan(0);
    expect(table!.height).toBeGreaterThan(0);
    expect(await page.locator('#evidence-table tbody tr').count()).toBe(2);
    expect(await page.locator('#evidence-table tbody tr').first().innerText()).toContain('inspect-web-1.json');
  });

  it("shows the approvers' comments as text, not markup", async () => {
    expect(await page.locator('#approvals').innerText()).toContain('image digest checked | rebuild <now>');
  });

  it('saves a readable full-page screenshot in the test temp dir (irctl-report-shot-*/report.png)', () => {
    const png = readFileSync(screenshot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  });

  it('prints to PDF with the print stylesheet', async () => {
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
