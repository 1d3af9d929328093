import type Docker from 'dockerode';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIncident } from '../../src/engine/incidents.js';
import { journalFor } from '../../src/engine/journal.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { ALERT_FIXTURES, eventually, startHarness, type Harness } from './server-harness.js';

// The responder console in Debian's chromium: sign in, watch an alert-opened incident appear
// without a reload, approve a quorum-2 gate as two people and watch the run go on; a viewer sees
// no approve button and is refused when forging the post; a cross-site post is refused; every
// attacker-written string is text; nothing is fetched from anywhere but the console.

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
  const victims: Docker.Container[] = [];
  let browser: Browser;
  let base: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  let shots: string;
  let contained: string; // an incident on a real container, waiting at an admin gate
  let alice: Page; // admin
  let bob: Page; // operator
  let vic: Page; // viewer

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
      // ERR_NETWORK_CHANGED: Chromium drops loads in flight when any interface changes, and other
      // tests create and remove Docker networks (bridges) on this host all the time
      const environmental = message.text().includes('status of 403') || message.text().includes('net::ERR_NETWORK_CHANGED');
      if (message.type() === 'error' && !environmental) pageErrors.push(`${message.text()} ${message.location().url} on ${page.url()}`);
    });
    await page.goto(`${base}/ui/`);
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/ui/`);
    return page;
  }

  async function postAlert(path: string, body: unknown): Promise<string> {
    const reply = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await reply.json()) as { alerts: { outcomes: { incidentId: string }[] }[] };
    expect(reply.status).toBe(202);
    return json.alerts[0]!.outcomes[0]!.incidentId;
  }

  /** A new incident of console-gate (quorum 2), with markup in the alert's summary and label. */
  const openGated = async () => {
    // intake opens incidents only for real containers in scope (labelled irctl.protect=true)
    const web = await startVictim(docker, { name: uniqueName('console-web'), labels: { 'irctl.protect': 'true', 'irctl.console-note': PLANT.label } });
    victims.push(web);
    return postAlert('/v1/alerts/generic', {
      rule: 'console-gate',
      container: (await web.inspect()).Name.slice(1),
      summary: PLANT.summary,
      labels: { note: PLANT.note },
    });
  };
  const waitingAtGate = (id: string) =>
    eventually(`${id} to wait at its gate`, () => (getIncident(harness.services.db, id).status === 'waiting' ? true : undefined));
  const plantedElements = (page: Page) =>
    page.evaluate((ids) => ids.filter((id) => document.getElementById(id)).length + document.querySelectorAll('[onerror],[onload]').length, PLANTED_IDS);

  beforeAll(async () => {
    harness = await startHarness({ runbooks: ['console-gate.yaml', 'falco-shell-contain.yaml'], rateLimitPerMinute: 10_000 });
    base = (await harness.server.app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1');
    docker = testDocker();
    victim = await startVictim(docker, { name: uniqueName('console-victim'), labels: { 'irctl.protect': 'true', 'irctl.console-note': PLANT.label } });
    browser = await launchChromium();
    shots = mkdtempSync(join(tmpdir(), 'irctl-console-shots-'));
    console.log(`console screenshots: ${shots}`);
    const event = JSON.parse(readFileSync(join(ALERT_FIXTURES, 'falco/falco-docs-terminal-shell-critical.json'), 'utf8')) as {
      output_fields: Record<string, unknown>;
    };
    event.output_fields['container.id'] = (await victim.inspect()).Id.slice(0, 12);
    contained = await postAlert('/v1/alerts/falco', event);
    [alice, bob, vic] = await Promise.all([signedIn(harness.keys.admin), signedIn(harness.keys.operator), signedIn(harness.keys.viewer)]);
    await waitingAtGate(contained);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    if (victim) await removeQuietly(victim);
    await Promise.all(victims.map(removeQuietly));
    await harness?.close();
    if (harness)
      await docker
        .getNetwork(harness.quarantine)
        .remove()
        .catch(() => undefined);
  });

  /** Sign in, watch a new incident appear, approve its quorum-2 gate as alice then bob, follow the run to its end. */
  async function approveFlow() {
    await alice.goto(`${base}/ui/`);
    await alice.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const gated = await openGated();
    await waitingAtGate(gated);
    const row = alice.locator(`#incident-list tr[data-incident="${gated}"]`);
    await row.getByText('approve-recovery').waitFor();
    const listedWithoutReload = await alice.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
    await shoot(alice, 'list');

    await row.getByRole('link', { name: gated }).click();
    await alice.waitForURL(`${base}/ui/incidents/${gated}`);
    const gate = alice.locator('#gate');
    const gateBefore = await gate.innerText();
    const planned = await gate.locator('pre').first().innerText();
    await alice.getByLabel(/Comment/).fill(PLANT.comment);
    await alice.getByRole('button', { name: 'Approve' }).click();
    await alice.getByText('Your decision is recorded').waitFor();
    const gateAfterAlice = await gate.innerText();
    const aliceButtonsAfter = await gate.getByRole('button', { name: 'Approve' }).count();
    await alice.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    await bob.goto(`${base}/ui/incidents/${gated}`);
    const gateSeenByBob = await bob.locator('#gate').innerText();
    await bob.getByRole('button', { name: 'Approve' }).click();
    await bob.getByText('Quorum reached').waitFor();

    // alice's page follows the run to its end by itself
    await alice.locator('#summary').getByText('succeeded').waitFor();
    const gateGoneForAlice = (await alice.locator('#gate').count()) === 0;
    const followedWithoutReload = await alice.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
    const liveText = await alice.locator('#incident-live').innerText();
    await shoot(alice, 'incident');
    return {
      gated,
      listedWithoutReload,
      gateBefore,
      planned,
      gateAfterAlice,
      aliceButtonsAfter,
      gateSeenByBob,
      gateGoneForAlice,
      followedWithoutReload,
      liveText,
    };
  }

  const overflow: Record<string, number> = {}; // page width beyond the viewport, per screenshot

  /** Full-page screenshots at 375 px and 1280 px, kept in the test's temp dir. */
  async function shoot(page: Page, name: string) {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
      overflow[`${name}-${width}`] = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    }
  }

  /** The viewer reads the contained incident, then forges the approve post with its own session and token. */
  async function viewerFlow() {
    await vic.goto(`${base}/ui/incidents/${contained}`);
    const containment = await vic.locator('#incident-live section[aria-labelledby="h-containment"]').innerText();
    const gate = await vic.locator('#gate').innerText();
    const approveButtons = await vic.getByRole('button', { name: 'Approve' }).count();
    const planted = await plantedElements(vic);
    const csrf = await vic.locator('input[name=csrf]').first().inputValue();
    const forged = await vic.request.post(`${base}/ui/incidents/${contained}/decide`, {
      headers: { origin: base },
      form: { csrf, decision: 'approve', step: 'approve-close', comment: 'forged' },
      maxRedirects: 0,
    });
    return { containment, gate, approveButtons, planted, forgedStatus: forged.status(), forgedText: await forged.text() };
  }

  /** Signed in as admin, the browser visits an attacker's page that posts a form to the console; then a post without the token. */
  async function csrfFlow() {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/ui/sign-in`);
    await page.getByLabel('API key').fill(harness.keys.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/ui/`);
    await context.route('http://attacker.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form id="f" method="post" action="${base}/ui/incidents/${contained}/decide"><input name="decision" value="approve"><input name="step" value="approve-close"></form><script>document.getElementById('f').submit()</script>`,
      }),
    );
    const refused = page.waitForResponse((response) => response.url().endsWith('/decide'));
    await page.goto('http://attacker.test/win-a-prize');
    const crossSiteStatus = (await refused).status();
    const crossSiteText = await page.locator('body').innerText();
    const tokenless = await page.request.post(`${base}/ui/incidents/${contained}/decide`, {
      headers: { origin: base },
      form: { decision: 'approve', step: 'approve-close' },
      maxRedirects: 0,
    });
    return { crossSiteStatus, crossSiteText, tokenlessStatus: tokenless.status(), tokenlessText: await tokenless.text() };
  }

  /** A fresh admin context walks the pages holding planted markup, recording every request it makes. */
  async function escapeFlow() {
    const gated = await openGated();
    await waitingAtGate(gated);
    const decided = await fetch(`${base}/v1/incidents/${gated}/approvals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.keys.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve', comment: PLANT.comment }),
    });
    if (decided.status !== 200) throw new Error(`the API approval failed: ${decided.status}`);
    const seen: string[] = [];
    const page = await signedIn(harness.keys.admin, seen);
    const pages = [];
    for (const path of ['/ui/', `/ui/incidents/${gated}`, `/ui/incidents/${contained}`]) {
      const response = await page.goto(`${base}${path}`);
      pages.push({
        path,
        csp: response!.headers()['content-security-policy'],
        inlineScripts: await page.locator('script:not([src])').count(),
        planted: await plantedElements(page),
        pwned: await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
        text: await page.locator('main').innerText(),
      });
    }
    return { pages, seen };
  }

  let approved: Awaited<ReturnType<typeof approveFlow>>;
  let viewer: Awaited<ReturnType<typeof viewerFlow>>;
  let forgery: Awaited<ReturnType<typeof csrfFlow>>;
  let escaped: Awaited<ReturnType<typeof escapeFlow>>;

  // The browser work runs once, up front, as in the HTML report test: on a loaded machine a page
  // takes seconds, and the tests below only read what was seen.
  beforeAll(async () => {
    approved = await approveFlow();
    viewer = await viewerFlow();
    forgery = await csrfFlow();
    escaped = await escapeFlow();
  }, 240_000);

  it('shows an alert-opened incident without a reload, and two operators approve its quorum-2 gate', () => {
    expect(approved.listedWithoutReload).toBe(true);
    expect(approved.gateBefore).toContain('Quorum: 0 of 2');
    // what approving will do: the next step and its resolved parameters, as dry run shows them
    expect(approved.gateBefore).toContain('recover: core.log');
    expect(approved.planned).toContain('recovering');
    expect(approved.planned).toContain(JSON.stringify(PLANT.note).slice(1, -1)); // the params as JSON
    expect(approved.gateAfterAlice).toContain('Quorum: 1 of 2');
    expect(approved.aliceButtonsAfter).toBe(0); // a quorum needs another person
    expect(approved.gateSeenByBob).toContain('Quorum: 1 of 2');
  });

  it('follows the run on after the quorum is reached, on the page of the first approver, without a reload', () => {
    expect(approved.gateGoneForAlice).toBe(true);
    expect(approved.followedWithoutReload).toBe(true);
    expect(approved.liveText).toContain(PLANT.comment);
    const finished = journalFor(harness.services.db, approved.gated)
      .filter((step) => step.status === 'finished')
      .map((step) => step.step_id);
    expect(finished).toEqual(['note', 'recover']);
    expect(getIncident(harness.services.db, approved.gated).status).toBe('succeeded');
    const decisions = harness.services.db.prepare('SELECT actor, decision FROM approvals WHERE incident_id = ? ORDER BY at').all(approved.gated);
    expect(decisions).toEqual([
      { actor: 'alice', decision: 'approve' },
      { actor: 'bob', decision: 'approve' },
    ]);
  });

  it('saves screenshots at 375 px and 1280 px (path printed above)', () => {
    for (const name of ['list-375.png', 'list-1280.png', 'incident-375.png', 'incident-1280.png']) {
      expect(readFileSync(join(shots, name)).subarray(1, 4).toString()).toBe('PNG');
    }
    expect(overflow).toEqual({ 'list-375': 0, 'list-1280': 0, 'incident-375': 0, 'incident-1280': 0 }); // nothing scrolls sideways
  });

  it('shows the containment of a real container from the engine: paused, quarantined, its labels as text', () => {
    expect(viewer.containment).toContain('paused');
    expect(viewer.containment).toContain(`${harness.quarantine} (quarantined)`);
    expect(viewer.containment).toContain(PLANT.label);
    expect(viewer.planted).toBe(0);
  });

  it('gives a viewer no approve button and refuses its forged post with 403', () => {
    expect(viewer.gate).toContain('may read this incident but not decide gates');
    expect(viewer.approveButtons).toBe(0);
    expect(viewer.forgedStatus).toBe(403);
    expect(viewer.forgedText).toContain('needs the operator role');
  });

  it('refuses a cross-site form post and a post without the session token (CSRF)', () => {
    expect(forgery.crossSiteStatus).toBe(403);
    expect(forgery.crossSiteText).toContain('not posted from the console');
    expect(forgery.tokenlessStatus).toBe(403);
    expect(forgery.tokenlessText).toContain('form token');
    expect(harness.services.db.prepare('SELECT COUNT(*) AS n FROM approvals WHERE incident_id = ?').get(contained)).toEqual({ n: 0 });
  });

  it('sends a CSP that forbids inline script, and serves none', () => {
    for (const page of escaped.pages) {
      expect(page.csp).toContain("script-src 'self'");
      expect(page.csp).toContain("default-src 'none'");
      expect(page.csp).not.toContain('unsafe-inline');
      expect(page.inlineScripts).toBe(0);
    }
  });

  it('shows every planted string as text: no element is created, no script runs', () => {
    for (const page of escaped.pages) {
      expect(page.planted, page.path).toBe(0);
      expect(page.pwned, page.path).toBeUndefined();
    }
    for (const text of [PLANT.summary, PLANT.note, PLANT.comment]) expect(escaped.pages[1]!.text).toContain(text);
    expect(escaped.pages[2]!.text).toContain(PLANT.label);
  });

  it('makes no request to any other origin, and logs no page error', () => {
    const own = new URL(base).origin;
    expect(escaped.seen.length).toBeGreaterThan(10);
    expect([...escaped.seen, ...requests].filter((url) => new URL(url).origin !== own)).toEqual([]);
    expect(escaped.seen.some((url) => url.endsWith('/x'))).toBe(false); // no planted img was ever loaded
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });
});
