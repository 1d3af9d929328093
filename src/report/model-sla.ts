import type { CustodyRecord } from '../custody/canonical.js';
import type { IncidentRow } from '../engine/incidents.js';
import type { PhaseBand, Sla, StepRun } from './schema.js';

import { SLA_BUDGETS } from '../engine/sla-clock.js';

const since = (from: string, to: string | null): number | null => (to === null ? null : Math.max(0, Date.parse(to) - Date.parse(from)));

/**
 * Contained: the first `contained` custody act, or the first containment-phase step that finished,
 * whichever came first — a step of a core.* action (a log line, a sleep) contains nothing, so it
 * does not count. Recovered: the recovery phase ended (and not by the incident failing).
 * Resolved, for the SLA: recovered, else the incident closed as succeeded.
 */
export function computeSla(incident: IncidentRow, bands: readonly PhaseBand[], steps: readonly StepRun[], custody: readonly CustodyRecord[], now: Date): Sla {
  const budget = SLA_BUDGETS[incident.severity] ?? SLA_BUDGETS.low!;
  const openedAt = incident.created_at;
  const deadline = new Date(Date.parse(openedAt) + budget.ms).toISOString();

  const candidates: { at: string; by: string }[] = [];
  const act = custody.find((record) => record.act === 'contained');
  if (act) candidates.push({ at: act.recordedAt, by: `custody record ${act.seq} (contained)` });
  const step = steps.find((run) => run.phase === 'containment' && run.status === 'finished' && run.endedAt !== null && !run.action?.startsWith('core.'));
  if (step) candidates.push({ at: step.endedAt!, by: `step ${step.stepId} finished` });
  const contained = candidates.sort((a, b) => a.at.localeCompare(b.at))[0];

  const failedEnd = ['failed', 'aborted', 'rolled_back'].includes(incident.status) ? incident.finished_at : null;
  const recovery = bands.find((band) => band.phase === 'recovery' && band.endedAt !== null && band.endedAt !== failedEnd);
  const recoveredAt = recovery?.endedAt ?? null;
  const resolvedAt = recoveredAt ?? (incident.status === 'succeeded' ? incident.finished_at : null);
  const timeToResolveMs = since(openedAt, resolvedAt);

  const state: Sla['state'] =
    timeToResolveMs !== null ? (timeToResolveMs <= budget.ms ? 'met' : 'breached') : now.getTime() > Date.parse(deadline) ? 'breached' : 'pending';
  return {
    severity: incident.severity,
    budgetMs: budget.ms,
    budget: budget.label,
    deadline,
    state,
    resolvedAt,
    timeToResolveMs,
    containedAt: contained?.at ?? null,
    containedBy: contained?.by ?? null,
    timeToContainMs: since(openedAt, contained?.at ?? null),
    recoveredAt,
    timeToRecoverMs: since(openedAt, recoveredAt),
  };
}
