import { z } from 'zod';
import { defineAction } from '../contract.js';
import { targetParams } from '../../docker/target.js';
import { setPaused } from './pause.js';
import { nameOf, recordContainerAct, resolveTarget } from './container-step.js';
import { prepareIntent, recallIntent } from '../write-ahead.js';

const ACTION = 'docker.unpause';

export const dockerUnpause = defineAction({
  name: ACTION,
  phase: 'containment',
  summary: 'Thaw a paused container (undo: pause it again).',
  params: z.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: false, // releasing a contained container is a human decision
  requires: ['container.inspect', 'container.unpause'],
  example: `- id: thaw\n  uses: docker.unpause\n  with: { container: "\${{ inputs.container }}" }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const earlier = recallIntent(ctx, target.info.Id, ACTION);
    if (!earlier && !target.info.State.Paused) return { kind: 'skipped', reason: 'not paused' };
    await prepareIntent(ctx, target, ACTION, () => ({ was_paused: true }));
    if (target.info.State.Paused) await setPaused(target, false, ctx.signal);
    await recordContainerAct(ctx, target, 'released', ACTION);
    return { kind: 'done', summary: `unpaused ${nameOf(target)}`, outputs: { container_id: target.info.Id } };
  },
  async undo(ctx) {
    const target = await resolveTarget(ctx);
    if (target.info.State.Paused || !target.info.State.Running) return;
    await setPaused(target, true, ctx.signal);
    await recordContainerAct(ctx, target, 'contained', ACTION);
  },
});
