import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { spawnIrctl } from '../helpers/cli-process.js';
import { irctl as runIrctl } from '../helpers/run-cli.js';
import { approvalWorkspace } from '../helpers/approvals.js';
import { waitUntilStepStarted } from '../helpers/journal-wait.js';

// A step that is not safe to repeat (exec.host) is cut off by Ctrl-C; the step after it reads its
// outputs. Skipping it would run `verify` on missing values, so only a retry is offered and accepted.
function readerRunbook(release: string): string {
  return stringify({
    apiVersion: 'irctl/v1',
    kind: 'Runbook',
    name: 'rebuild-and-verify',
    severity: 'high',
    steps: [
      { id: 'rebuild', phase: 'recovery', uses: 'exec.host', with: { command: ['sh', '-c', 'test -e "$0" || exec sleep 120; echo rebuilt-42', release] } },
      { id: 'verify', uses: 'core.log', with: { message: 'verifying ${{ steps.rebuild.outputs.stdout }}' } },
    ],
  });
}

function readStore(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return {
      incidents: all('SELECT * FROM incidents'),
      journal: all('SELECT * FROM step_journal ORDER BY started_at, attempt'),
      decisions: all('SELECT * FROM step_decisions'),
      timeline: all('SELECT * FROM timeline ORDER BY seq'),
      custody: all('SELECT * FROM custody_records ORDER BY seq'),
    };
  } finally {
    db.close();
  }
}

/** Start the run, Ctrl-C it while `rebuild` runs; resolves with the incident id and the run's output. */
async function interruptRebuild() {
  const ws = approvalWorkspace();
  const release = join(ws.dir, 'release');
  writeFileSync(ws.runbook, readerRunbook(release));
  const child = spawnIrctl([...ws.args, '--as', 'alice', 'run', ws.runbook]);
  const incidentId = await waitUntilStepStarted(ws.db, 'rebuild');
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { ws, release, incidentId, code, output: child.output() };
}

describe('--skip-step of a step whose outputs a later step reads', () => {
  it('is not offered when the run stops at that step, by irctl status, or by a resume without a decision', async () => {
    const { ws, incidentId, code, output } = await interruptRebuild();
    expect(code, output).toBe(130);
    expect(output).toContain(`stopped at step "rebuild"; continue with: irctl resume ${incidentId} --retry-step rebuild`);
    expect(output).toContain('not --skip-step: step "verify" reads its outputs');
    expect(output).not.toContain('--skip-step rebuild');

    const status = await runIrctl([...ws.args, '--as', 'alice', 'status', incidentId]);
    expect(status.output).toContain(`hint: irctl resume ${incidentId} --retry-step rebuild`);
    expect(status.output).not.toContain('--skip-step rebuild');

    const undecided = await runIrctl([...ws.args, '--as', 'alice', 'resume', incidentId]);
    expect(undecided.code, undecided.output).toBe(3);
    expect(undecided.output).toContain(`irctl resume ${incidentId} --retry-step rebuild`);
    expect(undecided.output).not.toContain('--skip-step rebuild');
  });

  it('is refused with exit 2, naming the reading step, and changes nothing', async () => {
    const { ws, incidentId } = await interruptRebuild();
    const before = readStore(ws.db);
    expect(before.incidents).toMatchObject([{ status: 'needs_decision', current_step: 'rebuild' }]);

    const refused = await runIrctl([...ws.args, '--as', 'alice', 'resume', incidentId, '--skip-step', 'rebuild']);
    expect(refused.code, refused.output).toBe(2);
    expect(refused.output).toContain(`cannot skip step "rebuild" of ${incidentId}: step "verify" uses its outputs`);
    expect(refused.output).toContain(`irctl resume ${incidentId} --retry-step rebuild`);
    expect(readStore(ws.db)).toEqual(before);
  });

  it('leaves --retry-step to run the step again and the reading step gets its outputs', async () => {
    const { ws, release, incidentId } = await interruptRebuild();
    await runIrctl([...ws.args, '--as', 'alice', 'resume', incidentId, '--skip-step', 'rebuild']);
    writeFileSync(release, '');
    const retried = await runIrctl([...ws.args, '--as', 'alice', 'resume', incidentId, '--retry-step', 'rebuild']);
    expect(retried.code, retried.output).toBe(0);
    const after = readStore(ws.db);
    expect(after.incidents).toMatchObject([{ status: 'succeeded' }]);
    expect(after.journal.map((row) => [(row as { step_id: string }).step_id, (row as { status: string }).status])).toEqual([
      ['rebuild', 'interrupted'],
      ['rebuild', 'finished'],
      ['verify', 'finished'],
    ]);
    expect(JSON.parse((after.journal[2] as { outputs: string }).outputs)).toMatchObject({ message: 'verifying rebuilt-42' });
  });
});
