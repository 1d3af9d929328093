import { z } from 'zod';
import { defineAction } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { limitUpdate, memorySizeSchema, parseMemorySize, readLimits, resourceLimitsSchema, restoreUpdates, type WantedLimits } from '../../docker/resources.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { engineInfo } from '../../docker/untyped-calls.js';
import { nameOf, recordContainerAct, resolveTarget, updateContainer } from './container-step.js';
import { prepareIntent, recallIntent } from '../write-ahead.js';

const paramsSchema = z
  .object({
    ...targetParams,
    cpus: z.number().min(0.01).max(1024).optional().describe('CPUs the container may use, e.g. 0.1'),
    memory: memorySizeSchema.optional().describe('memory limit (swap included), e.g. 64m; at least 6m'),
    pids: z.number().int().min(1).max(4_194_304).optional().describe('most processes and threads, e.g. 50'),
  })
  .strict()
  .refine((params) => params.cpus !== undefined || params.memory !== undefined || params.pids !== undefined, {
    message: 'give at least one of cpus, memory, pids',
  });

function wanted(params: z.output<typeof paramsSchema>): WantedLimits {
  return { cpus: params.cpus, memory: params.memory === undefined ? undefined : parseMemorySize(params.memory), pids: params.pids };
}

const ACTION = 'docker.limit';

// Throttle (a miner, a fork bomb) without destroying state: the processes keep running, slowly.
export const dockerLimit = defineAction({
  name: ACTION,
  phase: 'containment',
  summary: 'Throttle a running container: CPU, memory and process limits through container update (undo restores them).',
  params: paramsSchema,
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.update'],
  example: `- id: throttle\n  uses: docker.limit\n  with: { container: "\${{ inputs.container }}", cpus: 0.1, memory: 128m, pids: 50 }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const current = readLimits(target.info);
    const earlier = recallIntent(ctx, target.info.Id, ACTION);
    if (!earlier && !limitUpdate(current, wanted(ctx.params))) return { kind: 'skipped', reason: 'the container already has these limits' };
    // write-ahead: the exact limits before the change (0: none); a re-run reads them, not the throttled ones
    const { prior } = await prepareIntent(ctx, target, ACTION, () => ({ previous_limits: current }));
    const previous = resourceLimitsSchema.parse(prior.previous_limits);
    const update = limitUpdate(current, wanted(ctx.params)); // null on a re-run after the update landed
    if (update) await updateContainer(target, update, ctx.signal);
    const applied = limitUpdate(previous, wanted(ctx.params)) ?? {};
    await recordContainerAct(ctx, target, 'contained', ACTION, { previous_limits: previous, applied });
    return {
      kind: 'done',
      summary: `limited ${nameOf(target)}: ${Object.entries(applied)
        .map(([field, value]) => `${field}=${value}`)
        .join(', ')}`,
      outputs: { container_id: target.info.Id, previous_limits: previous, applied },
    };
  },
  async undo(ctx, done) {
    const previous = resourceLimitsSchema.parse(done.outputs?.previous_limits);
    const target = await resolveTarget(ctx);
    const which = wanted(ctx.params);
    // "no memory limit" (0) cannot be written back to a live container: the engine ignores 0 and
    // refuses -1 in an update (moby/moby#22516). The host's total memory is no limit in effect;
    // the ledger keeps the exact prior value (0), which is what recover.recreate applies.
    const hostMemory =
      which.memory !== undefined && previous.memory <= 0
        ? (await dockerCall(operationOn(target, 'read the engine info'), () => engineInfo(target.docker, ctx.signal), { signal: ctx.signal })).MemTotal
        : 0;
    for (const update of restoreUpdates(previous, which, hostMemory)) await updateContainer(target, update, ctx.signal);
    await recordContainerAct(ctx, target, 'released', ACTION, {
      restored_limits: previous,
      ...(hostMemory > 0
        ? { memory_limit_lifted: `no limit before containment: raised to the host's total memory (${hostMemory} bytes), the engine cannot clear a limit` }
        : {}),
    });
  },
});
