import { findGate } from '../../engine/approvals.js';
import { planRun, type PlannedStep } from '../../engine/dry-run.js';
import { getIncident } from '../../engine/incidents.js';
import { loadRunbook } from '../../runbook/load.js';
import type { Db } from '../../store/db.js';

export type GatePlan = { ok: true; steps: PlannedStep[] } | { ok: false; error: string };

// An incident's runbook and inputs never change, so its plan is worked out once per gate.
const plans = new Map<string, Promise<GatePlan>>();
const MAX_PLANS = 500;

/**
 * What approving a gate will do: the dry run of the incident's own runbook copy with its inputs
 * and alert (src/engine/dry-run.ts), from the step after the gate up to and including the next
 * gate. Values that depend on earlier steps' outputs stay as their expressions, as in dry run.
 */
export function planAfterGate(db: Db, incidentId: string, stepId: string): Promise<GatePlan> {
  const key = `${incidentId}\0${stepId}`;
  const known = plans.get(key);
  if (known) return known;
  const planned = (async (): Promise<GatePlan> => {
    try {
      findGate(db, incidentId, stepId); // the gate exists and the incident is open
      const incident = getIncident(db, incidentId);
      const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
      const alert = incident.alert ? (JSON.parse(incident.alert) as unknown) : undefined;
      const plan = await planRun(runbook, JSON.parse(incident.inputs) as Record<string, unknown>, alert);
      const at = plan.findIndex((step) => step.stepId === stepId);
      if (at < 0) return { ok: false, error: `the dry run does not reach gate ${stepId}` };
      const after = plan.slice(at + 1);
      const nextGate = after.findIndex((step) => step.kind === 'approval');
      return { ok: true, steps: nextGate < 0 ? after : after.slice(0, nextGate + 1) };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  })();
  if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value!);
  plans.set(key, planned);
  void planned.then((plan) => (plan.ok ? undefined : plans.delete(key))); // a failure is asked again next time
  return planned;
}
