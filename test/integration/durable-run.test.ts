import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { spawnIrctl } from '../helpers/cli-process.js';
import { irctl } from '../helpers/run-cli.js';
import { waitUntil } from '../helpers/wait-until.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

const RUNBOOK = new URL('../fixtures/runbooks/engine/durable.yaml', import.meta.url).pathname;
const STEPS = ['first', 'second', 'third', 'append', 'fourth', 'fifth'];

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-durable-'));
  const home = join(dir, 'home');
  return { dir, home, marker: join(dir, 'marker'), args: ['--home', home, '--evidence-dir', join(dir, 'evidence')] };
}

function journal(home: string) {
  const db = new Database(join(home, 'irctl.db'), { readonly: true });
  try {
    return db.prepare('SELECT step_id, status FROM step_journal').all() as { step_id: string; status: string }[];
  } finally {
    db.close();
  }
}

/** Wait until `condition` holds over the journal. */
async function waitForJournal(home: string, condition: (rows: { step_id: string; status: string }[]) => boolean): Promise<void> {
  await waitUntil(() => condition(journal(home)), 'the journal to reach the expected state');
}

function incidentId(home: string): string {
  const db = new Database(join(home, 'irctl.db'), { readonly: true });
  try {
    return (db.prepare('SELECT id FROM incidents').get() as { id: string }).id;
  } finally {
    db.close();
  }
}

const startedNotEnded = (step: string) => (rows: { step_id: string; status: string }[]) => rows.some((r) => r.step_id === step && r.status === 'started');
const finished = (step: string) => (rows: { step_id: string; status: string }[]) => rows.some((r) => r.step_id === step && r.status === 'finished');

// concurrent: each test has its own workspace and process, and mostly waits on them
describe.concurrent('durable runs survive kill -9', LONG, () => {
  it.each([
    ['while the first step runs', startedNotEnded('first')],
    ['right after the second step finished', finished('second')],
    ['while the third step runs (a new phase)', startedNotEnded('third')],
    ['while the fourth step runs, after the non-idempotent one', startedNotEnded('fourth')],
  ])('resume completes the run with every step finished exactly once when killed %s', async (_when, killPoint) => {
    const ws = workspace();
    const child = spawnIrctl([...ws.args, 'run', RUNBOOK, '--input', `marker=${ws.marker}`]);
    await waitForJournal(ws.home, killPoint);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));

    const id = incidentId(ws.home);
    const resumed = await irctl([...ws.args, 'resume', id]);
    expect(resumed.output).toContain('succeeded');
    expect(resumed.code).toBe(0);

    const rows = journal(ws.home);
    for (const step of STEPS) {
      expect(
        rows.filter((r) => r.step_id === step && r.status === 'finished'),
        step,
      ).toHaveLength(1);
    }
    expect(readFileSync(ws.marker, 'utf8')).toBe('x\n'); // the non-idempotent side effect happened once
  });

  it('stops for a human when killed inside a step that is not safe to repeat, and --retry-step runs it again', async () => {
    const ws = workspace();
    const child = spawnIrctl([...ws.args, 'run', RUNBOOK, '--input', `marker=${ws.marker}`]);
    await waitForJournal(ws.home, startedNotEnded('append'));
    await waitUntil(() => existsSync(ws.marker) && readFileSync(ws.marker, 'utf8') === 'x\n', 'the step to write its marker'); // the side effect happened before the kill
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const id = incidentId(ws.home);

    const refused = await irctl([...ws.args, 'resume', id]);
    expect(refused.code).toBe(3);
    expect(refused.output).toContain('step "append" (exec.host)');
    expect(refused.output).toContain(`--retry-step append`);

    const retried = await irctl([...ws.args, 'resume', id, '--retry-step', 'append']);
    expect(retried.code).toBe(0);
    expect(readFileSync(ws.marker, 'utf8')).toBe('x\nx\n'); // a human chose to run it again
    const rows = journal(ws.home);
    expect(
      rows
        .filter((r) => r.step_id === 'append')
        .map((r) => r.status)
        .sort(),
    ).toEqual(['finished', 'interrupted']);
  });

  it('--skip-step skips an interrupted step and the run goes on', async () => {
    const ws = workspace();
    const child = spawnIrctl([...ws.args, 'run', RUNBOOK, '--input', `marker=${ws.marker}`]);
    await waitForJournal(ws.home, startedNotEnded('append'));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const id = incidentId(ws.home);
    const skipped = await irctl([...ws.args, 'resume', id, '--skip-step', 'append']);
    expect(skipped.code).toBe(0);
    const rows = journal(ws.home);
    expect(rows.filter((r) => r.step_id === 'append').map((r) => r.status)).toEqual(['skipped']);
    expect(rows.filter((r) => r.step_id === 'fifth' && r.status === 'finished')).toHaveLength(1);
  });
});
