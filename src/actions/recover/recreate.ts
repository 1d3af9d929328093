import { z } from 'zod';
import { defineAction, type ActionContext, type JsonValue } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { connect, snapshotEndpoints } from '../../docker/networks.js';
import { operationOn, targetParams, type ResolvedTarget } from '../../docker/target.js';
import { ActionFailedError } from '../../errors.js';
import { durationSchema, parseDuration } from '../../runbook/duration.js';
import { setPaused } from '../docker/pause.js';
import { nameOf, resolveTarget } from '../docker/container-step.js';
import { endpointConfig, recreatePlan } from './clean-config.js';
import { removeContainer, renameContainer, shortName, startContainer, stopContainer, suffix, targetById } from './container-ops.js';
import { isolationOf, limitsBeforeContainment } from './containment-history.js';
import { waitUntilHealthy } from './health.js';
import { expectedImage, imageRefSchema } from './images.js';

const ACTION = 'recover.recreate';

const params = z
  .object({
    ...targetParams,
    image: imageRefSchema.describe('the clean image, already on the engine (never pulled)'),
    keep_old: z.boolean().default(false).describe('keep the old container (stopped, renamed) instead of removing it; undo can then restore it'),
    stop_timeout: durationSchema.default('5s').describe('grace period when stopping the old container'),
    settle: durationSchema.default('2s').describe('without a HEALTHCHECK: how long the new container must stay up'),
    health_timeout: durationSchema.default('60s').describe('how long to wait for the new container to be healthy'),
  })
  .strict();
type Params = z.output<typeof params>;

const doneOutputs = z.object({
  container_id: z.string(),
  container_name: z.string(),
  old_container_id: z.string(),
  old_container_name: z.string().nullable(),
  old_was_paused: z.boolean(),
});

