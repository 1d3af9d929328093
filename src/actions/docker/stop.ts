import { z } from 'zod';
import { defineAction } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { durationSchema, parseDuration } from '../../duration.js';
import { nameOf, recordContainerAct, refuseWhilePaused, resolveTarget } from './container-step.js';
import { prepareIntent, recallIntent } from '../write-ahead.js';

const ACTION = 'docker.stop';

// No undo: stopping ends the processes and their memory; starting again is recovery, not a rollback.
export const dockerStop = defineAction({
  name: ACTION,
  phase: 'containment',
  summary: 'Stop a container: SIGTERM, then SIGKILL after the grace period. Capture volatile evidence first.',
  params: z
    .object({
      ...targetParams,
      grace_period: durationSchema.default('10s').describe('time between SIGTERM and SIGKILL, e.g. 10s'),
    })
    .strict(),
  idempotent: true,
  auto: false,
  requires: ['container.inspect', 'container.stop'],
  example: `- id: stop\n  uses: docker.stop\n  with: { container: "\${{ inputs.container }}", grace_period: 5s }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const earlier = recallIntent(ctx, target.info.Id, ACTION);
    if (!earlier && !target.info.State.Running) return { kind: 'skipped', reason: `already stopped (${target.info.State.Status})` };
    refuseWhilePaused(target, 'stop');
    const seconds = Math.ceil(parseDuration(ctx.params.grace_period) / 1000);
    // write-ahead: a re-run after the stop landed finds it stopped and finishes the record
    await prepareIntent(ctx, target, ACTION, () => ({ status: target.info.State.Status }));
    if (target.info.State.Running) {
      await dockerCall(operationOn(target, `stop container ${nameOf(target)}`), () => target.container.stop({ t: seconds, abortSignal: ctx.signal }), {
        signal: ctx.signal,
        changes: true,
      });
    }
    await recordContainerAct(ctx, target, 'contained', ACTION);
    return { kind: 'done', summary: `stopped ${nameOf(target)}`, outputs: { container_id: target.info.Id, grace_seconds: seconds } };
  },
});
