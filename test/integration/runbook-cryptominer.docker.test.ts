import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/wait-until.js';
import { execIn, removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';
import { expectCustodyVerifies, expectEvidenceIntact, findings, runbookWorkspace, runThroughApproval, type RunbookWorkspace } from './runbook-workspace.js';

describe('shipped runbook cryptominer', () => {
  const docker = testDocker();
  const name = uniqueName('miner');
  let original: Docker.ContainerInspectInfo;
  let ws: RunbookWorkspace;
  let incidentId: string;

  beforeAll(async () => {
    const victim = await startVictim(docker, { name });
    original = await victim.inspect();
    // a pretend miner (it sleeps instead of hashing: the 2-core test machine is shared)
    await execIn(victim, ['sh', '-c', 'printf "while :; do sleep 1; done\\n" > /tmp/xmrig']);
    const miner = await victim.exec({ Cmd: ['sh', '/tmp/xmrig', '--url', 'stratum+tcp://pool.example:3333'] });
    await miner.start({ Detach: true });
    await waitUntil(async () => (await victim.top()).Processes.some((row: string[]) => row.join(' ').includes('xmrig')), 'the process to show in docker top');
    ws = runbookWorkspace();
    incidentId = await runThroughApproval(ws, 'cryptominer', { container: name });
  }, 90_000);

  afterAll(async () => {
    await removeQuietly(docker.getContainer(name));
    await ws?.removeForensicImages();
  });

  it('throttled the miner container before anything else changed it', () => {
    const [limited] = ws.query<{ subject: string; details_json: string }>(
      "SELECT subject, details_json FROM custody_records WHERE incident_id = ? AND act = 'contained'",
      incidentId,
    );
    expect(limited!.subject).toBe(original.Id);
    expect(JSON.parse(limited!.details_json).applied).toMatchObject({ PidsLimit: 64 });
  });

  it('found the miner process as a critical finding, so the no-miner note was skipped', () => {
    const miners = findings(ws, incidentId).filter((finding) => finding.kind === 'miner');
    expect(miners).toHaveLength(1);
    expect(miners[0]!.severity).toBe('critical');
    expect(JSON.parse(miners[0]!.detail).cmd).toContain('stratum+tcp://pool.example:3333');
    const [note] = ws.query<{ status: string }>("SELECT status FROM step_journal WHERE incident_id = ? AND step_id = 'no-miner'", incidentId);
    expect(note!.status).toBe('skipped');
  });

  it('recreated the container without the throttle containment put on the old one', async () => {
    const fresh = await docker.getContainer(name).inspect();
    expect(fresh.Id).not.toBe(original.Id);
    expect(fresh.State.Running).toBe(true);
    expect(fresh.HostConfig.NanoCpus ?? 0).toBe(original.HostConfig.NanoCpus ?? 0);
    expect(fresh.HostConfig.PidsLimit ?? 0).toBe(original.HostConfig.PidsLimit ?? 0);
    // no clean image named: rebuilt from the image it was created from, pinned by its id
    expect([fresh.Image, fresh.Config.Image]).toEqual([original.Image, original.Image]);
  });

  it('keeps evidence that matches its hashes and a custody chain that verifies', async () => {
    const byKind = expectEvidenceIntact(ws, incidentId);
    for (const kind of ['processes', 'inspect', 'logs', 'diff', 'image']) expect(byKind.has(kind), kind).toBe(true);
    await expectCustodyVerifies(ws, incidentId);
  });
});
