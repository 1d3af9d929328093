import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUARANTINE_NETWORK } from '../../src/docker/hosts.js';
import { spawnIrctl } from '../helpers/cli-process.js';
import { irctl as inProcess } from '../helpers/run-cli.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { waitUntil } from '../helpers/wait-until.js';
import { expectCustodyVerifies, runbookWorkspace, SHIPPED_RUNBOOKS, type RunbookWorkspace } from './runbook-workspace.js';

// A false positive: the runbook contained the container (isolate, pause, throttle, no restarts)
// and stopped at a gate; the approver rejects; `irctl release` must put the container back as it
// was, through the same logic recover.release and the actions' own undo use.
const contained = (gateOrSleep: object) => ({
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'contain-then-decide',
  severity: 'high',
  inputs: { container: { required: true } },
  steps: [
    { id: 'isolate', phase: 'containment', uses: 'docker.isolate', with: { container: '${{ inputs.container }}' } },
    { id: 'freeze', uses: 'docker.pause', with: { container: '${{ inputs.container }}' } },
    { id: 'throttle', uses: 'docker.limit', with: { container: '${{ inputs.container }}', pids: 40 } },
    { id: 'no-restart', uses: 'docker.restart-policy', with: { container: '${{ inputs.container }}' } },
    gateOrSleep,
  ],
});
const GATE = { id: 'confirm', phase: 'recovery', approval: { roles: ['admin'] } };
const SLEEP = { id: 'hold', phase: 'recovery', uses: 'core.sleep', with: { duration: '60s' } };

interface Acts {
  act: string;
  actor: string;
  action: string;
}

function containmentActs(ws: RunbookWorkspace, incidentId: string): Acts[] {
  return ws
    .query<{ act: string; actor: string; how_json: string }>(
      "SELECT act, actor, how_json FROM custody_records WHERE incident_id = ? AND act IN ('contained', 'released') ORDER BY seq",
      incidentId,
    )
    .map((record) => ({ act: record.act, actor: record.actor, action: JSON.parse(record.how_json).action }));
}

interface RejectedIncident {
  network: string;
  victim: Docker.Container;
  before: Docker.ContainerInspectInfo;
  ws: RunbookWorkspace;
  incidentId: string;
}

