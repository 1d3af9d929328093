import { z } from 'zod';
import { defineAction } from '../contract.js';
import { targetParams } from '../../docker/target.js';
import { nameOf, recordContainerAct, resolveTarget, updateContainer } from './container-step.js';
import { prepareIntent, recallIntent } from '../write-ahead.js';

const ACTION = 'docker.restart-policy';
const previousPolicySchema = z.object({ name: z.string(), maximum_retry_count: z.number().int() });

// A contained container must stay down: with restart=always the engine would bring a stopped or
// killed container straight back.
export const dockerRestartPolicy = defineAction({
  name: ACTION,
  phase: 'containment',
  summary: 'Set the restart policy to "no" so the engine cannot bring a contained container back (undo restores it).',
  params: z.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.update'],
  example: `- id: no-restart\n  uses: docker.restart-policy\n  with: { container: "\${{ inputs.container }}" }\n  auto: true`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const policy = target.info.HostConfig.RestartPolicy ?? { Name: '', MaximumRetryCount: 0 };
    const isNo = policy.Name === '' || policy.Name === 'no';
    const earlier = recallIntent(ctx, target.info.Id, ACTION);
    if (!earlier && isNo) return { kind: 'skipped', reason: 'restart policy is already "no"' };
    // write-ahead: the policy before the change; a re-run after the update landed reads it from here
    const { prior } = await prepareIntent(ctx, target, ACTION, () => ({
      previous_policy: { name: policy.Name ?? '', maximum_retry_count: policy.MaximumRetryCount ?? 0 },
    }));
    const previous = previousPolicySchema.parse(prior.previous_policy);
    if (!isNo) await updateContainer(target, { RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } }, ctx.signal);
    await recordContainerAct(ctx, target, 'contained', ACTION, { previous_policy: previous });
    return {
      kind: 'done',
      summary: `restart policy of ${nameOf(target)} set to "no" (was "${previous.name}")`,
      outputs: { container_id: target.info.Id, previous_policy: previous },
    };
  },
  async undo(ctx, done) {
    const previous = previousPolicySchema.parse(done.outputs?.previous_policy);
    const target = await resolveTarget(ctx);
    // on-failure is the only policy that takes a retry count
    const count = previous.name === 'on-failure' ? previous.maximum_retry_count : 0;
    await updateContainer(target, { RestartPolicy: { Name: previous.name, MaximumRetryCount: count } }, ctx.signal);
    await recordContainerAct(ctx, target, 'released', ACTION, { restored_policy: previous });
  },
});