// Order matters: nothing is removed until the new container has proved itself. The new one is
// created under a temporary name; the old one is stopped (never before the evidence steps: this
// is recovery) only so the new one can take its ports; if the new one fails to start or to become
// healthy it is removed and the old one is started again. Names are swapped only at the end.
export const recoverRecreate = defineAction({
  name: ACTION,
  phase: 'recovery',
  summary: 'Replace a container with a fresh one from a clean image, keeping its config (env, mounts, ports, networks, labels, restart policy); healthy first, then swap.',
  params,
  idempotent: false,
  auto: false,
  requires: ['image.inspect', 'container.create', 'container.start', 'container.stop', 'container.rename', 'container.remove', 'network.connect'],
  example: `- id: rebuild\n  uses: recover.recreate\n  with: { container: "\${{ inputs.container }}", image: "web:1.4.2" }\n  on_failure: rollback`,
  async run(ctx) {
    const old = await resolveTarget(ctx);
    const cleanImage = await dockerCall(operationOn(old, `inspect image ${ctx.params.image}`), () => expectedImage(old.docker, ctx.params.image, ctx.signal), { signal: ctx.signal });
    const oldImage = await old.docker
      .getImage(old.info.Image)
      .inspect()
      .catch(() => undefined); // the old image may be gone; then the whole config is carried over
    const isolation = isolationOf(ctx.services.db, ctx.incidentId, old.info.Id);
    const name = shortName(old.info);
    const plan = recreatePlan({
      old: old.info,
      oldImage,
      cleanImage,
      cleanRef: ctx.params.image,
      temporaryName: `${name}-irctl-new-${suffix()}`,
      networks: isolation?.originalNetworks.length ? isolation.originalNetworks : snapshotEndpoints(old.info, [ctx.services.docker.quarantineNetwork]),
      limits: limitsBeforeContainment(ctx.services.db, ctx.incidentId, old.info.Id),
      labels: { 'irctl.incident': ctx.incidentId, 'irctl.recreated_from': old.info.Id },
    });

    const created = await dockerCall(operationOn(old, `create a container from ${ctx.params.image}`), () => old.docker.createContainer({ ...plan.create, abortSignal: ctx.signal }), {
      signal: ctx.signal,
    });
    const fresh = await targetById(old, created.id, ctx.signal);
    const wasRunning = old.info.State.Running;
    const wasPaused = old.info.State.Paused;
    try {
      for (const endpoint of plan.networks.slice(1)) await connect(fresh, endpoint.network_id || endpoint.network, endpointConfig(endpoint), ctx.signal);
      if (wasRunning) await stopContainer(old, parseDuration(ctx.params.stop_timeout) / 1000, ctx.signal);
      await startContainer(fresh, ctx.signal);
      const verdict = await waitUntilHealthy(fresh, parseDuration(ctx.params.settle), parseDuration(ctx.params.health_timeout), ctx.signal);
      if (!verdict.ok) {
        throw new ActionFailedError(`the new container from ${ctx.params.image} failed its check: ${verdict.why}; ${nameOf(old)} was left in place`, {
          hint: `docker -H ${old.hostUrl} logs ${fresh.info.Id.slice(0, 12)} is gone with it; try the image by hand (docker run --rm ${ctx.params.image}) and fix it before recreating again`,
        });
      }
    } catch (error) {
      await putBack(ctx, old, fresh, wasRunning, wasPaused);
      throw error;
    }

    const oldName = `${name}-irctl-old-${old.info.Id.slice(0, 12)}`;
    await renameContainer(old, oldName, ctx.signal);
    await renameContainer(fresh, name, ctx.signal);
    if (!ctx.params.keep_old) await removeContainer(old, ctx.signal);

    const engineVersion = await ctx.services.docker.engineVersion(old.hostName, ctx.signal);
    ctx.custody.record({
      act: 'recreated',
      actor: ctx.actor,
      subject: old.info.Id,
      where: { host: old.hostName, engine_version: engineVersion, container_id: old.info.Id, image_id: old.info.Image },
      how: { action: ACTION, params: ctx.params as unknown as JsonValue },
      details: { new_container_id: fresh.info.Id, image: ctx.params.image, image_id: cleanImage.Id, old_removed: !ctx.params.keep_old, networks: plan.networks.map((n) => n.network) },
    });
    return {
      kind: 'done',
      summary: `recreated ${name} from ${ctx.params.image}: new ${fresh.info.Id.slice(0, 12)}, old ${old.info.Id.slice(0, 12)} ${ctx.params.keep_old ? `kept as ${oldName}` : 'removed'}`,
      outputs: {
        container_id: fresh.info.Id,
        container_name: name,
        image: ctx.params.image,
        image_id: cleanImage.Id,
        old_container_id: old.info.Id,
        old_container_name: ctx.params.keep_old ? oldName : null,
        old_removed: !ctx.params.keep_old,
        old_was_paused: wasPaused,
        networks: plan.networks.map((n) => n.network),
      },
    };
  },
  // Possible only when the old container was kept: the bytes of a removed one are in the
  // forensic image, and starting a compromised image again is not a rollback a runbook should do.
  async undo(ctx, done) {
    const outputs = doneOutputs.parse(done.outputs);
    const host = ctx.services.docker.host(ctx.params.host);
    const base = { hostName: host.name, hostUrl: host.url, docker: host.docker };
    if (!outputs.old_container_name) {
      throw new ActionFailedError(`cannot restore ${outputs.container_name}: the old container ${outputs.old_container_id.slice(0, 12)} was removed after the swap`, {
        hint: 'set keep_old: true on recover.recreate for a step that may be rolled back; its forensic image is in the evidence store',
      });
    }
    const old = await targetById(base, outputs.old_container_id, ctx.signal);
    const fresh = await targetById(base, outputs.container_id, ctx.signal).catch(() => undefined);
    if (fresh) await removeContainer(fresh, ctx.signal);
    await renameContainer(old, outputs.container_name, ctx.signal);
    await putBack(ctx, old, undefined, true, outputs.old_was_paused);
    ctx.custody.record({
      act: 'restored',
      actor: ctx.actor,
      subject: outputs.old_container_id,
      where: { host: host.name, container_id: outputs.old_container_id },
      how: { action: ACTION, undo: true },
      details: { removed_container_id: outputs.container_id, name: outputs.container_name },
    });
  },
});

/** Undo a half-done swap: the new container goes, the old one runs (and is frozen) as before. */
async function putBack(ctx: ActionContext<Params>, old: ResolvedTarget, fresh: ResolvedTarget | undefined, wasRunning: boolean, wasPaused: boolean): Promise<void> {
  if (fresh) await removeContainer(fresh, ctx.signal).catch((error: Error) => ctx.log.warn({ error: error.message }, 'could not remove the new container'));
  if (!wasRunning) return;
  await startContainer(old, ctx.signal);
  if (wasPaused) await setPaused(old, true, ctx.signal);
}
