import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnIrctl } from '../helpers/cli-process.js';
import { execIn, removeQuietly, TEST_IMAGE, testDocker, uniqueName } from '../helpers/docker.js';
import { expectCustodyVerifies, runbookWorkspace, type RunbookWorkspace } from './runbook-workspace.js';

// Marked long on purpose: these tests are about whole processes (kill -9, signals, other
// processes racing, a terminal), so each test starts several irctl processes, each a Node start-up.
const LONG = { timeout: 60_000 };

// A real `irctl run` killed with SIGKILL in the middle of recover.recreate. The kill point is made
// certain, not timed: the victim's HEALTHCHECK (which the new container inherits) passes only once
// /state/ready exists on a shared volume, and its start period outlasts the test, so the step sits
// in its health wait, with the new container running and the old one stopped, until killed.
const SECOND_NS = 1_000_000_000;

describe('recover.recreate killed mid-run by SIGKILL, on the real engine', LONG, () => {
  const docker = testDocker();
  const name = uniqueName('rk');
  const volume = uniqueName('rk-state');
  let victim: Docker.ContainerInspectInfo;
  let ws: RunbookWorkspace;
  let debris: Docker.ContainerInfo[];
  let refused: { code: number | null; output: string };
  let retried: { code: number | null; output: string };

  const ourContainers = () => docker.listContainers({ all: true, filters: { label: [`irctl.recreate.name=${name}`] } });
  const temporaries = (listed: Docker.ContainerInfo[]) => listed.filter((container) => container.Names[0]!.startsWith(`/${name}-irctl-new-`));

  beforeAll(async () => {
    await docker.createVolume({ Name: volume, Labels: { 'irctl.test': '1' } });
    const container = await docker.createContainer({
      name,
      Image: TEST_IMAGE,
      Env: ['APP_MODE=prod'],
      Labels: { 'irctl.test': '1' },
      Healthcheck: { Test: ['CMD', 'test', '-f', '/state/ready'], Interval: SECOND_NS / 5, Timeout: SECOND_NS, Retries: 1, StartPeriod: 3600 * SECOND_NS },
      HostConfig: { Binds: [`${volume}:/state`] },
    });
    await container.start();
    victim = await container.inspect();

    ws = runbookWorkspace();
    const file = join(ws.home, 'recreate-kill.yaml');
    writeFileSync(
      file,
      stringify({
        apiVersion: 'irctl/v1',
        kind: 'Runbook',
        name: 'recreate-kill',
        severity: 'high',
        inputs: { container: { required: true } },
        steps: [
          {
            id: 'rebuild',
            phase: 'recovery',
            uses: 'recover.recreate',
            with: { container: '${{ inputs.container }}', image: TEST_IMAGE, stop_timeout: '0s', settle: '500ms', health_timeout: '1h' },
          },
        ],
      }),
    );
    const child = spawnIrctl(['--home', ws.home, '--evidence-dir', ws.evidenceDir, '--as', 'responder', 'run', file, '--input', `container=${name}`]);
    const exited = new Promise((resolve) => child.on('close', resolve));
    // wait for the state, not for a time: the new container running means the step is in its health wait
    for (let poll = 0; temporaries(await ourContainers()).every((container) => container.State !== 'running'); poll++) {
      if (poll === 600 || child.exitCode !== null) throw new Error(`the recreate never started its new container; irctl said:\n${child.output()}`);
      await delay(100);
    }
    child.kill('SIGKILL');
    await exited;
    debris = await ourContainers();

    // what a responder would fix before retrying: the new container's check can now pass
    await execIn(docker.getContainer(temporaries(debris)[0]!.Id), ['touch', '/state/ready']);
    const incidentId = ws.incidentId();
    refused = await ws.irctl('responder', ['resume', incidentId]);
    retried = await ws.irctl('responder', ['resume', incidentId, '--retry-step', 'rebuild']);
  }, 120_000);

  afterAll(async () => {
    for (const container of await docker.listContainers({ all: true, filters: { name: [name] } })) await removeQuietly(docker.getContainer(container.Id));
    await docker
      .getVolume(volume)
      .remove()
      .catch(() => undefined);
  });

  it('leaves the debris the retry must deal with: a running temporary container and the old one stopped', async () => {
    expect(temporaries(debris)).toHaveLength(1);
    expect(
      (
        await docker
          .getContainer(victim.Id)
          .inspect()
          .catch(() => undefined)
      )?.State.Running ?? false,
    ).toBe(false);
  });

  it('asks a human before running the interrupted recreate again', () => {
    expect(refused.code, refused.output).toBe(3);
    expect(refused.output).toContain('--retry-step rebuild');
  });

  it('converges on --retry-step: one healthy container under the original name, from the clean image, and no leftovers', async () => {
    expect(retried.code, retried.output).toBe(0);
    const now = await docker.getContainer(name).inspect();
    const state = now.State as Docker.ContainerInspectInfo['State'] & { Health?: { Status: string } };
    expect([now.Image, state.Running, state.Health?.Status]).toEqual([(await docker.getImage(TEST_IMAGE).inspect()).Id, true, 'healthy']);
    expect(now.Config.Env).toContain('APP_MODE=prod');
    expect((await docker.listContainers({ all: true, filters: { name: [name] } })).map((container) => container.Names[0])).toEqual([`/${name}`]);
    await expect(docker.getContainer(victim.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('journals the killed attempt as interrupted and the retry as finished, with the removed leftover in a custody chain that verifies', async () => {
    const incidentId = ws.incidentId();
    const rows = ws.query<{ status: string }>("SELECT status FROM step_journal WHERE step_id = 'rebuild' ORDER BY attempt");
    expect(rows.map((row) => row.status)).toEqual(['interrupted', 'finished']);
    const [record] = ws.query<{ details_json: string }>("SELECT details_json FROM custody_records WHERE act = 'recreated'");
    expect(JSON.parse(record!.details_json).leftovers_removed).toEqual(temporaries(debris).map((container) => container.Id));
    await expectCustodyVerifies(ws, incidentId);
  });
});
