import { z } from 'zod';
import { defineAction } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { nameOf, recordContainerAct, refuseWhilePaused, resolveTarget } from './container-step.js';
import { prepareIntent, recallIntent } from '../write-ahead.js';

/** Signals a responder has reason to send; anything else is a typo or a trick. */
export const KILL_SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGSTOP', 'SIGCONT'] as const;

const ACTION = 'docker.kill';

// No undo: a signal cannot be taken back.
export const dockerKill = defineAction({
  name: ACTION,
  phase: 'containment',
  summary: 'Send a signal to the main process of a container (default SIGKILL).',
  params: z
    .object({
      ...targetParams,
      signal: z
        .enum(KILL_SIGNALS)
        .default('SIGKILL')
        .describe(`one of ${KILL_SIGNALS.join(', ')}`),
    })
    .strict(),
  idempotent: true,
  auto: false,
  requires: ['container.inspect', 'container.kill'],
  example: `- id: kill\n  uses: docker.kill\n  with: { container: "\${{ inputs.container }}", signal: SIGKILL }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const earlier = recallIntent(ctx, target.info.Id, ACTION);
    if (!earlier && !target.info.State.Running) return { kind: 'skipped', reason: `not running (${target.info.State.Status})` };
    refuseWhilePaused(target, `send ${ctx.params.signal} to`);
    // write-ahead; a re-run sends the signal again only while the process still runs
    await prepareIntent(ctx, target, ACTION, () => ({ status: target.info.State.Status }));
    if (target.info.State.Running) {
      await dockerCall(
        operationOn(target, `send ${ctx.params.signal} to container ${nameOf(target)}`),
        () => target.container.kill({ signal: ctx.params.signal, abortSignal: ctx.signal }),
        { signal: ctx.signal, changes: true },
      );
    }
    await recordContainerAct(ctx, target, 'contained', ACTION);
    return { kind: 'done', summary: `sent ${ctx.params.signal} to ${nameOf(target)}`, outputs: { container_id: target.info.Id, signal: ctx.params.signal } };
  },
});
