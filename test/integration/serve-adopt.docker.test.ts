import Database from 'better-sqlite3';
import type Docker from 'dockerode';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnIrctl } from '../helpers/cli-process.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { eventually, SERVER_RUNBOOKS } from './server-harness.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// irctl serve is SIGKILLed while an incident waits at a gate; the gate's deadlines pass while it is
// down. The next serve adopts the incident (its driver is dead), fires the late deadlines once, in
// order, and the runbook's on_timeout releases the isolation.

const docker = testDocker();
const victims: Docker.Container[] = [];
const quarantine = uniqueName('irctl-q');
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;

afterAll(async () => {
  await Promise.all(victims.map(removeQuietly));
  await docker
    .getNetwork(quarantine)
    .remove()
    .catch(() => undefined);
  await hooks?.close();
});

function workspace(webhook: string) {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-adopt-'));
  const home = join(dir, 'home');
  const runbooks = join(dir, 'runbooks');
  mkdirSync(home, { recursive: true });
  mkdirSync(runbooks);
  writeFileSync(join(home, 'config.yaml'), `quarantine_network: ${quarantine}\nnotify:\n  webhook: ${webhook}\n`);
  writeFileSync(join(home, 'roles.yaml'), 'actors:\n  alice: admin\n');
  // the fixture with deadlines far enough out to kill the server before they fall due (it is killed
  // tens of ms after the gate opens; 2 s and 4 s leave a wide margin, and every second is waited out)
  const gate = readFileSync(join(SERVER_RUNBOOKS, 'unattended-gate.yaml'), 'utf8').replace('after: 1s', 'after: 2s').replace('timeout: 3s', 'timeout: 4s');
  writeFileSync(join(runbooks, 'unattended-gate.yaml'), gate);
  return { home, args: ['--home', home, '--evidence-dir', join(dir, 'evidence'), '--runbooks', runbooks, '--as', 'alice'] };
}

function serve(args: string[]) {
  const child = spawnIrctl([...args, 'serve', '--port', '0', '--insecure-no-auth']);
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, closed, url: () => eventually('serve to listen', () => /listening on (http:\/\/[^\s]+)/.exec(child.output())?.[1], 60_000) };
}

function query<T>(home: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(home, 'irctl.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('irctl serve after a SIGKILL at a gate', LONG, () => {
  it('adopts the incident on start, fires the deadlines that passed once and in order, and ends it as the runbook says', async () => {
    hooks = await startWebhookReceiver();
    const ws = workspace(`${hooks.base}/hook`);
    const victim = await startVictim(docker, { labels: { 'irctl.protect': 'true' } }); // opted in: the default scope
    victims.push(victim);
    const before = Object.keys((await victim.inspect()).NetworkSettings.Networks ?? {});
    const name = (await victim.inspect()).Name.replace(/^\//, '');

    const first = serve(ws.args);
    const url = await first.url();
    const reply = await fetch(`${url}/v1/alerts/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rule: 'unattended-gate', container: name }),
    });
    expect(reply.status).toBe(202);
    const incidentId = (await reply.json()).alerts[0].outcomes[0].incidentId as string;
    await eventually(
      'the gate to wait',
      () =>
        query<{ status: string; current_step: string }>(ws.home, 'SELECT status, current_step FROM incidents WHERE id = ?', incidentId)[0]?.current_step ===
        'keep-contained'
          ? true
          : undefined,
      60_000,
    );
    first.child.kill('SIGKILL');
    await first.closed;
    const killedAt = Date.now();

    const gateDeadlines = () =>
      query<{ kind: string; due_at: number; fired_at: number | null }>(
        ws.home,
        "SELECT kind, due_at, fired_at FROM deadlines WHERE incident_id = ? AND step_id = 'keep-contained' ORDER BY due_at",
        incidentId,
      );
    const timeout = gateDeadlines().find((row) => row.kind === 'approval_timeout')!;
    expect(timeout.fired_at).toBeNull(); // killed before it was due
    // both deadlines fall due while no server runs
    await eventually('the timeout to be overdue', () => (Date.now() > timeout.due_at + 200 ? true : undefined));
    expect(query(ws.home, 'SELECT runner_id FROM incidents WHERE id = ? AND runner_id IS NOT NULL', incidentId)).toHaveLength(1); // the dead server's lease

    const second = serve(ws.args);
    try {
      await second.url();
      await eventually(
        'the incident to end',
        () =>
          ['rolled_back', 'failed'].includes(query<{ status: string }>(ws.home, 'SELECT status FROM incidents WHERE id = ?', incidentId)[0]!.status)
            ? true
            : undefined,
        60_000,
      );
      expect(query<{ status: string }>(ws.home, 'SELECT status FROM incidents WHERE id = ?', incidentId)[0]!.status).toBe('rolled_back');
      const fired = gateDeadlines();
      expect(fired.map((row) => row.kind)).toEqual(['escalation', 'approval_timeout']);
      const [escalation, late] = fired as [(typeof fired)[0], (typeof fired)[0]];
      expect(late.fired_at).toBeGreaterThan(killedAt); // fired by the second server, late
      expect(escalation.fired_at!).toBeLessThanOrEqual(late.fired_at!); // in order
      await eventually('the notifications', () => (hooks!.delivered('/hook', 'rolled_back', incidentId).length ? true : undefined));
      expect(hooks.delivered('/hook', 'escalated', incidentId).filter((r) => r.body.step_id === 'keep-contained')).toHaveLength(1);
      expect(hooks.delivered('/hook', 'timed_out', incidentId)).toHaveLength(1);
      expect(Object.keys((await victim.inspect()).NetworkSettings.Networks ?? {})).toEqual(before);
      expect(query<{ kind: string }>(ws.home, "SELECT kind FROM timeline WHERE incident_id = ? AND kind = 'run_resumed'", incidentId)).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.closed;
    }
  }, 150_000); // two server start-ups, each a whole process (slow on a loaded machine)
});
