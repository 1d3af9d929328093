import type { ActionContext, JsonValue } from './contract.js';
import { listCustodyActs } from '../custody/ledger.js';
import type { CustodyRecord } from '../custody/canonical.js';
import type { ResolvedTarget } from '../docker/target.js';

// The write-ahead rule: an action that changes engine state first appends an `intent` record to
// the incident's custody ledger (durable: SQLite, its WAL synced before the act) holding the state before the
// change and everything its undo needs. A crash can then land between any two engine calls: the
// re-run of the step (same visit) reads this record back and acts from it, never from the
// container's current, already changed state; `irctl release` and recovery read it too.

export const INTENT_ACT = 'intent';

type Ctx = ActionContext<{ container?: string; host?: string }>;

/** The intent this visit of the step recorded for `subject` on an earlier attempt, if any. */
export function recallIntent(ctx: Ctx, subject: string, action: string): Record<string, JsonValue> | undefined {
  // the intent records only: the whole ledger parsed here stood between an alert and isolate
  const record = listCustodyActs(ctx.services.db, ctx.incidentId, [INTENT_ACT]).find(
    (r) => r.subject === subject && r.how?.action === action && r.how?.step === ctx.stepId && r.how?.visit === ctx.visit,
  );
  return record?.details as Record<string, JsonValue> | undefined;
}

/**
 * The prior state of `target` for this step: recalled from an earlier attempt's intent record, or
 * captured now and recorded before the caller changes anything. `recalled` tells a re-run.
 */
export async function prepareIntent<T extends Record<string, JsonValue>>(
  ctx: Ctx,
  target: ResolvedTarget,
  action: string,
  capture: () => T,
): Promise<{ prior: T; recalled: boolean }> {
  const earlier = recallIntent(ctx, target.info.Id, action);
  if (earlier) return { prior: earlier as T, recalled: true };
  const prior = capture();
  const engineVersion = await ctx.services.docker.engineVersion(target.hostName, ctx.signal);
  await ctx.custody.recordDurably({
    act: INTENT_ACT,
    actor: ctx.actor,
    subject: target.info.Id,
    where: { host: target.hostName, engine_version: engineVersion, container_id: target.info.Id, image_id: target.info.Image },
    how: { action, params: ctx.params as unknown as JsonValue, step: ctx.stepId, visit: ctx.visit, attempt: ctx.attempt },
    details: prior,
  });
  return { prior, recalled: false };
}

/** Containment records of one action on one container, in chain order: intents and completed acts. */
export function containmentRecords(records: CustodyRecord[], containerId: string, action: string): CustodyRecord[] {
  return records.filter((r) => (r.act === 'contained' || r.act === INTENT_ACT) && r.subject === containerId && r.how?.action === action);
}
