import type { ActionContext, JsonValue } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { OutOfScopeError } from '../../docker/scope.js';
import { operationOn, resolveContainer, type ResolvedTarget } from '../../docker/target.js';
import { ActionFailedError } from '../../errors.js';

type TargetParams = { container: string; host: string };

/**
 * The container a step acts on, resolved once with the step's abort signal. Every action that
 * names a container comes through here: in an alert-opened incident the reference must name the
 * container exactly (no short id prefix) and the container must be in the incident's scope;
 * otherwise the step fails before any call that changes anything, with a custody record saying so.
 */
export async function resolveTarget(ctx: ActionContext<TargetParams>, options: { readOnly?: boolean } = {}): Promise<ResolvedTarget> {
  try {
    return await resolveContainer(ctx.services.docker, ctx.params, {
      signal: ctx.signal,
      shareInspect: options.readOnly,
      ...(ctx.scope ? { scope: ctx.scope, strictRef: true } : {}),
    });
  } catch (error) {
    if (error instanceof OutOfScopeError) {
      const details = error.details as { container_id: string; container_name: string; host: string; reason: string };
      ctx.custody.record({
        act: 'refused',
        actor: ctx.actor,
        subject: details.container_id,
        where: { host: details.host, container_id: details.container_id, container_name: details.container_name },
        how: { step: ctx.stepId, params: ctx.params as unknown as JsonValue },
        details: { reason: 'out_of_scope', detail: details.reason },
      });
      ctx.log.warn(
        { event: 'out_of_scope', security: true, container: details.container_name, host: details.host, reason: details.reason },
        "a step named a container outside the incident's scope; refused",
      );
    }
    throw error;
  }
}

/**
 * Write one containment act to the incident's custody ledger: who did what to which container,
 * on which engine, with which parameters.
 */
export async function recordContainerAct(
  ctx: ActionContext<TargetParams>,
  target: ResolvedTarget,
  act: 'contained' | 'released',
  action: string,
  details?: Record<string, JsonValue>,
): Promise<void> {
  const engineVersion = await ctx.services.docker.engineVersion(target.hostName, ctx.signal);
  ctx.custody.record({
    act,
    actor: ctx.actor,
    subject: target.info.Id,
    where: { host: target.hostName, engine_version: engineVersion, container_id: target.info.Id, image_id: target.info.Image },
    how: { action, params: ctx.params as unknown as JsonValue },
    ...(details ? { details } : {}),
  });
}

/** Short, readable name for summaries: "web-1 (3f2a9c1b7d0e)". */
export function nameOf(target: ResolvedTarget): string {
  return `${target.info.Name.replace(/^\//, '')} (${target.info.Id.slice(0, 12)})`;
}

/** The engine cannot signal frozen processes; say so before trying, with the step that fixes it. */
export function refuseWhilePaused(target: ResolvedTarget, verb: string): void {
  if (!target.info.State.Paused) return;
  throw new ActionFailedError(`cannot ${verb} ${nameOf(target)} while it is paused`, {
    hint: 'put a docker.unpause step before this one (after the evidence steps)',
  });
}

/** POST /containers/{id}/update: restart policy and resource limits, changed on the live container. */
export async function updateContainer(target: ResolvedTarget, body: Record<string, unknown>, signal: AbortSignal): Promise<void> {
  await dockerCall(operationOn(target, `update container ${nameOf(target)}`), () => target.container.update({ ...body, abortSignal: signal }), {
    signal,
    changes: true,
  });
}
