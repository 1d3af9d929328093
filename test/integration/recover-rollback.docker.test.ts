import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUARANTINE_NETWORK } from '../../src/docker/hosts.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { expectCustodyVerifies, runbookWorkspace, type RunbookWorkspace } from './runbook-workspace.js';

// Containment, then a recovery that releases the container and fails to recreate it (the clean
// image is not on the engine). on_failure: rollback must undo the recovery — contain the container
// again — and leave the containment of the earlier phase in place.
const RUNBOOK = {
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'rollback-recovery',
  severity: 'high',
  inputs: { container: { required: true } },
  steps: [
    { id: 'isolate', phase: 'containment', uses: 'docker.isolate', with: { container: '${{ inputs.container }}' } },
    { id: 'freeze', uses: 'docker.pause', with: { container: '${{ inputs.container }}' } },
    { id: 'release', phase: 'recovery', uses: 'recover.release', with: { container: '${{ inputs.container }}' } },
    { id: 'rebuild', uses: 'recover.recreate', with: { container: '${{ inputs.container }}', image: 'irctl-test/not-there:0' }, on_failure: 'rollback' },
  ],
};

describe('rollback of a failed recovery on the real engine', () => {
  const docker = testDocker();
  const network = uniqueName('rb-net');
  let victim: Docker.Container;
  let before: Docker.ContainerInspectInfo;
  let ws: RunbookWorkspace;
  let run: { code: number | null; output: string };

  beforeAll(async () => {
    await docker.createNetwork({ Name: network, Labels: { 'irctl.test': '1' } });
    victim = await startVictim(docker, { network, env: ['APP_MODE=prod'], hostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } } });
    before = await victim.inspect();
    ws = runbookWorkspace();
    const file = join(ws.home, 'rollback-recovery.yaml');
    writeFileSync(file, stringify(RUNBOOK));
    run = await ws.irctl('responder', ['run', file, '--input', `container=${before.Id}`]);
  }, 60_000);

  afterAll(async () => {
    await removeQuietly(victim);
    await docker
      .getNetwork(network)
      .remove()
      .catch(() => undefined);
  });

  it('ends the run as rolled back, naming the missing clean image', () => {
    expect(run.code).toBe(1);
    expect(run.output).toContain('image "irctl-test/not-there:0" is not on the Docker engine');
    const [incident] = ws.query<{ status: string }>('SELECT status FROM incidents');
    expect(incident!.status).toBe('rolled_back');
  });

  it('undoes only the recovery steps, newest first, each on the timeline', () => {
    const undone = ws.query<{ step_id: string }>("SELECT step_id FROM timeline WHERE kind = 'step_undone' ORDER BY rowid").map((row) => row.step_id);
    expect(undone).toEqual(['release']);
  });

  it('leaves the original container as it was before recovery began: same container and config, isolated and frozen', async () => {
    const after = await victim.inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect(after.State.Paused).toBe(true);
    expect(after.Config.Env).toEqual(before.Config.Env);
    expect(after.HostConfig.RestartPolicy).toEqual(before.HostConfig.RestartPolicy);
    expect(Object.keys(after.NetworkSettings.Networks)).toEqual([DEFAULT_QUARANTINE_NETWORK]);
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`irctl.recreated_from=${before.Id}`] } });
    expect(leftovers).toEqual([]);
  });

  it('records the release and the containment again in a custody chain that verifies', async () => {
    const acts = ws
      .query<{ act: string; how_json: string }>("SELECT act, how_json FROM custody_records WHERE act IN ('contained', 'released') ORDER BY seq")
      .map((record) => `${record.act} ${JSON.parse(record.how_json).action}`);
    expect(acts).toEqual(['contained docker.isolate', 'contained docker.pause', 'released recover.release', 'contained recover.release']);
    await expectCustodyVerifies(ws, ws.incidentId());
  });
});
