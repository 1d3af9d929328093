import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerPause } from '../../src/actions/docker/pause.js';
import { dockerUnpause } from '../../src/actions/docker/unpause.js';
import { DockerUnreachableError, NotFoundError } from '../../src/errors.js';
import { contextFor } from '../helpers/action-context.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';

describe('docker.pause and docker.unpause on the real engine', () => {
  const docker = testDocker();
  const victims: Docker.Container[] = [];
  afterAll(async () => {
    await Promise.all(victims.map(removeQuietly));
  });
  async function victim(): Promise<Docker.Container> {
    const container = await startVictim(docker);
    victims.push(container);
    return container;
  }

  it('pauses a running container found by name and records the act', async () => {
    const container = await victim();
    const info = await container.inspect();
    const ctx = contextFor(dockerPause, { container: info.Name.slice(1) });
    const outcome = await dockerPause.run(ctx);
    expect(outcome).toMatchObject({ kind: 'done', outputs: { container_id: info.Id } });
    expect((await container.inspect()).State.Paused).toBe(true);
    expect(ctx.recorded).toMatchObject([
      { act: 'intent', subject: info.Id },
      { act: 'contained', subject: info.Id, how: { action: 'docker.pause' } },
    ]);
  });

  it('skips a container that is already paused, and stays idempotent', async () => {
    const container = await victim();
    await container.pause();
    const ctx = contextFor(dockerPause, { container: container.id });
    expect(await dockerPause.run(ctx)).toEqual({ kind: 'skipped', reason: 'already paused' });
    expect(ctx.recorded).toEqual([]);
  });

  it('undo of pause thaws the container and records the release', async () => {
    const container = await victim();
    const ctx = contextFor(dockerPause, { container: container.id });
    const done = await dockerPause.run(ctx);
    if (done.kind !== 'done') throw new Error('pause did not act');
    await dockerPause.undo!(ctx, done);
    expect((await container.inspect()).State.Paused).toBe(false);
    expect(ctx.recorded.map((entry) => entry.act)).toEqual(['intent', 'contained', 'released']);
  });

  it('skips pausing a stopped container, saying it is not running, and records no act', async () => {
    const container = await victim();
    await container.stop({ t: 0 });
    const ctx = contextFor(dockerPause, { container: container.id });
    expect(await dockerPause.run(ctx)).toEqual({ kind: 'skipped', reason: 'not running (exited): nothing to freeze' });
    expect(ctx.recorded).toEqual([]);
  });

  it('unpauses a paused container and records it as released', async () => {
    const container = await victim();
    await container.pause();
    const ctx = contextFor(dockerUnpause, { container: container.id });
    expect((await dockerUnpause.run(ctx)).kind).toBe('done');
    expect((await container.inspect()).State.Paused).toBe(false);
    expect(ctx.recorded).toMatchObject([{ act: 'intent' }, { act: 'released', how: { action: 'docker.unpause' } }]);
  });

  it('skips unpausing a container that is not paused', async () => {
    const container = await victim();
    expect(await dockerUnpause.run(contextFor(dockerUnpause, { container: container.id }))).toEqual({ kind: 'skipped', reason: 'not paused' });
  });

  it('undo of unpause freezes the container again', async () => {
    const container = await victim();
    await container.pause();
    const ctx = contextFor(dockerUnpause, { container: container.id });
    const done = await dockerUnpause.run(ctx);
    if (done.kind !== 'done') throw new Error('unpause did not act');
    await dockerUnpause.undo!(ctx, done);
    expect((await container.inspect()).State.Paused).toBe(true);
  });

  it('reports a container that does not exist as not found', async () => {
    await expect(dockerPause.run(contextFor(dockerPause, { container: uniqueName('gone') }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports a host whose engine is down as unreachable', async () => {
    const ctx = contextFor(dockerPause, { container: 'web', host: 'dead' }, { hosts: { hosts: { dead: { url: 'unix:///tmp/irctl-dead-engine.sock' } } } });
    await expect(dockerPause.run(ctx)).rejects.toBeInstanceOf(DockerUnreachableError);
  });

  it('stops at once when the step is aborted before it acts', async () => {
    const container = await victim();
    const ctx = contextFor(dockerPause, { container: container.id });
    ctx.abort.abort();
    await expect(dockerPause.run(ctx)).rejects.toMatchObject({ name: 'AbortError' });
    expect((await container.inspect()).State.Paused).toBe(false);
  });
});
