import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { spawnIrctl } from '../helpers/cli-process.js';
import { irctl } from '../helpers/run-cli.js';
import { approvalWorkspace } from '../helpers/approvals.js';
import { waitUntilStepStarted } from '../helpers/journal-wait.js';
import { waitUntil } from '../helpers/wait-until.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// A long step that honours its abort signal, and ends at once on the resume once `release` exists.
function longStepRunbook(action: 'evidence.host-command' | 'exec.host', release: string): string {
  return stringify({
    apiVersion: 'irctl/v1',
    kind: 'Runbook',
    name: 'long-watch',
    severity: 'high',
    steps: [
      { id: 'contain', phase: 'containment', uses: 'core.log', with: { message: 'contained' } },
      { id: 'watch', phase: 'recovery', uses: action, with: { command: ['sh', '-c', 'test -e "$0" || exec sleep 120', release] } },
      { id: 'close', uses: 'core.log', with: { message: 'closed' } },
    ],
  });
}

function store(path: string) {
  const db = new Database(path, { readonly: true });
  const read = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
  return { read, close: () => db.close() };
}

const closed = (child: ReturnType<typeof spawnIrctl>) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));

// concurrent: each test has its own workspace and process, and mostly waits on them
describe.concurrent('Ctrl-C during irctl run', LONG, () => {
  it('stops at the step in flight, journals it as interrupted, releases the run, exits 130, and irctl resume finishes it', async () => {
    const ws = approvalWorkspace(longStepRunbook('evidence.host-command', 'unused'));
    const release = join(ws.dir, 'release');
    writeFileSync(ws.runbook, longStepRunbook('evidence.host-command', release));
    const child = spawnIrctl([...ws.args, '--as', 'alice', 'run', ws.runbook]);
    const incidentId = await waitUntilStepStarted(ws.db, 'watch');
    child.kill('SIGINT');
    const ended = await closed(child);

    expect(ended.code, child.output()).toBe(130);
    expect(child.output()).toContain(`interrupted: incident ${incidentId} stopped at step "watch"; continue with: irctl resume ${incidentId}`);
    const db = store(ws.db);
    try {
      expect(db.read('SELECT step_id, status FROM step_journal ORDER BY started_at, attempt')).toEqual([
        { step_id: 'contain', status: 'finished' },
        { step_id: 'watch', status: 'interrupted' },
      ]);
      expect(db.read('SELECT status, current_step, runner_id FROM incidents')).toEqual([{ status: 'running', current_step: 'watch', runner_id: null }]);
      expect(db.read("SELECT step_id, actor FROM timeline WHERE kind = 'run_stopped'")).toEqual([{ step_id: 'watch', actor: 'alice' }]);
    } finally {
      db.close();
    }
    const status = await irctl([...ws.args, '--as', 'alice', 'status', incidentId]);
    expect(status.output).toContain(`stopped at step "watch" by alice (SIGINT); hint: irctl resume ${incidentId}`);
    const listed = await irctl([...ws.args, '--as', 'alice', 'incidents']);
    expect(listed.output).toMatch(new RegExp(`${incidentId}.*stopped.*irctl resume ${incidentId}`));

    writeFileSync(release, '');
    const resumed = await irctl([...ws.args, '--as', 'alice', 'resume', incidentId]);
    expect(resumed.code, resumed.output).toBe(0);
    const after = store(ws.db);
    try {
      expect(after.read("SELECT step_id, status FROM step_journal WHERE step_id IN ('watch', 'close') ORDER BY started_at, attempt")).toEqual([
        { step_id: 'watch', status: 'interrupted' },
        { step_id: 'watch', status: 'finished' },
        { step_id: 'close', status: 'finished' },
      ]);
      expect(after.read('SELECT status FROM incidents')).toEqual([{ status: 'succeeded' }]);
    } finally {
      after.close();
    }
  });

  it('stops a step that is not safe to repeat as needs_decision, and resume --retry-step finishes the run', async () => {
    const ws = approvalWorkspace(longStepRunbook('exec.host', 'unused'));
    const release = join(ws.dir, 'release');
    writeFileSync(ws.runbook, longStepRunbook('exec.host', release));
    const child = spawnIrctl([...ws.args, '--as', 'alice', 'run', ws.runbook]);
    const incidentId = await waitUntilStepStarted(ws.db, 'watch');
    child.kill('SIGTERM');
    const ended = await closed(child);

    expect(ended.code, child.output()).toBe(143); // 128 + SIGTERM
    expect(child.output()).toContain(
      `interrupted: incident ${incidentId} stopped at step "watch"; continue with: irctl resume ${incidentId} --retry-step watch`,
    );
    const db = store(ws.db);
    try {
      expect(db.read("SELECT status FROM step_journal WHERE step_id = 'watch'")).toEqual([{ status: 'interrupted' }]);
      expect(db.read('SELECT status, current_step, runner_id FROM incidents')).toEqual([{ status: 'needs_decision', current_step: 'watch', runner_id: null }]);
    } finally {
      db.close();
    }
    const refused = await irctl([...ws.args, '--as', 'alice', 'resume', incidentId]);
    expect(refused.code, refused.output).toBe(3);
    expect(refused.output).toContain('--retry-step watch');

    writeFileSync(release, '');
    const retried = await irctl([...ws.args, '--as', 'alice', 'resume', incidentId, '--retry-step', 'watch']);
    expect(retried.code, retried.output).toBe(0);
  });

  it('quits at once on a second Ctrl-C while the first is still stopping the step', async () => {
    // a step that shrugs off SIGTERM keeps the first Ctrl-C waiting on it
    const started = join(mkdtempSync(join(tmpdir(), 'irctl-stubborn-')), 'started');
    const ws = approvalWorkspace(
      stringify({
        apiVersion: 'irctl/v1',
        kind: 'Runbook',
        name: 'stubborn',
        severity: 'high',
        steps: [
          {
            id: 'watch',
            phase: 'recovery',
            uses: 'exec.host',
            with: { command: ['sh', '-c', `trap "" TERM; touch ${started}; while true; do sleep 1; done`] },
          },
        ],
      }),
    );
    const child = spawnIrctl([...ws.args, '--as', 'alice', 'run', ws.runbook]);
    // the command itself is running (its journal row is written a moment before it is spawned)
    await waitUntil(() => existsSync(started), 'the stubborn command to start');
    child.kill('SIGINT');
    while (!child.output().includes('SIGINT: stopping at the current step')) await delay(20);
    child.kill('SIGINT');
    const ended = await closed(child);
    expect(ended.signal).toBe('SIGINT');
    expect(child.output()).not.toContain('interrupted: incident');
  });
});
