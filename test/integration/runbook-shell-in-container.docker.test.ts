import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/wait-until.js';
import { DEFAULT_QUARANTINE_NETWORK } from '../../src/docker/hosts.js';
import { removeQuietly, startVictim, testDocker } from '../helpers/docker.js';
import { expectCustodyVerifies, expectEvidenceIntact, findings, runbookWorkspace, runThroughApproval, type RunbookWorkspace } from './runbook-workspace.js';

describe('shipped runbook shell-in-container', () => {
  const docker = testDocker();
  let victim: Docker.Container;
  let ws: RunbookWorkspace;
  let incidentId: string;

  beforeAll(async () => {
    victim = await startVictim(docker, { labels: { 'irctl.protect': 'true' } });
    // the intruder's shell, started beside the entrypoint as `docker exec -it … sh` would be
    const shell = await victim.exec({ Cmd: ['sh', '-c', 'while true; do sleep 1; done'] });
    await shell.start({ Detach: true });
    await waitUntil(
      async () => (await victim.top()).Processes.some((row: string[]) => row.join(' ').includes('while true')),
      'the process to show in docker top',
    );
    ws = runbookWorkspace();
    incidentId = await runThroughApproval(ws, 'shell-in-container', { container: (await victim.inspect()).Name.slice(1) });
  }, 90_000);

  afterAll(async () => {
    await removeQuietly(victim);
    await ws?.removeForensicImages();
  });

  it('found the shell the entrypoint did not start', () => {
    const shells = findings(ws, incidentId).filter((finding) => finding.kind === 'shell');
    expect(shells).toHaveLength(1);
    expect(shells[0]).toMatchObject({ step_id: 'review-processes', severity: 'high' });
    expect(JSON.parse(shells[0]!.detail).cmd).toContain('while true');
  });

  it('isolated and froze the container before capturing, and killed it only after the approval', () => {
    const order = ws
      .query<{ kind: string; step_id: string | null }>(
        "SELECT kind, step_id FROM timeline WHERE incident_id = ? AND kind IN ('step_finished', 'approval') ORDER BY rowid",
        incidentId,
      )
      .map((row) => `${row.kind === 'approval' ? 'approved' : ''}${row.step_id}`);
    expect(order.indexOf('freeze')).toBeLessThan(order.indexOf('logs'));
    expect(order.indexOf('approvedapprove-kill')).toBeLessThan(order.indexOf('kill'));
  });

  it('leaves the killed container on the quarantine network only, with its evidence intact', async () => {
    const info = await victim.inspect();
    expect(info.State.Running).toBe(false);
    expect(info.State.ExitCode).toBe(137);
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([DEFAULT_QUARANTINE_NETWORK]);
    const byKind = expectEvidenceIntact(ws, incidentId);
    for (const kind of ['inspect', 'processes', 'logs', 'diff', 'image']) expect(byKind.has(kind), kind).toBe(true);
    await expectCustodyVerifies(ws, incidentId);
  });
});
