import type { ActionContext, ActionDefinition, ActionServices } from '../actions/contract.js';
import { findAction } from '../actions/registry.js';
import { listCustody } from '../custody/ledger.js';
import type { CustodyRecord } from '../custody/canonical.js';
import type { ResolvedTarget } from '../docker/target.js';
import { buildActionContext } from './action-context.js';
import { IrctlError, NotFoundError } from '../errors.js';
import type { Logger } from '../log.js';
import { isolationOf, recoverRelease, shortName, targetById } from '../actions/recover/index.js';
import { INTENT_ACT } from '../actions/write-ahead.js';
import { firewallBlock, liftRule, unreleasedBlocks } from '../actions/firewall/index.js';

// Undo an incident's containment outside a run (`irctl release`): every container the custody
// ledger says was contained gets the same treatment a recover.release step gives it (networks back,
// off quarantine, thawed), and the other containment acts are undone by their own action's undo,
// fed from what the ledger recorded before containment. No second undo is written here.

/** The step id custody records and logs carry for acts done by `irctl release`. */
export const RELEASE_STEP_ID = 'irctl-release';

// containment that recover.release itself undoes: networks and the freezer
const UNDONE_BY_RELEASE = new Set(['docker.isolate', 'docker.pause', 'docker.unpause', 'recover.release']);

export interface ContainedContainer {
  containerId: string;
  host: string;
  actions: string[]; // containment actions recorded for it, first first
  selectors: string[]; // how the steps named it (name, label selector, id), for --container
}

export interface ContainerRelease {
  containerId: string;
  host: string;
  name?: string;
  status: 'released' | 'already_released' | 'left_as_is' | 'gone' | 'failed';
  undone: string[]; // what was put back, one item each (also on a failure part-way)
  notes: string[]; // what was left as it is, and why
  error?: { code: string; message: string; hint?: string };
}

/** Every container the incident's ledger records a containment act for, with the host it is on. */
export function containedContainers(services: Pick<ActionServices, 'db'>, incidentId: string): ContainedContainer[] {
  const byContainer = new Map<string, ContainedContainer>();
  for (const record of listCustody(services.db, incidentId)) {
    const action = record.how?.action;
    const host = record.where?.host;
    // an intent alone (a crash right after it) counts: the change may have been made
    if ((record.act !== 'contained' && record.act !== INTENT_ACT) || typeof action !== 'string' || typeof host !== 'string') continue;
    if (action === firewallBlock.name) continue; // a firewall rule on the irctl host: releaseBlocks
    const contained = byContainer.get(record.subject) ?? { containerId: record.subject, host, actions: [], selectors: [] };
    if (!contained.actions.includes(action)) contained.actions.push(action);
    const selector = (record.how?.params as { container?: unknown } | undefined)?.container;
    if (typeof selector === 'string' && !contained.selectors.includes(selector)) contained.selectors.push(selector);
    byContainer.set(record.subject, contained);
  }
  return [...byContainer.values()];
}

export interface ReleaseOptions {
  incidentId: string;
  actor: string;
  log: Logger;
  signal: AbortSignal;
}

/** Undo what the incident's containment did to one container; failures are reported in the result. */
export async function releaseContained(services: ActionServices, contained: ContainedContainer, options: ReleaseOptions): Promise<ContainerRelease> {
  const result: ContainerRelease = { containerId: contained.containerId, host: contained.host, status: 'already_released', undone: [], notes: [] };
  const host = services.docker.host(contained.host);
  let target: ResolvedTarget;
  try {
    target = await targetById({ hostName: host.name, hostUrl: host.url, docker: host.docker }, contained.containerId, options.signal);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    result.status = 'gone';
    result.notes.push(`no longer on host "${host.name}" (removed or recreated): nothing to undo`);
    return result;
  }
  result.name = shortName(target.info);
  const context = <P>(params: P): ActionContext<P> =>
    buildActionContext({
      services,
      log: options.log,
      params,
      incidentId: options.incidentId,
      stepId: RELEASE_STEP_ID,
      attempt: 1,
      actor: options.actor,
      signal: options.signal,
    });
  try {
    if (contained.actions.some((action) => UNDONE_BY_RELEASE.has(action)) && stillContained(services, options.incidentId, target)) {
      const outcome = await recoverRelease.run(context({ container: target.info.Id, host: host.name }));
      if (outcome.kind === 'done') result.undone.push(...releaseSteps(outcome.outputs ?? {}));
    }
    const records = listCustody(services.db, options.incidentId).filter((record) => record.subject === target.info.Id);
    for (const actionName of contained.actions.filter((action) => !UNDONE_BY_RELEASE.has(action))) {
      const action = findAction(actionName);
      if (!action?.undo) {
        result.notes.push(`${actionName} has no undo: left as it is (${target.info.State.Status})`);
        continue;
      }
      const own = records.filter((record) => record.how?.action === actionName);
      const lastContained = Math.max(...own.filter((record) => record.act === 'contained' || record.act === INTENT_ACT).map((record) => record.seq));
      if (own.some((record) => record.act === 'released' && record.seq > lastContained)) continue; // undone already
      await undoFromLedger(action, own, target, host.name, context);
      result.undone.push(`undid ${actionName}`);
    }
  } catch (error) {
    if (!(error instanceof IrctlError)) throw error;
    result.status = 'failed';
    result.error = { code: error.code, message: error.message, hint: error.hint };
    return result;
  }
  if (result.undone.length > 0) result.status = 'released';
  else if (result.notes.length > 0) result.status = 'left_as_is'; // only acts without an undo (stop, kill)
  return result;
}

