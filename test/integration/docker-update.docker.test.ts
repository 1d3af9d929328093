import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerLimit } from '../../src/actions/docker/limit.js';
import { dockerRestartPolicy } from '../../src/actions/docker/restart-policy.js';
import { NotFoundError } from '../../src/errors.js';
import { contextFor } from '../helpers/action-context.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';

const MiB = 1024 * 1024;

describe('docker.restart-policy and docker.limit on the real engine', () => {
  const docker = testDocker();
  const victims: Docker.Container[] = [];
  afterAll(async () => {
    await Promise.all(victims.map(removeQuietly));
  });
  async function victim(hostConfig: Docker.HostConfig = {}): Promise<Docker.Container> {
    const container = await startVictim(docker, { hostConfig });
    victims.push(container);
    return container;
  }
  const hostConfigOf = async (container: Docker.Container) => (await container.inspect()).HostConfig as Docker.HostConfig;

  it('sets the restart policy to "no" and reports the policy it replaced', async () => {
    const container = await victim({ RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 } });
    const ctx = contextFor(dockerRestartPolicy, { container: container.id });
    const outcome = await dockerRestartPolicy.run(ctx);
    expect(outcome).toMatchObject({ kind: 'done', outputs: { previous_policy: { name: 'on-failure', maximum_retry_count: 5 } } });
    expect((await hostConfigOf(container)).RestartPolicy?.Name).toBe('no');
    expect(ctx.recorded).toMatchObject([
      { act: 'intent', details: { previous_policy: { name: 'on-failure' } } },
      { act: 'contained', details: { previous_policy: { name: 'on-failure' } } },
    ]);
  });

  it('undo gives the container back its restart policy and retry count', async () => {
    const container = await victim({ RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 } });
    const ctx = contextFor(dockerRestartPolicy, { container: container.id });
    const done = await dockerRestartPolicy.run(ctx);
    if (done.kind !== 'done') throw new Error('restart-policy did not act');
    await dockerRestartPolicy.undo!(ctx, done);
    expect((await hostConfigOf(container)).RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 5 });
  });

  it('skips a container whose restart policy already is "no"', async () => {
    const container = await victim();
    expect(await dockerRestartPolicy.run(contextFor(dockerRestartPolicy, { container: container.id }))).toEqual({
      kind: 'skipped',
      reason: 'restart policy is already "no"',
    });
  });

  it('throttles cpu, memory and pids of a running container and reports the limits before', async () => {
    const container = await victim();
    const ctx = contextFor(dockerLimit, { container: container.id, cpus: 0.25, memory: '64m', pids: 40 });
    const outcome = await dockerLimit.run(ctx);
    expect(outcome).toMatchObject({ kind: 'done', outputs: { previous_limits: { memory: 0, pids_limit: 0 } } });
    const hostConfig = await hostConfigOf(container);
    expect((hostConfig.CpuQuota ?? 0) / (hostConfig.CpuPeriod ?? 0)).toBeCloseTo(0.25);
    expect(hostConfig.Memory).toBe(64 * MiB);
    expect(hostConfig.PidsLimit).toBe(40);
    expect((await container.inspect()).State.Running).toBe(true);
    expect(ctx.recorded).toMatchObject([
      { act: 'intent', how: { action: 'docker.limit' } },
      { act: 'contained', how: { action: 'docker.limit' } },
    ]);
  });

  it('undo restores limits the container had before, exactly', async () => {
    const container = await victim({ NanoCpus: 1_500_000_000, Memory: 256 * MiB, MemorySwap: 512 * MiB, PidsLimit: 300 });
    const ctx = contextFor(dockerLimit, { container: container.id, cpus: 0.5, memory: '64m', pids: 20 });
    const done = await dockerLimit.run(ctx);
    if (done.kind !== 'done') throw new Error('limit did not act');
    expect((await hostConfigOf(container)).NanoCpus).toBe(500_000_000);

    await dockerLimit.undo!(ctx, done);
    expect(await hostConfigOf(container)).toMatchObject({ NanoCpus: 1_500_000_000, Memory: 256 * MiB, MemorySwap: 512 * MiB, PidsLimit: 300 });
  });

  it('undo lifts limits from a container that had none: no cpu quota, no pids cap, memory up to the host total', async () => {
    const container = await victim();
    const ctx = contextFor(dockerLimit, { container: container.id, cpus: 0.5, memory: '64m', pids: 20 });
    const done = await dockerLimit.run(ctx);
    if (done.kind !== 'done') throw new Error('limit did not act');
    await dockerLimit.undo!(ctx, done);

    const hostConfig = await hostConfigOf(container);
    const hostMemory = ((await docker.info()) as { MemTotal: number }).MemTotal;
    expect(hostConfig.CpuQuota).toBeLessThanOrEqual(0);
    expect(hostConfig.PidsLimit ?? 0).toBeLessThanOrEqual(0);
    expect(hostConfig.Memory).toBe(hostMemory);
    expect(hostConfig.MemorySwap).toBe(-1);
    expect(ctx.recorded.map((entry) => entry.act)).toEqual(['intent', 'contained', 'released']);
  });

  it('skips a container that already has the requested limits', async () => {
    const container = await victim({ PidsLimit: 40 });
    expect(await dockerLimit.run(contextFor(dockerLimit, { container: container.id, pids: 40 }))).toEqual({
      kind: 'skipped',
      reason: 'the container already has these limits',
    });
  });

  it('rejects a step that names no limit at all', () => {
    expect(dockerLimit.params.safeParse({ container: 'web' }).success).toBe(false);
  });

  it('reports a container that does not exist as not found', async () => {
    await expect(dockerLimit.run(contextFor(dockerLimit, { container: uniqueName('gone'), pids: 10 }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(dockerRestartPolicy.run(contextFor(dockerRestartPolicy, { container: uniqueName('gone') }))).rejects.toBeInstanceOf(NotFoundError);
  });
});
