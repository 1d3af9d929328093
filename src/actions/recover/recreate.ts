import { z } from 'zod';
import { defineAction, type ActionContext, type ActionOutcome, type JsonValue } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { connect, snapshotEndpoints } from '../../docker/networks.js';
import { operationOn, targetParams, type ResolvedTarget } from '../../docker/target.js';
import { ActionFailedError, NotFoundError } from '../../errors.js';
import { durationSchema, parseDuration } from '../../duration.js';
import { resolveTarget } from '../docker/container-step.js';
import { endpointConfig, recreatePlan } from './clean-config.js';
import { removeContainer, renameContainer, shortName, startContainer, stopContainer, suffix, targetById } from './container-ops.js';
import { isolationOf, limitsBeforeContainment, type IsolationRecord } from './containment-history.js';
import { waitUntilHealthy } from './health.js';
import {
  findLeftovers,
  oldName,
  recreateLabels,
  stateOf,
  targetIfPresent,
  temporaryName,
  type HostBase,
  type Leftover,
  type OldState,
  type RecreateMemory,
  type StepScope,
} from './recreate-leftovers.js';
import { ensureName, putBack, removeTemporaries, restoreRunState } from './recreate-put-back.js';
import { chooseImage } from './image-choice.js';
import { imageRefSchema } from './images.js';

const ACTION = 'recover.recreate';

