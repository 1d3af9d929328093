import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { z } from 'zod';
import { listCustody } from '../../custody/ledger.js';
import { dockerCall } from '../../docker/call.js';
import type { ResolvedTarget } from '../../docker/target.js';
import type { Db } from '../../store/db.js';
import { NotFoundError } from '../../errors.js';
import { targetById } from './container-ops.js';

// recover.recreate changes several containers one call at a time; a kill (or a failed rollback)
// between two calls leaves a state no single container shows. So every container it creates
// carries, in its labels, which incident, step and target it belongs to and what it must put back
// (the old container's id, name and run state). A retry of the same step finds them by those
// labels, and only by them: a container irctl did not create is never taken for a leftover.

const LABEL = {
  incident: 'irctl.incident',
  step: 'irctl.step',
  target: 'irctl.recreate.target',
  recreatedFrom: 'irctl.recreated_from',
  name: 'irctl.recreate.name',
  oldState: 'irctl.recreate.old_state',
} as const;

const TEMPORARY_INFIX = '-irctl-new-';

/** An engine to act on, before any container on it is known. */
export type HostBase = Pick<ResolvedTarget, 'hostName' | 'hostUrl' | 'docker'>;

/** What a retry needs to know about the container being replaced, as it was before the first attempt. */
export interface RecreateMemory {
  oldId: string;
  name: string; // the old container's name, which the new one takes over
  oldState: OldState;
}
export type OldState = 'running' | 'paused' | 'stopped';

const memorySchema = z.object({
  [LABEL.recreatedFrom]: z.string().regex(/^[0-9a-f]{64}$/),
  [LABEL.name]: z.string().min(1),
  [LABEL.oldState]: z.enum(['running', 'paused', 'stopped']),
});

export interface Leftover {
  id: string;
  name: string;
  memory: RecreateMemory;
}

export interface Leftovers {
  temporary: Leftover[]; // created, never swapped in: debris, once their memory is carried on
  swapped?: Leftover; // already under the old name, but the run stopped before recording it
}

/** The host and the step a recreate belongs to; the same for every attempt of one step. */
export interface StepScope {
  incidentId: string;
  stepId: string;
  hostName: string;
  container: string; // the selector as the step gave it
}

export const stateOf = (info: Docker.ContainerInspectInfo): OldState => (info.State.Paused ? 'paused' : info.State.Running ? 'running' : 'stopped');
export const temporaryName = (name: string, suffix: string) => `${name}${TEMPORARY_INFIX}${suffix}`;
export const oldName = (name: string, oldId: string) => `${name}-irctl-old-${oldId.slice(0, 12)}`;

// the selector can hold any characters; a label filter value is safer as a hash
const targetKey = (scope: StepScope) =>
  createHash('sha256')
    .update(JSON.stringify([scope.hostName, scope.container]))
    .digest('hex')
    .slice(0, 16);

/** The labels of a container this step creates. */
export function recreateLabels(scope: StepScope, memory: RecreateMemory): Record<string, string> {
  return {
    [LABEL.incident]: scope.incidentId,
    [LABEL.step]: scope.stepId,
    [LABEL.target]: targetKey(scope),
    [LABEL.recreatedFrom]: memory.oldId,
    [LABEL.name]: memory.name,
    [LABEL.oldState]: memory.oldState,
  };
}

/**
 * This step's containers from earlier attempts. One under its final name counts as swapped only if
 * the ledger holds no `recreated` record for it: with one, an earlier visit of this step finished
 * it, and it is now simply the container to recreate.
 */
export async function findLeftovers(host: HostBase, scope: StepScope, db: Db, signal: AbortSignal): Promise<Leftovers> {
  const filters = [`${LABEL.incident}=${scope.incidentId}`, `${LABEL.step}=${scope.stepId}`, `${LABEL.target}=${targetKey(scope)}`];
  const op = { host: host.hostName, url: host.hostUrl, what: `list containers left by step ${scope.stepId}` };
  const listed = await dockerCall(op, () => host.docker.listContainers({ all: true, filters: { label: filters }, abortSignal: signal }), { signal });
  const recorded = new Set(
    listCustody(db, scope.incidentId)
      .filter((record) => record.act === 'recreated')
      .map((record) => record.details?.new_container_id),
  );
  const leftovers: Leftovers = { temporary: [] };
  for (const container of listed) {
    const parsed = memorySchema.safeParse(container.Labels);
    if (!parsed.success) continue; // not in the shape this module writes: leave it alone
    const memory: RecreateMemory = { oldId: parsed.data[LABEL.recreatedFrom], name: parsed.data[LABEL.name], oldState: parsed.data[LABEL.oldState] };
    const leftover = { id: container.Id, name: (container.Names[0] ?? '').replace(/^\//, ''), memory };
    if (leftover.name.startsWith(`${memory.name}${TEMPORARY_INFIX}`)) leftovers.temporary.push(leftover);
    else if (leftover.name === memory.name && !recorded.has(container.Id)) leftovers.swapped = leftover;
  }
  return leftovers;
}

/** A container by id, or undefined when it is gone. */
export async function targetIfPresent(base: HostBase, containerId: string, signal: AbortSignal): Promise<ResolvedTarget | undefined> {
  try {
    return await targetById(base, containerId, signal);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
