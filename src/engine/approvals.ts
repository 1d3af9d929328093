import { NotFoundError, RefusedError, UsageError } from '../errors.js';
import { writeTransaction, type Db } from '../store/db.js';
import { loadRunbook } from '../runbook/load.js';
import { isApprovalStep, type Approval, type ApprovalStep } from '../runbook/schema.js';
import { appendCustody } from '../custody/ledger.js';
import { addTimeline, getIncident } from './incidents.js';
import { nowIso } from './ids.js';

export type GateOutcome = 'approved' | 'rejected' | 'timed_out';

export interface GateState {
  outcome?: GateOutcome;
  decidedAt?: string;
  approvers: string[];
  rejecters: string[];
  comments: { actor: string; decision: string; comment: string | null }[];
}

interface ApprovalRow {
  actor: string;
  role: string | null;
  decision: 'approve' | 'reject';
  comment: string | null;
  at: string;
}

export function gateState(db: Db, incidentId: string, stepId: string): GateState {
  const gate = db.prepare('SELECT outcome, decided_at FROM gates WHERE incident_id = ? AND step_id = ?').get(incidentId, stepId) as
    | { outcome: GateOutcome; decided_at: string }
    | undefined;
  const rows = db.prepare('SELECT actor, role, decision, comment, at FROM approvals WHERE incident_id = ? AND step_id = ? ORDER BY at').all(incidentId, stepId) as ApprovalRow[];
  return {
    outcome: gate?.outcome,
    decidedAt: gate?.decided_at,
    approvers: rows.filter((r) => r.decision === 'approve').map((r) => r.actor),
    rejecters: rows.filter((r) => r.decision === 'reject').map((r) => r.actor),
    comments: rows.map((r) => ({ actor: r.actor, decision: r.decision, comment: r.comment })),
  };
}

export interface Decision {
  incidentId: string;
  stepId: string;
  approval: Approval;
  actor: string;
  roles: string[]; // the roles the actor holds
  decision: 'approve' | 'reject';
  comment?: string;
}

/**
 * Record one approver's decision. Exact under concurrency: the check and the insert run in one
 * BEGIN IMMEDIATE transaction, so of many racing approvals only `quorum` count and the rest are
 * told the gate is already decided. Every decision is a custody record.
 */
export function recordDecision(db: Db, decision: Decision): GateState {
  const { incidentId, stepId, approval, actor } = decision;
  if (approval.require_comment && !decision.comment?.trim()) {
    throw new UsageError(`gate "${stepId}" requires a comment`, { hint: `add --comment "why"` });
  }
  const role = decision.roles.find((r) => approval.roles.includes(r));
  if (!role) {
    throw new RefusedError(`${actor} may not decide gate "${stepId}": it needs one of the roles ${approval.roles.join(', ')} and ${actor} has ${decision.roles.join(', ') || 'none'}`, {
      hint: 'ask someone with that role, or have an admin add you to the roles file',
    });
  }
  return writeTransaction(db, () => {
    const incident = getIncident(db, incidentId);
    if (approval.separate_from_initiator && incident.initiator === actor) {
      throw new RefusedError(`${actor} started incident ${incidentId} and may not approve its gate "${stepId}" (separation of duties)`, {
        hint: 'another person must approve',
      });
    }
    const current = gateState(db, incidentId, stepId);
    if (current.outcome) {
      throw new RefusedError(`gate "${stepId}" of ${incidentId} is already decided (${current.outcome})`);
    }
    if (current.approvers.includes(actor) || current.rejecters.includes(actor)) {
      throw new RefusedError(`${actor} has already decided gate "${stepId}"; a quorum needs distinct people`);
    }
    const at = nowIso();
    db.prepare('INSERT INTO approvals (incident_id, step_id, actor, role, decision, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      incidentId, stepId, actor, role, decision.decision, decision.comment ?? null, at,
    );
    appendCustody(db, incidentId, {
      act: decision.decision === 'approve' ? 'approved' : 'rejected',
      actor,
      subject: `gate:${stepId}`,
      details: { role, comment: decision.comment ?? null, quorum: approval.quorum },
    });
    addTimeline(db, incidentId, decision.decision === 'approve' ? 'approval' : 'rejection', { stepId, actor, detail: { role, comment: decision.comment ?? null } });
    const after = gateState(db, incidentId, stepId);
    const outcome: GateOutcome | undefined = decision.decision === 'reject' ? 'rejected' : after.approvers.length >= approval.quorum ? 'approved' : undefined;
    if (outcome) closeGate(db, incidentId, stepId, outcome);
    return gateState(db, incidentId, stepId);
  });
}

/** Mark a gate decided (first writer wins). */
export function closeGate(db: Db, incidentId: string, stepId: string, outcome: GateOutcome): boolean {
  const changed = db.prepare('INSERT OR IGNORE INTO gates (incident_id, step_id, outcome, decided_at) VALUES (?, ?, ?, ?)').run(incidentId, stepId, outcome, nowIso()).changes === 1;
  if (changed) addTimeline(db, incidentId, 'gate_decided', { stepId, detail: { outcome } });
  return changed;
}

/**
 * The approval gate of an incident a decision is for: the given step, else the gate the incident
 * waits on. Read from the runbook copy stored with the incident, so an edited file cannot change
 * who may approve a running incident.
 */
export function findGate(db: Db, incidentId: string, stepId?: string): ApprovalStep {
  const incident = getIncident(db, incidentId);
  const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
  const gates = runbook.steps.filter(isApprovalStep);
  const wanted = stepId ?? (gates.some((g) => g.id === incident.current_step) ? incident.current_step! : undefined);
  if (!wanted) {
    throw new UsageError(`incident ${incidentId} is not waiting at an approval gate (status ${incident.status}, step ${incident.current_step ?? '-'})`, {
      hint: gates.length ? `name the gate: --step ${gates.map((g) => g.id).join(' | --step ')}` : `runbook ${runbook.name} has no approval steps`,
    });
  }
  const gate = gates.find((g) => g.id === wanted);
  if (!gate) {
    throw new NotFoundError(`step "${wanted}" of incident ${incidentId} is not an approval gate`, {
      hint: gates.length ? `its gates: ${gates.map((g) => g.id).join(', ')}` : `runbook ${runbook.name} has no approval steps`,
    });
  }
  return gate;
}