describe('irctl release after a rejected gate', () => {
  const docker = testDocker();
  const made: RejectedIncident[] = [];

  /** Each test gets its own contained container and rejected incident, so no test depends on another's order. */
  async function rejectedIncident(): Promise<RejectedIncident> {
    const network = uniqueName('rel-net');
    await docker.createNetwork({ Name: network, Labels: { 'irctl.test': '1' } });
    const victim = await startVictim(docker, { network, hostConfig: { RestartPolicy: { Name: 'unless-stopped' } } });
    const before = await victim.inspect();
    const ws = runbookWorkspace();
    made.push({ network, victim, before, ws, incidentId: '' });
    writeFileSync(join(ws.home, 'roles.yaml'), 'actors:\n  responder: operator\n  approver: admin\n  vera: viewer\n');
    const file = join(ws.home, 'contain-then-decide.yaml');
    writeFileSync(file, stringify(contained(GATE)));
    const run = await ws.irctl('responder', ['run', file, '-i', `container=${before.Id}`]);
    expect(run.code, run.output).toBe(3);
    const incidentId = ws.incidentId();
    const rejected = await ws.irctl('approver', ['reject', incidentId, '--comment', 'false positive: the nightly deploy', '--resume']);
    expect(rejected.code, rejected.output).toBe(1);
    return { network, victim, before, ws, incidentId };
  }

  const viewer = (ws: RunbookWorkspace, args: string[]) =>
    inProcess(['--home', ws.home, '--evidence-dir', ws.evidenceDir, '--runbooks', SHIPPED_RUNBOOKS, '--as', 'vera', ...args]);

  afterAll(async () => {
    for (const { victim, network } of made) {
      await removeQuietly(victim);
      await docker
        .getNetwork(network)
        .remove()
        .catch(() => undefined);
    }
  });

  it('leaves the container contained after the rejection, and refuses a viewer (exit 4) and a container the incident did not contain (exit 5) without changing anything', async () => {
    const { victim, before, ws, incidentId } = await rejectedIncident();
    const [incident] = ws.query<{ status: string }>('SELECT status FROM incidents WHERE id = ?', incidentId);
    expect(incident!.status).toBe('failed'); // a rejection with the default on_reject: abort
    const now = await victim.inspect();
    expect(now.State.Paused).toBe(true);
    expect(Object.keys(now.NetworkSettings.Networks)).toEqual([DEFAULT_QUARANTINE_NETWORK]);

    const refused = await viewer(ws, ['release', incidentId]);
    expect(refused.code, refused.output).toBe(4);
    expect(refused.output).toContain('vera may not release: it needs the operator role');
    expect((await victim.inspect()).State.Paused).toBe(true);

    const missed = await ws.irctl('responder', ['release', incidentId, '--container', 'not-this-one']);
    expect(missed.code, missed.output).toBe(5);
    expect(missed.output).toContain(`contained no container "not-this-one"; it contained ${before.Id.slice(0, 12)} (${before.Id})`);
    expect((await victim.inspect()).State.Paused).toBe(true);
  }, 60_000);

  it('puts the container back as it was, records each undo, keeps a verifying chain, and reports a second release as already released', async () => {
    const { network, victim, before, ws, incidentId } = await rejectedIncident();
    const released = await ws.irctl('responder', ['release', incidentId]);
    expect(released.code, released.output).toBe(0);
    expect(released.output).toMatch(
      new RegExp(
        `${before.Name.slice(1)} \\(${before.Id.slice(0, 12)}\\)\\s+local\\s+released\\s+reconnected ${network}, left ${DEFAULT_QUARANTINE_NETWORK}, unpaused, undid docker.limit, undid docker.restart-policy`,
      ),
    );
    const after = await victim.inspect();
    expect(after.State.Running).toBe(true);
    expect(after.State.Paused).toBe(false);
    expect(Object.keys(after.NetworkSettings.Networks)).toEqual([network]);
    expect(after.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(after.HostConfig.PidsLimit ?? 0).toBeLessThanOrEqual(0); // unlimited again, as before

    // each undo is a custody act by the responder, and one timeline entry
    expect(containmentActs(ws, incidentId).filter((record) => record.act === 'released')).toEqual([
      { act: 'released', actor: 'responder', action: 'recover.release' },
      { act: 'released', actor: 'responder', action: 'docker.limit' },
      { act: 'released', actor: 'responder', action: 'docker.restart-policy' },
    ]);
    const timeline = ws.query<{ actor: string; detail: string }>(
      "SELECT actor, detail FROM timeline WHERE incident_id = ? AND kind = 'containment_released'",
      incidentId,
    );
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.actor).toBe('responder');
    expect(JSON.parse(timeline[0]!.detail)).toMatchObject({ container: before.Id, host: 'local' });
    await expectCustodyVerifies(ws, incidentId);

    const count = containmentActs(ws, incidentId).length;
    const again = await ws.irctl('responder', ['--json', 'release', incidentId]);
    expect(again.code, again.output).toBe(0);
    expect(JSON.parse(again.output).containers).toEqual([expect.objectContaining({ containerId: before.Id, status: 'already_released', undone: [] })]);
    expect(containmentActs(ws, incidentId)).toHaveLength(count);
  }, 60_000);

  it('reports a container that is gone, and exits 0', async () => {
    const network = uniqueName('rel-net');
    await docker.createNetwork({ Name: network, Labels: { 'irctl.test': '1' } });
    const other = await startVictim(docker, { network });
    made.push({ network, victim: other } as RejectedIncident);
    const otherWs = runbookWorkspace();
    const file = join(otherWs.home, 'contain-then-decide.yaml');
    writeFileSync(file, stringify(contained(GATE)));
    const otherId = (await other.inspect()).Id;
    expect((await otherWs.irctl('responder', ['run', file, '-i', `container=${otherId}`])).code).toBe(3);
    await removeQuietly(other);
    const released = await otherWs.irctl('responder', ['release', otherWs.incidentId()]);
    expect(released.code, released.output).toBe(0);
    expect(released.output).toMatch(/gone\s+no longer on host "local"/);
  }, 60_000);
});

describe('irctl release while a process runs the incident', () => {
  const docker = testDocker();
  let victim: Docker.Container;
  let ws: RunbookWorkspace;

  beforeAll(async () => {
    victim = await startVictim(docker);
    ws = runbookWorkspace();
  });

  afterAll(async () => {
    await removeQuietly(victim);
  });

  it('refuses with exit 4 and a hint to abort first, then releases once the runner is gone', async () => {
    const file = join(ws.home, 'contain-then-hold.yaml');
    writeFileSync(file, stringify(contained(SLEEP)));
    const containerId = (await victim.inspect()).Id;
    const runner = spawnIrctl(['--home', ws.home, '--evidence-dir', ws.evidenceDir, '--as', 'responder', 'run', file, '-i', `container=${containerId}`]);
    try {
      await waitUntil(
        () =>
          existsSync(join(ws.home, 'irctl.db')) &&
          ws.query<{ n: number }>("SELECT COUNT(*) AS n FROM step_journal WHERE step_id = 'hold' AND status = 'started'")[0]?.n === 1,
        'the run to hold at its sleep step',
        30_000,
      );
      const incidentId = ws.incidentId();
      const refused = await ws.irctl('responder', ['release', incidentId]);
      expect(refused.code, refused.output).toBe(4);
      expect(refused.output).toContain(`hint: irctl abort ${incidentId}, then irctl release ${incidentId}`);
      expect((await victim.inspect()).State.Paused).toBe(true);

      const exited = new Promise((resolve) => runner.on('exit', resolve));
      runner.kill('SIGKILL');
      await exited;
      const released = await ws.irctl('responder', ['release', incidentId]);
      expect(released.code, released.output).toBe(0);
      expect((await victim.inspect()).State.Paused).toBe(false);
    } finally {
      if (runner.exitCode === null && runner.signalCode === null) runner.kill('SIGKILL');
    }
  }, 60_000);
});
