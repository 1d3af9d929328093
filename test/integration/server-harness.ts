// Shared set-up for the irctl serve tests (not a test file itself): a private state directory with
// a config (unique quarantine network, optional webhooks), a roles file, API keys, the fixture
// runbooks, and the server app built in-process.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pino from 'pino';
import { afterEach } from 'vitest';
import { createApiKey } from '../../src/auth/keys.js';
import { loadRunbookFile } from '../../src/runbook/load.js';
import { buildServer, type IrctlServer, type ServerOptions } from '../../src/server/app.js';
import { openServices, type Services } from '../../src/services.js';
import { uniqueName } from '../helpers/docker.js';

export const SERVER_RUNBOOKS = new URL('../fixtures/runbooks/server/', import.meta.url).pathname;
export const ALERT_FIXTURES = new URL('../fixtures/alerts/', import.meta.url).pathname;

export interface Harness {
  server: IrctlServer;
  services: Services;
  home: string;
  quarantine: string;
  keys: { admin: string; operator: string; viewer: string; alerter: string };
  incidentCount(): number;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<ServerOptions, 'services' | 'runbooks'>> {
  runbooks: string[]; // file names under test/fixtures/runbooks/server
  notify?: { webhook?: string; slack_webhook?: string };
  /** More config.yaml text (e.g. an `oncall:` section). */
  config?: string;
  /** Use this state directory (a restart test reopens one). */
  home?: string;
  /** More `actors:` lines for roles.yaml (e.g. "  dave: admin\n"). */
  moreActors?: string;
}

/**
 * For a test file whose tests each start their own harnesses: `start` one, `stop` one before the
 * test ends (a restart), and every one still running is closed after each test.
 */
export function harnessesClosedAfterEach(): { start: (options: HarnessOptions) => Promise<Harness>; stop: (harness: Harness) => Promise<void> } {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const harness of open.splice(0)) await harness.close().catch(() => undefined);
  });
  return {
    start: async (options) => {
      const harness = await startHarness(options);
      open.push(harness);
      return harness;
    },
    stop: async (harness) => {
      open.splice(open.indexOf(harness), 1);
      await harness.close();
    },
  };
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-serve-'));
  const home = options.home ?? join(dir, 'home');
  const quarantine = uniqueName('irctl-q');
  mkdirSync(home, { recursive: true });
  const notify = options.notify
    ? `notify:\n${Object.entries(options.notify)
        .map(([k, v]) => `  ${k}: ${v}`)
        .join('\n')}\n`
    : '';
  writeFileSync(join(home, 'config.yaml'), `quarantine_network: ${quarantine}\n${notify}${options.config ?? ''}`);
  writeFileSync(join(home, 'roles.yaml'), `actors:\n  alice: admin\n  bob: operator\n  vic: viewer\n${options.moreActors ?? ''}`);
  const services = openServices({ home, evidenceDir: join(dir, 'evidence'), as: 'irctl-serve' });
  const keys = {
    // each person makes their own key: a key's maker counts as its holder in a gate's quorum
    admin: createApiKey(services.db, { actor: 'alice', createdBy: 'alice' }).key,
    operator: createApiKey(services.db, { actor: 'bob', createdBy: 'bob' }).key,
    viewer: createApiKey(services.db, { actor: 'vic', createdBy: 'vic' }).key,
    alerter: createApiKey(services.db, { actor: 'falcosidekick', role: 'alerter', createdBy: 'test' }).key,
  };
  const { runbooks, notify: _notify, config: _config, home: _home, moreActors: _moreActors, ...serverOptions } = options;
  const server = await buildServer({
    services,
    // quiet unless asked: IRCTL_LOG_LEVEL=info shows the request, alert and security lines
    log: pino({ level: process.env.IRCTL_LOG_LEVEL ?? 'silent' }),
    runbooks: runbooks.map((file) => loadRunbookFile(join(SERVER_RUNBOOKS, file))),
    ...serverOptions,
  });
  await server.app.ready();
  return {
    server,
    services,
    home,
    quarantine,
    keys,
    incidentCount: () => (services.db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n,
    async close() {
      await server.app.close();
      services.close();
    },
  };
}

/** Poll until `check` returns a value (not undefined), or fail naming what was awaited. */
export async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

/** The value of one sample in Prometheus text output, 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).split(' ')[0]!;
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) return Number(line.split(' ').pop());
  }
  return 0;
}
