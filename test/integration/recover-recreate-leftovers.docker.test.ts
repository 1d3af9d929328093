import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverRecreate } from '../../src/actions/recover/recreate.js';
import { oldName, recreateLabels, temporaryName, type RecreateMemory, type StepScope } from '../../src/actions/recover/recreate-leftovers.js';
import { custodyAppender } from '../../src/custody/ledger.js';
import { ActionFailedError } from '../../src/errors.js';
import { contextFor, type TestContextOptions } from '../helpers/action-context.js';
import { removeQuietly, startVictim, TEST_IMAGE, testDocker, uniqueName } from '../helpers/docker.js';
import { evidenceFixture } from '../unit/evidence/fixtures.js';

// Marked long: each test recreates a container on the real engine (create, stop, start, settle,
// rename, remove), about 3 s alone and several times that while the whole suite shares two cores.
const LONG = { timeout: 60_000 };

// Each test puts the engine in the state a recover.recreate killed at one point leaves (the
// containers created with the labels the action writes, the old one stopped or renamed as the
// action does), then runs the step again as `irctl resume --retry-step` would: same incident,
// same step, same parameters.
describe('recover.recreate run again after an interrupted attempt, on the real engine', LONG, () => {
  const docker = testDocker();
  const broken = `irctl-test/exits:${uniqueName('lo')}`;
  const names: string[] = [];
  let cleanImageId: string;

  beforeAll(async () => {
    cleanImageId = (await docker.getImage(TEST_IMAGE).inspect()).Id;
    const base = await docker.createContainer({ Image: TEST_IMAGE, Labels: { 'irctl.test': '1' } });
    const [repo, tag] = broken.split(':');
    await base.commit({ repo, tag, changes: 'CMD ["/bin/false"]' } as never);
    await base.remove();
  });

  afterAll(async () => {
    for (const name of names) {
      for (const container of await docker.listContainers({ all: true, filters: { name: [name] } })) await removeQuietly(docker.getContainer(container.Id));
    }
    await docker
      .getImage(broken)
      .remove()
      .catch(() => undefined);
  });

  /** A running victim, the step's scope, and what a first attempt would have remembered about it. */
  async function victim(options: { paused?: boolean } = {}) {
    const name = uniqueName('rl');
    names.push(name);
    const container = await startVictim(docker, { name, env: ['APP_MODE=prod'] });
    if (options.paused) await container.pause();
    const info = await container.inspect();
    const scope: StepScope = { incidentId: uniqueName('inc'), stepId: 'rebuild', hostName: 'local', container: name };
    const memory: RecreateMemory = { oldId: info.Id, name, oldState: options.paused ? 'paused' : 'running' };
    return { name, info, container, scope, memory };
  }

  /** A container as the killed attempt created it: the clean image, this step's labels. */
  async function leftover(scope: StepScope, memory: RecreateMemory, options: { name?: string; start?: boolean } = {}): Promise<Docker.Container> {
    const container = await docker.createContainer({
      name: options.name ?? temporaryName(memory.name, 'dead01'),
      Image: TEST_IMAGE,
      Env: ['APP_MODE=prod'], // carried over from the old container, as the plan does
      Labels: { ...recreateLabels(scope, memory), 'irctl.test': '1' },
    });
    if (options.start) await container.start();
    return container;
  }

  function retry(scope: StepScope, params: { image?: string; keep_old?: boolean; settle?: string } = {}, options: TestContextOptions = {}) {
    const ctx = contextFor(
      recoverRecreate,
      { container: scope.container, image: TEST_IMAGE, stop_timeout: '0s', settle: '200ms', health_timeout: '5s', ...params },
      { incidentId: scope.incidentId, stepId: scope.stepId, ...options },
    );
    return { ctx, outcome: recoverRecreate.run(ctx) };
  }

  const namesLike = async (name: string) =>
    (await docker.listContainers({ all: true, filters: { name: [name] } })).map((container) => container.Names[0]!.replace(/^\//, '')).sort();

  /** The end state every retry must reach: one running container under the name, from the clean image. */
  async function expectRecreated(name: string, oldId: string): Promise<Docker.ContainerInspectInfo> {
    const now = await docker.getContainer(name).inspect();
    expect([now.Image, now.State.Running]).toEqual([cleanImageId, true]);
    expect(now.Id).not.toBe(oldId);
    expect(now.Config.Env).toContain('APP_MODE=prod');
    expect(await namesLike(name)).toEqual([name]);
    await expect(docker.getContainer(oldId).inspect()).rejects.toMatchObject({ statusCode: 404 });
    return now;
  }

  it('removes the new container a kill right after its creation left behind and recreates the container once', async () => {
    const { name, info, scope, memory } = await victim();
    const stale = await leftover(scope, memory);
    const { ctx, outcome } = retry(scope);
    expect(await outcome).toMatchObject({ kind: 'done' });
    await expectRecreated(name, info.Id);
    expect(ctx.recorded.map((entry) => [entry.act, entry.details?.leftovers_removed])).toEqual([['recreated', [stale.id]]]);
  });

  it('remembers that the old container was frozen when the kill came after it was stopped and the new one started', async () => {
    const { name, info, container, scope, memory } = await victim({ paused: true });
    await leftover(scope, memory, { start: true });
    await container.stop({ t: 0 });
    const done = await retry(scope).outcome;
    expect(done).toMatchObject({ kind: 'done', outputs: { old_container_id: info.Id, old_was_paused: true } });
    await expectRecreated(name, info.Id);
  });

  it('puts the old container back running and frozen, as before the first attempt, when the retry fails its check', async () => {
    const { name, info, container, scope, memory } = await victim({ paused: true });
    await leftover(scope, memory, { start: true });
    await container.stop({ t: 0 });
    // a settle long enough to see the broken container exit (the others stay up: one poll will do)
    const failure = await retry(scope, { image: broken, settle: '500ms' }).outcome.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ActionFailedError);
    const after = await docker.getContainer(name).inspect();
    expect([after.Id, after.State.Running, after.State.Paused]).toEqual([info.Id, true, true]);
    expect(await namesLike(name)).toEqual([name]);
  });

  it('finds the old container by label when a kill mid-swap left it renamed, and recreates it under its own name', async () => {
    const { name, info, container, scope, memory } = await victim();
    await leftover(scope, memory, { start: true });
    await container.stop({ t: 0 });
    await container.rename({ name: oldName(name, info.Id) });
    const done = await retry(scope).outcome;
    expect(done).toMatchObject({ kind: 'done', outputs: { container_name: name, old_container_id: info.Id, old_removed: true } });
    await expectRecreated(name, info.Id);
  });

  it('finishes a swap a kill interrupted: the new container stays in place and the renamed old one is removed', async () => {
    const { name, info, container, scope, memory } = await victim();
    await container.stop({ t: 0 });
    await container.rename({ name: oldName(name, info.Id) });
    const swapped = await leftover(scope, memory, { name, start: true });
    const done = await retry(scope).outcome;
    expect(done).toMatchObject({
      kind: 'done',
      summary: expect.stringMatching(/^finished an interrupted recreate/),
      outputs: { container_id: swapped.id, old_removed: true },
    });
    await expectRecreated(name, info.Id);
  });

  it('keeps the renamed old container of an interrupted swap when the step says keep_old', async () => {
    const { name, info, container, scope, memory } = await victim();
    await container.stop({ t: 0 });
    await container.rename({ name: oldName(name, info.Id) });
    const swapped = await leftover(scope, memory, { name, start: true });
    const done = await retry(scope, { keep_old: true }).outcome;
    expect(done).toMatchObject({ kind: 'done', outputs: { container_id: swapped.id, old_container_name: oldName(name, info.Id), old_removed: false } });
    expect((await docker.getContainer(info.Id).inspect()).Name).toBe(`/${oldName(name, info.Id)}`);
  });

  it('reports the recreate done, without replacing the replacement, when the kill came after the old container was removed', async () => {
    const { name, info, container, scope, memory } = await victim();
    await container.remove({ force: true });
    const swapped = await leftover(scope, memory, { name, start: true });
    const done = await retry(scope).outcome;
    expect(done).toMatchObject({ kind: 'done', outputs: { container_id: swapped.id, old_container_id: info.Id } });
    expect((await docker.getContainer(name).inspect()).Id).toBe(swapped.id);
  });

  it('leaves alone containers with a similar name that this step of this incident did not create', async () => {
    const { name, info, scope, memory } = await victim();
    await leftover(scope, memory);
    const unlabelled = await docker.createContainer({ name: temporaryName(name, 'theirs'), Image: TEST_IMAGE, Labels: { 'irctl.test': '1' } });
    const otherIncident = await leftover({ ...scope, incidentId: uniqueName('inc') }, memory, { name: temporaryName(name, 'other') });
    const otherStep = await leftover({ ...scope, stepId: 'rebuild-2' }, memory, { name: temporaryName(name, 'step2') });
    expect(await retry(scope).outcome).toMatchObject({ kind: 'done' });
    for (const bystander of [unlabelled, otherIncident, otherStep]) expect((await bystander.inspect()).State.Status).toBe('created');
    expect(await namesLike(name)).toEqual([name, temporaryName(name, 'other'), temporaryName(name, 'step2'), temporaryName(name, 'theirs')].sort());
    expect((await docker.getContainer(name).inspect()).Id).not.toBe(info.Id);
  });

  it('recreates again on a later visit of the step when the ledger shows the earlier recreate finished', async () => {
    const { name, scope } = await victim();
    const incident = evidenceFixture(scope.incidentId);
    const options = { services: { db: incident.db }, custody: custodyAppender(incident.db, scope.incidentId) };
    const first = await retry(scope, {}, options).outcome;
    const second = await retry(scope, {}, options).outcome;
    if (first.kind !== 'done' || second.kind !== 'done') throw new Error('expected both visits done');
    expect(second.outputs!.old_container_id).toBe(first.outputs!.container_id);
    await expectRecreated(name, first.outputs!.container_id as string);
  });
});
