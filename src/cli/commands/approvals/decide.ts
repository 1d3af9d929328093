import { requireRole } from '../../../auth/permissions.js';
import { findGate, recordDecision, type GateState } from '../../../engine/approvals.js';
import type { ApprovalStep } from '../../../runbook/schema.js';
import type { Services } from '../../../services.js';

export interface GateDecisionRequest {
  incidentId: string;
  stepId?: string;
  decision: 'approve' | 'reject';
  comment?: string;
}

/**
 * Record one person's decision on a gate, with the roles the roles file gives them. The same path
 * for `irctl approve`, `irctl reject` and the prompt inside `irctl run`, so every rule applies to
 * all three: role, separation of duties, quorum of distinct people, comments, already decided.
 */
export function decideGate(services: Services, request: GateDecisionRequest): { gate: ApprovalStep; state: GateState } {
  const roles = requireRole(services.roleBook(), services.actor, 'gate.decide', `${request.decision} a gate of ${request.incidentId}`);
  const gate = findGate(services.db, request.incidentId, request.stepId);
  const state = recordDecision(services.db, {
    incidentId: request.incidentId,
    stepId: gate.id,
    approval: gate.approval,
    actor: services.actor,
    roles,
    decision: request.decision,
    comment: request.comment,
  });
  return { gate, state };
}
