import { z } from 'zod';
import { defineAction } from '../contract.js';
import { connectToQuarantine, disconnect, ensureQuarantineNetwork, reconnect } from '../../docker/networks.js';
import { reinspect, targetParams } from '../../docker/target.js';
import { NotFoundError } from '../../errors.js';
import { setPaused } from '../docker/pause.js';
import { nameOf, recordContainerAct, resolveTarget } from '../docker/container-step.js';
import { isolationOf } from './containment-history.js';

const ACTION = 'recover.release';

// Release is the counterpart of containment (a Contain/Release pair): the container goes back on
// the networks docker.isolate took it off, with the same aliases and, where the network allows,
// the same addresses; off quarantine; and thawed.
export const recoverRelease = defineAction({
  name: ACTION,
  phase: 'recovery',
  summary: 'Undo containment: reconnect the networks docker.isolate recorded, leave quarantine, unpause (undo: contain again).',
  params: z.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: false,
  requires: ['container.inspect', 'network.connect', 'network.disconnect', 'container.unpause'],
  example: `- id: release\n  uses: recover.release\n  with: { container: "\${{ inputs.container }}" }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const isolation = isolationOf(ctx.services.db, ctx.incidentId, target.info.Id);
    const paused = target.info.State.Paused;
    if (!isolation && !paused) {
      throw new NotFoundError(`incident ${ctx.incidentId} has no containment of ${nameOf(target)} to release: no docker.isolate record and it is not paused`, {
        hint: `irctl custody log ${ctx.incidentId} shows what was done to which container`,
      });
    }
    const attached = target.info.NetworkSettings.Networks ?? {};
    const quarantineName = isolation?.quarantineNetwork ?? ctx.services.docker.quarantineNetwork;
    if ((isolation && !isolation.known) || (!isolation && quarantineName in attached)) {
      // leaving quarantine without the original networks would leave it on no network at all
      throw new NotFoundError(`refusing to release ${nameOf(target)}: incident ${ctx.incidentId} does not record the networks it was on before isolation`, {
        hint: `reconnect it by hand (docker network connect --alias … --ip … NETWORK ${target.info.Id.slice(0, 12)}), then docker network disconnect ${quarantineName} ${target.info.Id.slice(0, 12)}; irctl custody log ${ctx.incidentId} shows what was recorded`,
      });
    }
    const reconnected: string[] = [];
    for (const endpoint of isolation?.originalNetworks ?? []) {
      if (endpoint.network in attached) continue;
      await reconnect(target, endpoint, ctx.signal);
      reconnected.push(endpoint.network);
    }
    const quarantine = isolation ? attached[isolation.quarantineNetwork] : undefined;
    if (quarantine) await disconnect(target, quarantine.NetworkID || isolation!.quarantineNetwork, ctx.signal);
    if (paused) await setPaused(target, false, ctx.signal);

    await recordContainerAct(ctx, target, 'released', ACTION, { reconnected, left_quarantine: Boolean(quarantine), unpaused: paused });
    return {
      kind: 'done',
      summary: `released ${nameOf(target)}: ${reconnected.length ? `reconnected ${reconnected.join(', ')}` : 'no network to reconnect'}${quarantine ? `, left ${isolation!.quarantineNetwork}` : ''}${paused ? ', unpaused' : ''}`,
      outputs: {
        container_id: target.info.Id,
        reconnected,
        quarantine_network: isolation?.quarantineNetwork ?? null,
        left_quarantine: Boolean(quarantine),
        unpaused: paused,
      },
    };
  },
  // Contain again exactly what this step released.
  async undo(ctx, done) {
    const outputs = z
      .object({ reconnected: z.array(z.string()), quarantine_network: z.string().nullable(), left_quarantine: z.boolean(), unpaused: z.boolean() })
      .parse(done.outputs);
    const target = await resolveTarget(ctx);
    if (outputs.left_quarantine && outputs.quarantine_network && !(outputs.quarantine_network in (target.info.NetworkSettings.Networks ?? {}))) {
      await connectToQuarantine(target, await ensureQuarantineNetwork(target, outputs.quarantine_network, ctx.signal), ctx.signal);
    }
    const attached = (await reinspect(target, ctx.signal)).NetworkSettings.Networks ?? {};
    for (const network of outputs.reconnected) {
      const endpoint = attached[network];
      if (endpoint) await disconnect(target, endpoint.NetworkID || network, ctx.signal);
    }
    const now = await reinspect(target, ctx.signal);
    if (outputs.unpaused && now.State.Running && !now.State.Paused) await setPaused(target, true, ctx.signal);
    await recordContainerAct(ctx, target, 'contained', ACTION, {
      undo: true,
      disconnected: outputs.reconnected,
      quarantine_network: outputs.quarantine_network,
    });
  },
});
