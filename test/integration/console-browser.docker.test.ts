import type Docker from 'dockerode';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIncident } from '../../src/engine/incidents.js';
import { journalFor } from '../../src/engine/journal.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { ALERT_FIXTURES, eventually, startHarness, type Harness } from './server-harness.js';

// The responder console in Debian's chromium: sign in, watch an alert-opened incident appear
// without a reload, approve a quorum-2 gate as two people and watch the run go on; a viewer sees
// no approve button and is refused when forging the post; a cross-site post is refused; every
// attacker-written string is text; nothing is fetched from anywhere but the console.

const CHROMIUM = '/usr/bin/chromium';
// Markup planted in everything an attacker or a container can write. If any of it became an
// element, the ids below would be found (and the img would request "x" from the console).
const PLANT = {
  summary: '<img id="planted-summary" src="x">summary',
  note: '<b id="planted-note">note</b><script id="planted-script">window.pwned=1</script>',
  label: '<svg id="planted-label" onload="window.pwned=1"></svg>',
  comment: '<img id="planted-comment" src="x" onerror="window.pwned=1">ok by me',
};
const PLANTED_IDS = ['planted-summary', 'planted-note', 'planted-script', 'planted-label', 'planted-comment'];

describe('irctl console in headless Chromium', () => {
  let harness: Harness;
  let docker: Docker;
  let victim: Docker.Container;
  let browser: Browser;
  let base: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  let shots: string;
  let contained: string; // an incident on a real container, waiting at an admin gate

  async function signedIn(key: string, seen: string[] = requests): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    context.on('request', (request) => seen.push(request.url()));
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() === 401) pageErrors.push(`401 ${response.url()} ${response.request().headers().cookie ?? 'no cookie'}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 403')) pageErrors.push(`${message.text()} ${message.location().url} on ${page.url()}`);
    });
    await page.goto(`${base}/ui/`);
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/ui/`);
    return page;
  }

  async function postAlert(path: string, body: unknown): Promise<string> {
    const reply = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${harness.keys.admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await reply.json()) as { alerts: { outcomes: { incidentId: string }[] }[] };
    expect(reply.status).toBe(202);
    return json.alerts[0]!.outcomes[0]!.incidentId;
  }

  /** A new incident of console-gate (quorum 2), with markup in the alert's summary and label. */
  const openGated = () => postAlert('/v1/alerts/generic', { rule: 'console-gate', container: uniqueName('web'), summary: PLANT.summary, labels: { note: PLANT.note } });
  const waitingAtGate = (id: string) => eventually(`${id} to wait at its gate`, () => (getIncident(harness.services.db, id).status === 'waiting' ? true : undefined));
  const plantedElements = (page: Page) => page.evaluate((ids) => ids.filter((id) => document.getElementById(id)).length + document.querySelectorAll('[onerror],[onload]').length, PLANTED_IDS);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/ensure-chromium.sh (npm test does)`);
    harness = await startHarness({ runbooks: ['console-gate.yaml', 'falco-shell-contain.yaml'], rateLimitPerMinute: 10_000 });
    base = (await harness.server.app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1');
    docker = testDocker();
    victim = await startVictim(docker, { name: uniqueName('console-victim'), labels: { 'irctl.console-note': PLANT.label } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    shots = mkdtempSync(join(tmpdir(), 'irctl-console-shots-'));
    console.log(`console screenshots: ${shots}`);
    const event = JSON.parse(readFileSync(join(ALERT_FIXTURES, 'falco/falco-docs-terminal-shell-critical.json'), 'utf8'));
    event.output_fields['container.id'] = (await victim.inspect()).Id.slice(0, 12);
    contained = await postAlert('/v1/alerts/falco', event);
    await waitingAtGate(contained);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    if (victim) await removeQuietly(victim);
    await harness?.close();
    if (harness) await docker.getNetwork(harness.quarantine).remove().catch(() => undefined);
  });

  it('shows an alert-opened incident without a reload, and two operators approve its quorum-2 gate', async () => {
    const alice = await signedIn(harness.keys.admin);
    await alice.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    const gated = await openGated();
    await waitingAtGate(gated);
    const row = alice.locator(`#incident-list tr[data-incident="${gated}"]`);
    await row.getByText('approve-recovery').waitFor();
    expect(await alice.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true); // no reload happened
    await alice.setViewportSize({ width: 375, height: 800 });
    await alice.screenshot({ path: join(shots, 'list-375.png'), fullPage: true });
    await alice.setViewportSize({ width: 1280, height: 900 });
    await alice.screenshot({ path: join(shots, 'list-1280.png'), fullPage: true });

    await row.getByRole('link', { name: gated }).click();
    await alice.waitForURL(`${base}/ui/incidents/${gated}`);
    const gate = alice.locator('#gate');
    await expect.poll(() => gate.innerText()).toContain('Quorum: 0 of 2');
    // what approving will do: the next step and its resolved parameters, as dry run shows them
    expect(await gate.innerText()).toContain('recover: core.log');
    expect(await gate.locator('pre').first().innerText()).toContain(`recovering`);
    expect(await gate.locator('pre').first().innerText()).toContain(JSON.stringify(PLANT.note).slice(1, -1)); // the params as JSON

    await alice.getByLabel(/Comment/).fill(PLANT.comment);
    await alice.getByRole('button', { name: 'Approve' }).click();
    await alice.getByText('Your decision is recorded').waitFor();
    expect(await gate.innerText()).toContain('Quorum: 1 of 2');
    expect(await gate.getByRole('button', { name: 'Approve' }).count()).toBe(0); // a quorum needs another person
    await alice.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    const bob = await signedIn(harness.keys.operator);
    await bob.goto(`${base}/ui/incidents/${gated}`);
    expect(await bob.locator('#gate').innerText()).toContain('Quorum: 1 of 2');
    await bob.getByRole('button', { name: 'Approve' }).click();
    await bob.getByText('Quorum reached').waitFor();

    // alice's page follows the run to its end by itself
    await alice.locator('#summary').getByText('succeeded').waitFor({ timeout: 20_000 });
    expect(await alice.locator('#gate').count()).toBe(0);
    expect(await alice.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    const finished = journalFor(harness.services.db, gated).filter((step) => step.status === 'finished').map((step) => step.step_id);
    expect(finished).toEqual(['note', 'recover']);
    const decisions = harness.services.db.prepare('SELECT actor, decision FROM approvals WHERE incident_id = ? ORDER BY at').all(gated);
    expect(decisions).toEqual([{ actor: 'alice', decision: 'approve' }, { actor: 'bob', decision: 'approve' }]);
    expect(await alice.locator('#incident-live').innerText()).toContain(PLANT.comment);

    await alice.setViewportSize({ width: 375, height: 800 });
    await alice.screenshot({ path: join(shots, 'incident-375.png'), fullPage: true });
    await alice.setViewportSize({ width: 1280, height: 900 });
    await alice.screenshot({ path: join(shots, 'incident-1280.png'), fullPage: true });
    for (const name of ['list-375.png', 'list-1280.png', 'incident-375.png', 'incident-1280.png']) {
      expect(readFileSync(join(shots, name)).subarray(1, 4).toString()).toBe('PNG');
    }
    expect(requests.filter((url) => new URL(url).origin !== new URL(base).origin)).toEqual([]);
  }, 90_000);

  it('shows the containment of a real container, and a viewer gets no approve button and a 403 for a forged post', async () => {
    const vic = await signedIn(harness.keys.viewer);
    await vic.goto(`${base}/ui/incidents/${contained}`);
    const containment = await vic.locator('#incident-live section[aria-labelledby="h-containment"]').innerText();
    expect(containment).toContain('paused');
    expect(containment).toContain(`${harness.quarantine} (quarantined)`);
    expect(containment).toContain(PLANT.label);
    expect(await vic.locator('#gate').innerText()).toContain('may read this incident but not decide gates');
    expect(await vic.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await plantedElements(vic)).toBe(0);

    const csrf = await vic.locator('input[name=csrf]').first().inputValue();
    const forged = await vic.request.post(`${base}/ui/incidents/${contained}/decide`, {
      headers: { origin: base },
      form: { csrf, decision: 'approve', step: 'approve-close', comment: 'forged' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('needs the operator role');
    expect(harness.services.db.prepare('SELECT COUNT(*) AS n FROM approvals WHERE incident_id = ?').get(contained)).toEqual({ n: 0 });
  }, 90_000);

  it('refuses a cross-site form post and a post without the session token (CSRF)', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/ui/sign-in`);
    await page.getByLabel('API key').fill(harness.keys.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/ui/`);
    // the attacker's page, on another site, posts a form to the console as soon as it loads
    await context.route('http://attacker.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form id="f" method="post" action="${base}/ui/incidents/${contained}/decide"><input name="decision" value="approve"><input name="step" value="approve-close"></form><script>document.getElementById('f').submit()</script>`,
      }),
    );
    const refused = page.waitForResponse((response) => response.url().endsWith('/decide'));
    await page.goto('http://attacker.test/win-a-prize');
    expect((await refused).status()).toBe(403);
    expect(await page.locator('body').innerText()).toContain('not posted from the console');

    const tokenless = await page.request.post(`${base}/ui/incidents/${contained}/decide`, { headers: { origin: base }, form: { decision: 'approve', step: 'approve-close' }, maxRedirects: 0 });
    expect(tokenless.status()).toBe(403);
    expect(await tokenless.text()).toContain('form token');
    expect(harness.services.db.prepare('SELECT COUNT(*) AS n FROM approvals WHERE incident_id = ?').get(contained)).toEqual({ n: 0 });
  }, 60_000);

  it('escapes every planted string, sends a CSP without inline script, and makes no request to another origin', async () => {
    const gated = await openGated();
    await waitingAtGate(gated);
    const decided = await fetch(`${base}/v1/incidents/${gated}/approvals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.keys.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve', comment: PLANT.comment }),
    });
    expect(decided.status).toBe(200);
    const seen: string[] = [];
    const page = await signedIn(harness.keys.admin, seen);
    for (const path of ['/ui/', `/ui/incidents/${gated}`, `/ui/incidents/${contained}`]) {
      const response = await page.goto(`${base}${path}`);
      const csp = response!.headers()['content-security-policy']!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(await page.locator('script:not([src])').count()).toBe(0);
      expect(await plantedElements(page)).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    }
    const gatedText = await (await page.goto(`${base}/ui/incidents/${gated}`), page.locator('main').innerText());
    for (const text of [PLANT.summary, PLANT.note, PLANT.comment]) expect(gatedText).toContain(text);

    const own = new URL(base).origin;
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((url) => new URL(url).origin !== own)).toEqual([]);
    expect(seen.some((url) => url.endsWith('/x'))).toBe(false); // no planted img was ever loaded
    expect(pageErrors, pageErrors.join("\n")).toEqual([]);
  }, 60_000);

});
