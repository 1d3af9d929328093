import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

// `irctl runbook graph` output is Mermaid: render it with Mermaid itself in headless Chromium, as
// GitHub and GitLab would, and fail on any parse error.
const RUNBOOKS = fileURLToPath(new URL('../../runbooks/', import.meta.url));
const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
const shipped = readdirSync(RUNBOOKS).filter((file) => file.endsWith('.yaml'));
let browser: Browser;
let page: Page; // one page with Mermaid loaded once (3 MB of script): each test renders in it

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: MERMAID });
});

afterAll(async () => {
  await browser?.close();
});

describe('runbook graphs render with Mermaid', () => {
  it.each(shipped)('%s renders to an SVG with a node for every step', async (file) => {
    const graph = await runCli(['runbook', 'graph', join(RUNBOOKS, file)]);
    expect(graph.code, graph.err).toBe(0);
    const rendered = await page.evaluate(async (text) => {
      const mermaid = (window as unknown as { mermaid: { initialize(o: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const { svg } = await mermaid.render('graph', text);
      document.body.innerHTML = svg; // replaces the previous test's graph
      return { svgLength: svg.length, nodes: document.querySelectorAll('g.node').length };
    }, graph.out);
    expect(rendered.svgLength).toBeGreaterThan(1000);
    const steps = (graph.out.match(/^\s+step\d+[[({]/gm) ?? []).length;
    expect(rendered.nodes).toBeGreaterThanOrEqual(Math.max(steps, 3));
  });
});