/** What recover.release did, one item each, from its outputs. */
function releaseSteps(outputs: Record<string, unknown>): string[] {
  const reconnected = Array.isArray(outputs.reconnected) ? outputs.reconnected : [];
  return [
    ...(reconnected.length > 0 ? [`reconnected ${reconnected.join(', ')}`] : []),
    ...(outputs.left_quarantine ? [`left ${String(outputs.quarantine_network)}`] : []),
    ...(outputs.unpaused ? ['unpaused'] : []),
  ];
}

/** Would recover.release change anything: still paused, on quarantine, or off an original network? */
function stillContained(services: Pick<ActionServices, 'db'>, incidentId: string, target: ResolvedTarget): boolean {
  if (target.info.State.Paused) return true;
  const isolation = isolationOf(services.db, incidentId, target.info.Id);
  if (!isolation) return false;
  const attached = target.info.NetworkSettings.Networks ?? {};
  return isolation.quarantineNetwork in attached || isolation.originalNetworks.some((endpoint) => !(endpoint.network in attached));
}

/**
 * Call the action's own undo as the run's rollback would, with what its first containment record
 * holds as the step's outputs (the state before containment: previous limits, previous restart
 * policy) and the parameters of every such record (which kinds of limit were applied).
 */
async function undoFromLedger(
  action: ActionDefinition,
  records: CustodyRecord[],
  target: ResolvedTarget,
  hostName: string,
  context: <P>(params: P) => ActionContext<P>,
): Promise<void> {
  const contained = records.filter((record) => record.act === 'contained' || record.act === INTENT_ACT);
  const merged = Object.assign(
    {},
    ...contained.map((record) => (typeof record.how?.params === 'object' && record.how.params !== null ? record.how.params : {})),
  );
  const params = action.params.parse({ ...merged, container: target.info.Id, host: hostName });
  const outputs = (contained[0]?.details ?? {}) as Record<string, never>;
  await action.undo!(context(params), { kind: 'done', summary: `${action.name} (from the custody ledger)`, outputs });
}

/** Lift every firewall block of the incident that is still in place (or was only written ahead). */
export async function releaseBlocks(services: ActionServices, options: ReleaseOptions): Promise<ContainerRelease[]> {
  const results: ContainerRelease[] = [];
  for (const rule of unreleasedBlocks(services.db, options.incidentId)) {
    const result: ContainerRelease = {
      containerId: rule.address,
      host: 'firewall',
      name: `block of ${rule.address}`,
      status: 'already_released',
      undone: [],
      notes: [],
    };
    const ctx = buildActionContext({
      services,
      log: options.log,
      params: {},
      incidentId: options.incidentId,
      stepId: RELEASE_STEP_ID,
      attempt: 1,
      actor: options.actor,
      signal: options.signal,
    });
    try {
      if (await liftRule(ctx, rule)) {
        result.status = 'released';
        result.undone.push(`deleted the DROP rule for ${rule.address} in ${rule.chain}`);
      } else result.notes.push(`no rule for ${rule.address} in ${rule.chain} (never inserted, or removed by hand)`);
    } catch (error) {
      if (!(error instanceof IrctlError)) throw error;
      result.status = 'failed';
      result.error = { code: error.code, message: error.message, hint: error.hint };
    }
    results.push(result);
  }
  return results;
}
