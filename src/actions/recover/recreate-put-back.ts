import type { ActionContext } from '../contract.js';
import { reinspect, type ResolvedTarget } from '../../docker/target.js';
import { ActionFailedError } from '../../errors.js';
import { setPaused } from '../docker/pause.js';
import { nameOf } from '../docker/container-step.js';
import { removeContainer, renameContainer, shortName, startContainer, stopContainer } from './container-ops.js';
import { targetIfPresent, type HostBase, type Leftover, type OldState } from './recreate-leftovers.js';

// Undoing a half-done recreate, in an order a kill cannot spoil: the new container (whose labels
// remember the old one's name and state) is removed last, once the old one is back as it was.

/** Give a container a name unless it already has it (a killed swap may have renamed it). */
export async function ensureName(target: ResolvedTarget, name: string, signal: AbortSignal): Promise<void> {
  if (shortName(await reinspect(target, signal)) !== name) await renameContainer(target, name, signal);
}

/** Run (and freeze) the old container again as it was before the recreate began. */
export async function restoreRunState(old: ResolvedTarget, state: OldState, signal: AbortSignal): Promise<void> {
  if (state === 'stopped') return;
  await startContainer(old, signal);
  if (state === 'paused') await setPaused(old, true, signal);
}

export interface PutBackPlan {
  old: ResolvedTarget;
  fresh: ResolvedTarget;
  name: string; // the old container's own name
  temporaryName: string; // the new container's name before the swap
  oldState: OldState;
}

/**
 * The new container failed (or the swap did): the old one gets its name back and runs as before,
 * the new one goes. A failure here is reported with the first one; a retry of the step finishes it.
 */
export async function putBack(ctx: ActionContext<unknown>, plan: PutBackPlan, failure: unknown): Promise<never> {
  const { old, fresh } = plan;
  const { signal } = ctx;
  try {
    await stopContainer(fresh, 1, signal); // frees the ports the old one needs
    await ensureName(fresh, plan.temporaryName, signal);
    await ensureName(old, plan.name, signal);
    await restoreRunState(old, plan.oldState, signal);
    await removeContainer(fresh, signal);
  } catch (putBackError) {
    throw new ActionFailedError(`${(failure as Error).message}; putting ${nameOf(old)} back also failed: ${(putBackError as Error).message}`, {
      hint: `irctl resume ${ctx.incidentId} --retry-step ${ctx.stepId}  (the retry finds the containers this step left by their irctl.step label and finishes the recreate)`,
      cause: failure,
    });
  }
  throw failure;
}

/** Remove this step's temporary containers from earlier attempts, once nothing needs their labels. */
export async function removeTemporaries(ctx: ActionContext<unknown>, base: HostBase, temporaries: Leftover[]): Promise<string[]> {
  for (const leftover of temporaries) {
    const target = await targetIfPresent(base, leftover.id, ctx.signal);
    if (target) await removeContainer(target, ctx.signal);
    ctx.log.info({ containerId: leftover.id, name: leftover.name }, 'removed a temporary container left by an earlier attempt of this step');
  }
  return temporaries.map((leftover) => leftover.id);
}
