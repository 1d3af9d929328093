import { z } from 'zod';
import { defineAction } from '../contract.js';
import { ActionFailedError } from '../../errors.js';
import {
  disconnect,
  endpointSnapshotSchema,
  connectToQuarantine,
  ensureQuarantineNetwork,
  findQuarantineNetwork,
  reconnect,
  snapshotEndpoints,
} from '../../docker/networks.js';
import { reinspect, targetParams } from '../../docker/target.js';
import { nameOf, recordContainerAct, resolveTarget } from './container-step.js';
import { prepareIntent, recallIntent } from '../write-ahead.js';

/** What docker.isolate writes ahead (and again in its `contained` record): enough to put the container back. */
export const isolationIntentSchema = z.object({
  quarantine_network: z.string(),
  network_mode: z.string().optional(), // absent in records written before the write-ahead rule
  original_networks: z.array(endpointSnapshotSchema),
});

const ACTION = 'docker.isolate';

// Contain without destroying state (RFC 3227): the container keeps running, cut off from every
// network, on an internal network where it can still be examined through the engine.
export const dockerIsolate = defineAction({
  name: ACTION,
  phase: 'containment',
  summary: 'Disconnect a container from every network and attach it to an internal quarantine network (no egress).',
  params: z
    .object({
      ...targetParams,
      quarantine_network: z
        .string()
        .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/)
        .optional()
        .describe('quarantine network name (default: quarantine_network from the config file, irctl-quarantine)'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'network.create', 'network.disconnect', 'network.connect'],
  example: `- id: isolate\n  uses: docker.isolate\n  with: { container: "\${{ inputs.container }}" }\n  auto: true`,
  async run(ctx) {
    const quarantineName = ctx.params.quarantine_network ?? ctx.services.docker.quarantineNetwork;
    // the quarantine network is looked up (read-only) beside the inspect, not after the intent:
    // isolate is the first act after an alert
    const engine = ctx.services.docker.host(ctx.params.host);
    const found = findQuarantineNetwork({ docker: engine.docker, hostName: engine.name, hostUrl: engine.url }, quarantineName, ctx.signal);
    const target = await resolveTarget(ctx);
    const mode = target.info.HostConfig.NetworkMode ?? '';
    if (mode === 'host' || mode.startsWith('container:')) {
      throw new ActionFailedError(`cannot isolate ${nameOf(target)}: it shares another network namespace (network mode ${mode})`, {
        hint: 'network isolation cannot cut it off; pause or stop it instead (docker.pause, docker.stop)',
      });
    }
    const attachedBefore = target.info.NetworkSettings.Networks ?? {};
    const earlier = recallIntent(ctx, target.info.Id, ACTION);
    if (!earlier && Object.keys(attachedBefore).every((network) => network === quarantineName) && quarantineName in attachedBefore) {
      return { kind: 'skipped', reason: `already isolated on ${quarantineName}` };
    }
    // write-ahead: every network with its aliases, addresses and links, before anything changes
    const { prior } = await prepareIntent(ctx, target, ACTION, () => ({
      quarantine_network: quarantineName,
      network_mode: mode,
      original_networks: snapshotEndpoints(target.info, [quarantineName]),
    }));
    const recorded = isolationIntentSchema.parse(prior);
    // a re-run after a crash acts on the recorded name, which the early lookup may not have been for
    const quarantine = await ensureQuarantineNetwork(
      target,
      recorded.quarantine_network,
      ctx.signal,
      recorded.quarantine_network === quarantineName ? found : undefined,
    );
    // a re-run after a crash: only what is still attached is disconnected
    for (const endpoint of recorded.original_networks) {
      const attached = attachedBefore[endpoint.network];
      // by id: network names need not be unique on older engines
      if (attached) await disconnect(target, attached.NetworkID || endpoint.network_id || endpoint.network, ctx.signal);
    }
    if (!(recorded.quarantine_network in attachedBefore)) await connectToQuarantine(target, quarantine, ctx.signal);

    const original = recorded.original_networks;
    await recordContainerAct(ctx, target, 'contained', ACTION, {
      quarantine_network: recorded.quarantine_network,
      network_mode: recorded.network_mode ?? mode,
      original_networks: original,
    });
    return {
      kind: 'done',
      summary: `isolated ${nameOf(target)}: disconnected from ${original.map((e) => e.network).join(', ') || 'no network'}, attached to ${recorded.quarantine_network}`,
      outputs: { container_id: target.info.Id, quarantine_network: recorded.quarantine_network, networks: original },
    };
  },
  // Release: back on the original networks with the same addresses and aliases, off quarantine.
  async undo(ctx, done) {
    const outputs = z.object({ quarantine_network: z.string(), networks: z.array(endpointSnapshotSchema) }).parse(done.outputs);
    const target = await resolveTarget(ctx);
    const attached = target.info.NetworkSettings.Networks ?? {};
    for (const endpoint of outputs.networks) {
      if (!(endpoint.network in attached)) await reconnect(target, endpoint, ctx.signal);
    }
    const onQuarantine = attached[outputs.quarantine_network];
    if (onQuarantine) await disconnect(target, onQuarantine.NetworkID || outputs.quarantine_network, ctx.signal);

    const now = await reinspect(target, ctx.signal);
    const restored = snapshotEndpoints(now, [outputs.quarantine_network]).map((endpoint) => ({
      network: endpoint.network,
      ipv4_address: endpoint.ipv4_address,
      same_address: outputs.networks.find((before) => before.network === endpoint.network)?.ipv4_address === endpoint.ipv4_address,
    }));
    const moved = restored.filter((endpoint) => !endpoint.same_address);
    if (moved.length > 0) {
      ctx.log.warn({ container: target.info.Id, moved }, 'the engine gave new addresses on networks that do not allow fixed ones');
    }
    await recordContainerAct(ctx, target, 'released', ACTION, { restored_networks: restored });
  },
});
