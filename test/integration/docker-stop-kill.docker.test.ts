import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerKill } from '../../src/actions/docker/kill.js';
import { dockerStop } from '../../src/actions/docker/stop.js';
import { ActionFailedError, NotFoundError } from '../../src/errors.js';
import { contextFor } from '../helpers/action-context.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';

describe('docker.stop and docker.kill on the real engine', () => {
  const docker = testDocker();
  const victims: Docker.Container[] = [];
  afterAll(async () => {
    await Promise.all(victims.map(removeQuietly));
  });
  async function victim(cmd?: string[]): Promise<Docker.Container> {
    const container = await startVictim(docker, { cmd });
    victims.push(container);
    return container;
  }

  it('stops a running container and records the act with the grace period used', async () => {
    // exits on SIGTERM (busybox httpd as pid 1 ignores it, and the grace period would be waited out)
    const container = await victim(['/bin/sh', '-c', "trap 'exit 0' TERM; while true; do sleep 0.1; done"]);
    const ctx = contextFor(dockerStop, { container: container.id, grace_period: '1s' });
    const outcome = await dockerStop.run(ctx);
    expect(outcome).toMatchObject({ kind: 'done', outputs: { grace_seconds: 1 } });
    expect((await container.inspect()).State.Running).toBe(false);
    expect(ctx.recorded).toMatchObject([{ act: 'intent' }, { act: 'contained', how: { action: 'docker.stop', params: { grace_period: '1s' } } }]);
  });

  it('skips a container that is already stopped', async () => {
    const container = await victim();
    await container.stop({ t: 0 });
    const outcome = await dockerStop.run(contextFor(dockerStop, { container: container.id }));
    expect(outcome).toEqual({ kind: 'skipped', reason: 'already stopped (exited)' });
  });

  it('refuses to stop a paused container and points to docker.unpause', async () => {
    const container = await victim();
    await container.pause();
    const error = await dockerStop.run(contextFor(dockerStop, { container: container.id })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionFailedError);
    expect((error as ActionFailedError).hint).toContain('docker.unpause');
    await container.unpause();
  });

  it('kills a running container with SIGKILL by default', async () => {
    const container = await victim();
    const ctx = contextFor(dockerKill, { container: container.id });
    expect(await dockerKill.run(ctx)).toMatchObject({ kind: 'done', outputs: { signal: 'SIGKILL' } });
    const state = (await container.inspect()).State;
    expect(state.Running).toBe(false);
    expect(state.ExitCode).toBe(137);
    expect(ctx.recorded).toMatchObject([{ act: 'intent' }, { act: 'contained', how: { action: 'docker.kill', params: { signal: 'SIGKILL' } } }]);
  });

  it('delivers the chosen signal to the main process', async () => {
    // a shell that exits with 42 on SIGUSR1, so the exit code proves which signal arrived
    const container = await victim(['/bin/sh', '-c', "trap 'exit 42' USR1; while true; do sleep 0.1; done"]);
    await dockerKill.run(contextFor(dockerKill, { container: container.id, signal: 'SIGUSR1' }));
    const exited = (await container.wait()) as { StatusCode: number };
    expect(exited.StatusCode).toBe(42);
  });

  it('rejects a signal that is not on the list before anything runs', () => {
    const parsed = dockerKill.params.safeParse({ container: 'web', signal: 'SIGSEGV' });
    expect(parsed.success).toBe(false);
  });

  it('skips killing a container that is not running', async () => {
    const container = await victim();
    await container.stop({ t: 0 });
    expect(await dockerKill.run(contextFor(dockerKill, { container: container.id }))).toEqual({ kind: 'skipped', reason: 'not running (exited)' });
  });

  it('reports a container that does not exist as not found', async () => {
    await expect(dockerStop.run(contextFor(dockerStop, { container: uniqueName('gone') }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(dockerKill.run(contextFor(dockerKill, { container: uniqueName('gone') }))).rejects.toBeInstanceOf(NotFoundError);
  });
});
