import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { spawnIrctl } from '../helpers/cli-process.js';
import { runCli } from '../helpers/run-cli.js';
import { approvalWorkspace } from '../helpers/approvals.js';
import { waitUntilStepStarted } from '../helpers/journal-wait.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// A run whose process is killed (kill -9: no chance to record anything) is shown as `stopped`
// with the command that continues it, never as `running`.
const runbook = stringify({
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'long-step',
  severity: 'high',
  steps: [
    { id: 'contain', phase: 'containment', uses: 'core.log', with: { message: 'contained' } },
    { id: 'wait', uses: 'exec.host', with: { command: ['sleep', '15'] } }, // orphaned by the kill; ends by itself
  ],
});

describe('a run whose process died', LONG, () => {
  it('is listed and shown as stopped, with irctl resume as the next command, and kept apart from running', async () => {
    const ws = approvalWorkspace(runbook);
    const child = spawnIrctl([...ws.args, '--as', 'alice', 'run', ws.runbook]);
    const incidentId = await waitUntilStepStarted(ws.db, 'wait');
    const closed = new Promise((resolve) => child.on('close', resolve));
    child.kill('SIGKILL');
    await closed;

    const stopped = await runCli([...ws.args, '--as', 'alice', '--json', 'incidents', '--status', 'stopped']);
    expect(stopped.code, stopped.err).toBe(0);
    expect(JSON.parse(stopped.out)).toEqual([
      expect.objectContaining({ id: incidentId, status: 'stopped', stored_status: 'running', process_attached: false, next: `irctl resume ${incidentId}` }),
    ]);
    const running = await runCli([...ws.args, '--as', 'alice', '--json', 'incidents', '--status', 'running']);
    expect(JSON.parse(running.out)).toEqual([]);

    const table = await runCli([...ws.args, '--as', 'alice', 'incidents']);
    expect(table.out).toMatch(new RegExp(`${incidentId} +long-step +high +stopped +wait .*irctl resume ${incidentId}`));
    const status = await runCli([...ws.args, '--as', 'alice', 'status', incidentId]);
    expect(status.out).toMatch(new RegExp(`${incidentId} +long-step +high +stopped`));
    expect(status.err).toContain(`hint: irctl resume ${incidentId}`);
  });
});
