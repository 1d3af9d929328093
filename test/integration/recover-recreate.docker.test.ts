import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceInspect } from '../../src/actions/evidence/inspect.js';
import { recoverRecreate } from '../../src/actions/recover/recreate.js';
import { custodyAppender, listCustody } from '../../src/custody/ledger.js';
import { recoverVerify } from '../../src/actions/recover/verify.js';
import { recoverWatch } from '../../src/actions/recover/watch.js';
import { ActionFailedError, NotFoundError } from '../../src/errors.js';
import { contextFor } from '../helpers/action-context.js';
import { waitUntil } from '../helpers/wait-until.js';
import { evidenceFixture } from '../unit/evidence/fixtures.js';
import { execIn, removeQuietly, startVictim, TEST_IMAGE, testDocker, uniqueName } from '../helpers/docker.js';

// Marked long: each test recreates a container on the real engine (create, stop, start, settle,
// rename, remove), about 3 s alone and several times that while the whole suite shares two cores.
const LONG = { timeout: 60_000 };

describe('recover.recreate, recover.verify and recover.watch on the real engine', LONG, () => {
  const docker = testDocker();
  const broken = `irctl-test/exits:${uniqueName('t')}`;
  const created: string[] = [];

  beforeAll(async () => {
    // a "clean" image whose command exits at once: the new container can never pass its check
    const base = await docker.createContainer({ Image: TEST_IMAGE, Labels: { 'irctl.test': '1' } });
    const [repo, tag] = broken.split(':');
    await base.commit({ repo, tag, changes: 'CMD ["/bin/false"]' } as never);
    await base.remove();
  });

  afterAll(async () => {
    for (const name of created) await removeQuietly(docker.getContainer(name));
    await docker
      .getImage(broken)
      .remove()
      .catch(() => undefined);
  });

  async function victim(): Promise<{ name: string; info: Docker.ContainerInspectInfo }> {
    const name = uniqueName('rc');
    created.push(name);
    const container = await startVictim(docker, { name, env: ['TOKEN_FILE=/run/token'] });
    return { name, info: await container.inspect() };
  }

  it('fails before touching anything when the clean image is not on the engine', async () => {
    const { name, info } = await victim();
    const ctx = contextFor(recoverRecreate, { container: name, image: 'irctl-test/absent:0' });
    await expect(recoverRecreate.run(ctx)).rejects.toBeInstanceOf(NotFoundError);
    const after = await docker.getContainer(name).inspect();
    expect([after.Id, after.State.Running, after.State.StartedAt]).toEqual([info.Id, true, info.State.StartedAt]);
  });

  it('puts the old container back, running and frozen as it was, when the new one fails its check', async () => {
    const { name, info } = await victim();
    await docker.getContainer(name).pause();
    const ctx = contextFor(recoverRecreate, { container: name, image: broken, stop_timeout: '0s', settle: '1s', health_timeout: '5s' });
    const failure = await recoverRecreate.run(ctx).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ActionFailedError);
    expect((failure as Error).message).toMatch(/failed its check: it is exited \(exit code 1\).*was left in place/);
    const after = await docker.getContainer(name).inspect();
    expect([after.Id, after.Name, after.State.Running, after.State.Paused]).toEqual([info.Id, info.Name, true, true]);
    expect(await docker.listContainers({ all: true, filters: { label: [`irctl.recreated_from=${info.Id}`] } })).toEqual([]);
  });

  it('undo of a recreate that kept the old container brings the old one back under its name', async () => {
    const { name, info } = await victim();
    const ctx = contextFor(recoverRecreate, { container: name, image: TEST_IMAGE, keep_old: true, stop_timeout: '0s', settle: '200ms' });
    const done = await recoverRecreate.run(ctx);
    if (done.kind !== 'done') throw new Error('expected done');
    const fresh = await docker.getContainer(name).inspect();
    expect(fresh.Id).toBe(done.outputs!.container_id);
    expect(fresh.Config.Env).toContain('TOKEN_FILE=/run/token');

    await recoverRecreate.undo!(ctx, done);
    const restored = await docker.getContainer(name).inspect();
    expect([restored.Id, restored.State.Running]).toEqual([info.Id, true]);
    await expect(docker.getContainer(fresh.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(ctx.recorded.map((entry) => entry.act)).toEqual(['recreated', 'restored']);
  });

  it('without a named image recreates from the image the container was created from, pinned by the id evidence.inspect recorded, even after its tag moved', async () => {
    // the container's own image, under a tag that will be moved to another image before recovery
    const tagged = `irctl-test/orig-${uniqueName('i')}`;
    await docker.getImage(TEST_IMAGE).tag({ repo: tagged, tag: '1' });
    const name = uniqueName('rc');
    created.push(name);
    const container = await docker.createContainer({ name, Image: `${tagged}:1`, Cmd: ['httpd', '-f', '-p', '8080'], Labels: { 'irctl.test': '1' } });
    await container.start();
    const info = await container.inspect();
    try {
      const incident = evidenceFixture();
      const shared = {
        incidentId: incident.incidentId,
        services: { db: incident.db, evidenceDir: incident.evidenceDir },
        custody: custodyAppender(incident.db, incident.incidentId),
      };
      const inspected = await evidenceInspect.run(
        contextFor(evidenceInspect, { container: name }, { ...shared, stepId: 'inspect', evidence: incident.store('inspect') }),
      );
      expect(inspected).toMatchObject({ kind: 'done', outputs: { image: `${tagged}:1`, image_id: info.Image } });

      await docker.getImage(broken).tag({ repo: tagged, tag: '1', force: true } as never); // the tag now names another image
      expect((await docker.getImage(`${tagged}:1`).inspect()).Id).not.toBe(info.Image);

      const done = await recoverRecreate.run(
        contextFor(recoverRecreate, { container: name, stop_timeout: '0s', settle: '200ms' }, { ...shared, stepId: 'rebuild' }),
      );
      const fresh = await docker.getContainer(name).inspect();
      expect(fresh.Id).not.toBe(info.Id);
      expect(fresh.Image).toBe(info.Image);
      expect(done).toMatchObject({
        kind: 'done',
        outputs: { image_id: info.Image, image: expect.stringContaining(`${tagged}:1 (the image ${name} was created from)`) },
      });
      const recreated = listCustody(incident.db, incident.incidentId).find((record) => record.act === 'recreated');
      expect(recreated?.details).toMatchObject({ image_id: info.Image });
    } finally {
      await docker
        .getImage(`${tagged}:1`)
        .remove({ noprune: true })
        .catch(() => undefined);
    }
  });

  it('verify refuses a container with a change outside the allowlist and accepts it once allowlisted', async () => {
    const { name } = await victim();
    await execIn(docker.getContainer(name), ['sh', '-c', 'echo x > /srv/extra.html']);
    const strict = contextFor(recoverVerify, { container: name, image: TEST_IMAGE });
    await expect(recoverVerify.run(strict)).rejects.toThrow(/outside the allowlist: A \/srv\/extra.html/);
    const lenient = contextFor(recoverVerify, { container: name, image: TEST_IMAGE, allowlist: ['/srv/*.html'] });
    expect(await recoverVerify.run(lenient)).toMatchObject({ kind: 'done' });
  });

  it('watch fails with the event when someone execs into the container while it watches', async () => {
    const { name } = await victim();
    const incident = evidenceFixture(); // findings are stored against a real incident row
    const ctx = contextFor(
      recoverWatch,
      { container: name, duration: '20s', interval: '10s' },
      { incidentId: incident.incidentId, services: { db: incident.db } },
    );
    const watching = recoverWatch.run(ctx).catch((error: unknown) => error);
    // exec until the watch reports it: the watch may subscribe to events a moment after it starts
    let settled = false;
    void watching.finally(() => (settled = true));
    await waitUntil(async () => settled || (await execIn(docker.getContainer(name), ['id']), false), 'the watch to report an exec');
    const failure = await watching;
    expect(failure).toBeInstanceOf(ActionFailedError);
    // the subscription can start between one exec's create and its start: either event is the exec
    const kind = /recurrence on .*(event:exec_(?:create|start))/.exec((failure as Error).message)?.[1];
    expect(kind).toMatch(/^event:exec_(create|start)$/);
    expect(incident.db.prepare('SELECT kind FROM findings').all()).toContainEqual({ kind });
  });

  it('watch passes when nothing happens for its duration', async () => {
    const { name } = await victim();
    const incident = evidenceFixture();
    const ctx = contextFor(
      recoverWatch,
      { container: name, duration: '1s', interval: '500ms' }, // still two checks, and the events watched throughout
      { incidentId: incident.incidentId, services: { db: incident.db } },
    );
    expect(await recoverWatch.run(ctx)).toMatchObject({ kind: 'done', outputs: { count: 0 } });
  });
});