const params = z
  .object({
    ...targetParams,
    image: imageRefSchema
      .optional()
      .describe(
        'the clean image, already on the engine (never pulled); without it, the image the container was created from, pinned by the image id evidence.inspect recorded',
      ),
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
// A retry of the step (after a kill or a failure) first looks for what earlier attempts left,
// by label (see recreate-leftovers.ts): it finishes a swap that was done, or starts over from the
// old container as it was before the first attempt.
export const recoverRecreate = defineAction({
  name: ACTION,
  phase: 'recovery',
  summary:
    'Replace a container with a fresh one from a clean image, keeping its config (env, mounts, ports, networks, labels, restart policy); healthy first, then swap.',
  params,
  idempotent: false,
  auto: false,
  requires: [
    'image.inspect',
    'container.list',
    'container.create',
    'container.start',
    'container.stop',
    'container.rename',
    'container.remove',
    'network.connect',
  ],
  example: `- id: rebuild\n  uses: recover.recreate\n  with: { container: "\${{ inputs.container }}", image: "web:1.4.2" }\n  on_failure: rollback`,
  async run(ctx) {
    const host = ctx.services.docker.host(ctx.params.host);
    const base: HostBase = { hostName: host.name, hostUrl: host.url, docker: host.docker };
    const scope: StepScope = { incidentId: ctx.incidentId, stepId: ctx.stepId, hostName: host.name, container: ctx.params.container };
    const leftovers = await findLeftovers(base, scope, ctx.services.db, ctx.signal);
    if (leftovers.swapped) return finishInterruptedSwap(ctx, base, leftovers.swapped, leftovers.temporary);

    // an earlier attempt may have stopped or renamed the old container: its labels say how it was
    const remembered = leftovers.temporary[0]?.memory;
    const rememberedOld = remembered && (await targetIfPresent(base, remembered.oldId, ctx.signal));
    const old = rememberedOld ?? (await resolveTarget(ctx));
    const memory: RecreateMemory = rememberedOld ? remembered : { oldId: old.info.Id, name: shortName(old.info), oldState: stateOf(old.info) };
    const { name } = memory;

    const choice = await dockerCall(
      operationOn(old, `inspect image ${ctx.params.image ?? old.info.Image}`),
      () => chooseImage({ docker: old.docker, db: ctx.services.db, incidentId: ctx.incidentId, old: old.info, named: ctx.params.image, signal: ctx.signal }),
      { signal: ctx.signal },
    );
    const cleanImage = choice.image;
    const oldImage = await old.docker
      .getImage(old.info.Image)
      .inspect()
      .catch(() => undefined); // the old image may be gone; then the whole config is carried over
    const isolation = isolationOf(ctx.services.db, ctx.incidentId, old.info.Id);
    refuseUnknownNetworks(old, isolation, ctx.services.docker.quarantineNetwork);
    const plan = recreatePlan({
      old: old.info,
      oldImage,
      cleanImage,
      cleanRef: choice.ref,
      temporaryName: temporaryName(name, suffix()),
      networks: isolation ? isolation.originalNetworks : snapshotEndpoints(old.info, [ctx.services.docker.quarantineNetwork]),
      limits: limitsBeforeContainment(ctx.services.db, ctx.incidentId, old.info.Id),
      labels: recreateLabels(scope, memory),
    });

    const created = await dockerCall(
      operationOn(old, `create a container from ${choice.label}`),
      () => old.docker.createContainer({ ...plan.create, abortSignal: ctx.signal }),
      {
        signal: ctx.signal,
        changes: true,
      },
    );
    const fresh = await targetById(old, created.id, ctx.signal);
    // the new container carries the memory now: the earlier attempts' containers can go
    const leftoversRemoved = await removeTemporaries(ctx, base, leftovers.temporary);
    const swappedOldName = oldName(name, old.info.Id);
    try {
      await ensureName(old, name, ctx.signal);
      for (const endpoint of plan.networks.slice(1)) await connect(fresh, endpoint.network_id || endpoint.network, endpointConfig(endpoint), ctx.signal);
      await stopContainer(old, parseDuration(ctx.params.stop_timeout) / 1000, ctx.signal);
      await startContainer(fresh, ctx.signal);
      const verdict = await waitUntilHealthy(fresh, parseDuration(ctx.params.settle), parseDuration(ctx.params.health_timeout), ctx.signal);
      if (!verdict.ok) {
        throw new ActionFailedError(
          `the new container from ${choice.label} failed its check: ${verdict.why}; ${name} (${old.info.Id.slice(0, 12)}) was left in place`,
          {
            hint: `docker -H ${old.hostUrl} logs ${fresh.info.Id.slice(0, 12)} is gone with it; try the image by hand (docker run --rm ${choice.ref}) and fix it before recreating again`,
          },
        );
      }
      await renameContainer(old, swappedOldName, ctx.signal);
      await renameContainer(fresh, name, ctx.signal);
    } catch (error) {
      return putBack(ctx, { old, fresh, name, temporaryName: plan.create.name!, oldState: memory.oldState }, error);
    }
    if (!ctx.params.keep_old) await removeContainer(old, ctx.signal);

    return recorded(ctx, {
      hostName: old.hostName,
      name,
      fresh,
      oldId: old.info.Id,
      oldImageId: old.info.Image,
      oldKeptAs: ctx.params.keep_old ? swappedOldName : null,
      oldState: memory.oldState,
      imageId: cleanImage.Id,
      image: choice.label,
      networks: plan.networks.map((n) => n.network),
      leftoversRemoved,
    });
  },
  // Possible only when the old container was kept: the bytes of a removed one are in the
  // forensic image, and starting a compromised image again is not a rollback a runbook should do.
  async undo(ctx, done) {
    const outputs = doneOutputs.parse(done.outputs);
    const host = ctx.services.docker.host(ctx.params.host);
    const base = { hostName: host.name, hostUrl: host.url, docker: host.docker };
    if (!outputs.old_container_name) {
      throw new ActionFailedError(
        `cannot restore ${outputs.container_name}: the old container ${outputs.old_container_id.slice(0, 12)} was removed after the swap`,
        {
          hint: 'set keep_old: true on recover.recreate for a step that may be rolled back; its forensic image is in the evidence store',
        },
      );
    }
    const old = await targetById(base, outputs.old_container_id, ctx.signal);
    const fresh = await targetById(base, outputs.container_id, ctx.signal).catch(() => undefined);
    if (fresh) await removeContainer(fresh, ctx.signal);
    await renameContainer(old, outputs.container_name, ctx.signal);
    await restoreRunState(old, outputs.old_was_paused ? 'paused' : 'running', ctx.signal);
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

/**
 * Never rebuild a service with NetworkMode none by accident: a container on quarantine whose
 * networks before isolation the ledger does not hold is refused, not recreated on no network.
 */
function refuseUnknownNetworks(old: ResolvedTarget, isolation: IsolationRecord | undefined, quarantine: string): void {
  const onQuarantine = (isolation?.quarantineNetwork ?? quarantine) in (old.info.NetworkSettings.Networks ?? {});
  if (isolation ? isolation.known : !onQuarantine) return;
  throw new NotFoundError(`refusing to recreate ${shortName(old.info)}: the networks it was on before isolation are not recorded in this incident`, {
    hint: `reconnect it to its networks by hand (docker network connect), or release it, then run the step again (irctl resume --retry-step)`,
  });
}

/**
 * The run stopped after the new container took the old one's name (it had passed its check):
 * finish what that attempt would have done next instead of replacing the replacement.
 */
async function finishInterruptedSwap(ctx: ActionContext<Params>, base: HostBase, swapped: Leftover, temporaries: Leftover[]): Promise<ActionOutcome> {
  const { memory } = swapped;
  const fresh = await targetById(base, swapped.id, ctx.signal);
  const old = await targetIfPresent(base, memory.oldId, ctx.signal);
  const leftoversRemoved = await removeTemporaries(ctx, base, temporaries);
  await startContainer(fresh, ctx.signal);
  // only under the name this action gave it: one a human renamed since is theirs to remove
  const oldKeptAs = old ? shortName(old.info) : null;
  const removeOld = old !== undefined && !ctx.params.keep_old && oldKeptAs === oldName(memory.name, memory.oldId);
  if (removeOld) await removeContainer(old, ctx.signal);
  return recorded(ctx, {
    hostName: base.hostName,
    name: memory.name,
    fresh,
    oldId: memory.oldId,
    oldImageId: old?.info.Image,
    oldKeptAs: removeOld ? null : oldKeptAs,
    oldState: memory.oldState,
    imageId: fresh.info.Image,
    image: ctx.params.image ?? fresh.info.Config.Image,
    networks: Object.keys(fresh.info.NetworkSettings.Networks ?? {}),
    leftoversRemoved,
    resumed: true,
  });
}

interface RecreateResult {
  hostName: string;
  name: string;
  fresh: ResolvedTarget;
  oldId: string;
  oldImageId: string | undefined; // unknown once an interrupted run removed the old container
  oldKeptAs: string | null; // the old container's name now, or null when it was removed
  oldState: OldState;
  imageId: string;
  image: string; // what it was recreated from, for people
  networks: string[];
  leftoversRemoved: string[];
  resumed?: boolean;
}

/** Write the `recreated` custody record and the step's outcome. */
async function recorded(ctx: ActionContext<Params>, result: RecreateResult): Promise<ActionOutcome> {
  const { fresh, oldId, name } = result;
  const engineVersion = await ctx.services.docker.engineVersion(result.hostName, ctx.signal);
  ctx.custody.record({
    act: 'recreated',
    actor: ctx.actor,
    subject: oldId,
    where: { host: result.hostName, engine_version: engineVersion, container_id: oldId, ...(result.oldImageId ? { image_id: result.oldImageId } : {}) },
    // JSON round trip: an unset image is absent, not undefined (the ledger takes JSON only)
    how: { action: ACTION, params: JSON.parse(JSON.stringify(ctx.params)) as JsonValue },
    details: {
      new_container_id: fresh.info.Id,
      image: result.image,
      image_id: result.imageId,
      old_removed: result.oldKeptAs === null,
      networks: result.networks,
      ...(result.leftoversRemoved.length ? { leftovers_removed: result.leftoversRemoved } : {}),
      ...(result.resumed ? { resumed: true } : {}),
    },
  });
  const oldFate = result.oldKeptAs === null ? 'removed' : `kept as ${result.oldKeptAs}`;
  return {
    kind: 'done',
    summary: `${result.resumed ? 'finished an interrupted recreate of' : 'recreated'} ${name} from ${result.image}: new ${fresh.info.Id.slice(0, 12)}, old ${oldId.slice(0, 12)} ${oldFate}`,
    outputs: {
      container_id: fresh.info.Id,
      container_name: name,
      image: result.image,
      image_id: result.imageId,
      old_container_id: oldId,
      old_container_name: result.oldKeptAs,
      old_removed: result.oldKeptAs === null,
      old_was_paused: result.oldState === 'paused',
      networks: result.networks,
    },
  };
}
