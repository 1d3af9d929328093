import { z } from 'zod';
import { defineAction } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams, type ResolvedTarget } from '../../docker/target.js';
import { nameOf, recordContainerAct, resolveTarget } from './container-step.js';
import { prepareIntent, recallIntent } from '../write-ahead.js';

/** Freeze or thaw every process of the container (cgroup freezer); memory and files stay as they are. */
export async function setPaused(target: ResolvedTarget, paused: boolean, signal: AbortSignal): Promise<void> {
  const verb = paused ? 'pause' : 'unpause';
  await dockerCall(
    operationOn(target, `${verb} container ${nameOf(target)}`),
    () => (paused ? target.container.pause({ abortSignal: signal }) : target.container.unpause({ abortSignal: signal })),
    { signal, changes: true },
  );
}

const ACTION = 'docker.pause';

export const dockerPause = defineAction({
  name: ACTION,
  phase: 'containment',
  summary: 'Freeze every process of a container, keeping its memory for evidence (undo: unpause).',
  params: z.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.pause'],
  example: `- id: freeze\n  uses: docker.pause\n  with: { container: "\${{ inputs.container }}" }\n  auto: true`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const earlier = recallIntent(ctx, target.info.Id, ACTION);
    if (!earlier && target.info.State.Paused) return { kind: 'skipped', reason: 'already paused' };
    // A stopped container has nothing left to freeze; the runbook goes on to capture what remains.
    if (!earlier && !target.info.State.Running) return { kind: 'skipped', reason: `not running (${target.info.State.Status}): nothing to freeze` };
    // write-ahead: a re-run after the pause landed finds the container paused and finishes the record
    await prepareIntent(ctx, target, ACTION, () => ({ was_paused: false, status: target.info.State.Status }));
    if (!target.info.State.Paused) await setPaused(target, true, ctx.signal);
    await recordContainerAct(ctx, target, 'contained', ACTION);
    return { kind: 'done', summary: `paused ${nameOf(target)}`, outputs: { container_id: target.info.Id } };
  },
  async undo(ctx) {
    const target = await resolveTarget(ctx);
    if (!target.info.State.Paused) return;
    await setPaused(target, false, ctx.signal);
    await recordContainerAct(ctx, target, 'released', ACTION);
  },
});
