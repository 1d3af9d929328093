import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type Docker from 'dockerode';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIrctl } from '../helpers/cli-process.js';
import { irctl as inProcess } from '../helpers/run-cli.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// Pre-flight on the real engine: `irctl run` checks the Docker hosts and containers a runbook
// will use before it opens an incident, so a typo or a wrong DOCKER_HOST records nothing.
const RUNBOOK = {
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'preflight-check',
  severity: 'critical',
  inputs: { container: { required: true } },
  steps: [
    { id: 'inspect', phase: 'evidence', uses: 'evidence.inspect', with: { container: '${{ inputs.container }}' } },
    { id: 'note', uses: 'core.log', with: { message: 'inspected' } },
  ],
};

interface Workspace {
  home: string;
  runbook: string;
  /** irctl as a child process, for the tests that point its DOCKER_HOST elsewhere */
  irctl(args: string[], env?: Record<string, string>): Promise<{ code: number | null; output: string }>;
  /** irctl in-process (the same main()), on this process's DOCKER_HOST */
  inProcess(args: string[]): Promise<{ code: number | null; output: string }>;
  count(table: 'incidents' | 'custody_records'): number;
}

async function workspace(): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-preflight-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  writeFileSync(join(home, 'roles.yaml'), 'actors:\n  responder: operator\n');
  const runbook = join(dir, 'preflight-check.yaml');
  writeFileSync(runbook, stringify(RUNBOOK));
  const ws: Workspace = {
    home,
    runbook,
    irctl: (args, env = {}) => runIrctl(['--home', home, '--evidence-dir', join(dir, 'evidence'), '--as', 'responder', ...args], env),
    inProcess: (args) => inProcess(['--home', home, '--evidence-dir', join(dir, 'evidence'), '--as', 'responder', ...args]),
    count: (table) => {
      const db = new Database(join(home, 'irctl.db'), { readonly: true });
      try {
        return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
  };
  // open the store first, so "nothing recorded" is read from a store that exists
  const listed = await inProcess(['--home', home, '--as', 'responder', 'incidents']);
  expect(listed.code, listed.output).toBe(0);
  return ws;
}

/** An HTTP server on the loopback that answers every request, but is not a Docker engine. */
async function httpServer(reply: (res: import('node:http').ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => reply(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

// concurrent: each test has its own workspace and processes, and mostly waits on them
describe.concurrent('pre-flight before irctl run opens an incident', LONG, () => {
  const docker = testDocker();
  const name = uniqueName('pf-web');
  let victim: Docker.Container;
  const servers: Server[] = [];

  beforeAll(async () => {
    victim = await startVictim(docker, { name });
  });

  afterAll(async () => {
    await removeQuietly(victim);
    for (const server of servers) server.close();
  });

  it('refuses a typo’d container with exit 5, suggests the running name, and records no incident and no custody', async () => {
    const ws = await workspace();
    const typo = `${name.slice(0, -1)}x`;
    const run = await ws.inProcess(['run', ws.runbook, '-i', `container=${typo}`]);
    expect(run.code, run.output).toBe(5);
    expect(run.output).toContain(`container "${typo}" not found on host "local" (did you mean "${name}"?)`);
    expect(run.output).toContain(`ps --format '{{.Names}}'`);
    expect(run.output).toContain('no incident was opened');
    expect(ws.count('incidents')).toBe(0);
    expect(ws.count('custody_records')).toBe(0);
  });

  it('reports the same missing container in --dry-run', async () => {
    const ws = await workspace();
    const run = await ws.inProcess(['run', ws.runbook, '-i', 'container=pf-nothing-here', '--dry-run']);
    expect(run.code, run.output).toBe(5);
    expect(run.output).toContain('container "pf-nothing-here" not found on host "local"');
    expect(run.output).not.toContain('dry run of');
  });

  it('passes a container that exists, so the dry run prints its plan', async () => {
    const ws = await workspace();
    const run = await ws.inProcess(['run', ws.runbook, '-i', `container=${name}`, '--dry-run']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('dry run of preflight-check');
  });

  it('refuses an unreachable DOCKER_HOST with exit 6 and a hint naming DOCKER_HOST, recording nothing', async () => {
    const ws = await workspace();
    const closed = await httpServer(() => undefined);
    closed.server.close(); // the port was free a moment ago: nothing listens there now
    const run = await ws.irctl(['run', ws.runbook, '-i', `container=${name}`], { DOCKER_HOST: closed.url });
    expect(run.code, run.output).toBe(6);
    expect(run.output).toContain(`Docker host "local" at ${closed.url} is unreachable`);
    expect(run.output).toContain(`DOCKER_HOST is ${closed.url}`);
    expect(run.output).toContain(join(ws.home, 'config.yaml'));
    expect(ws.count('incidents')).toBe(0);
  });

  it('says an HTTP server that is not Docker is not a Docker engine (exit 6), instead of "container not found"', async () => {
    const ws = await workspace();
    const web = await httpServer((res) => res.end('<html>welcome</html>'));
    servers.push(web.server);
    const run = await ws.irctl(['run', ws.runbook, '-i', `container=${name}`], { DOCKER_HOST: web.url });
    expect(run.code, run.output).toBe(6);
    expect(run.output).toContain(`${web.url} (Docker host "local") is not a Docker engine`);
    expect(run.output).not.toContain('not found');
    expect(ws.count('incidents')).toBe(0);
  });

  it('does not take a server that answers "OK" without an Api-Version header for a Docker engine', async () => {
    const ws = await workspace();
    const fake = await httpServer((res) => res.end('OK'));
    servers.push(fake.server);
    const run = await ws.irctl(['--json', 'run', ws.runbook, '-i', `container=${name}`], { DOCKER_HOST: fake.url });
    expect(run.code, run.output).toBe(6);
    const error = JSON.parse(run.output.trim().split('\n').pop()!).error;
    expect(error).toMatchObject({ code: 'DOCKER_UNREACHABLE', details: { reason: 'not_a_docker_engine', url: fake.url } });
    expect(error.message).toContain('no Api-Version header');
  });

  it('names the config file entry when a configured host is wrong', async () => {
    const ws = await workspace();
    const web = await httpServer((res) => {
      res.statusCode = 404;
      res.end('no such page');
    });
    servers.push(web.server);
    writeFileSync(join(ws.home, 'config.yaml'), stringify({ hosts: { 'prod-a': { url: web.url } } }));
    writeFileSync(ws.runbook, stringify({ ...RUNBOOK, steps: [{ ...RUNBOOK.steps[0], with: { container: '${{ inputs.container }}', host: 'prod-a' } }] }));
    const run = await ws.inProcess(['run', ws.runbook, '-i', `container=${name}`]);
    expect(run.code, run.output).toBe(6);
    expect(run.output).toContain('answered /_ping with HTTP 404');
    expect(run.output).toContain(`fix hosts.prod-a.url in ${join(ws.home, 'config.yaml')}`);
  });

  it('lets --no-preflight open the incident anyway, which then fails at its first step', async () => {
    const ws = await workspace();
    const run = await ws.inProcess(['run', ws.runbook, '-i', 'container=pf-appears-later', '--no-preflight']);
    expect(run.code, run.output).toBe(5);
    expect(run.output).toContain('step "inspect" failed');
    expect(ws.count('incidents')).toBe(1);
  });
});
