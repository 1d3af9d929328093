import type { FastifyInstance } from 'fastify';
import { findGate, recordDecision } from '../../engine/approvals.js';
import { FINAL_STATUSES, getIncident } from '../../engine/incidents.js';
import { STEP_ID } from '../../runbook/schema.js';
import type { Db } from '../../store/db.js';
import type { RunnerPool } from '../runner-pool.js';
import { identityOf } from '../request-context.js';
import { checkAct } from './incidents.js';

interface DecisionBody {
  step?: string;
  decision: 'approve' | 'reject';
  comment?: string;
}

const decisionBody = {
  type: 'object',
  required: ['decision'],
  properties: {
    step: { type: 'string', pattern: STEP_ID.source },
    decision: { type: 'string', enum: ['approve', 'reject'] },
    comment: { type: 'string', maxLength: 2000 },
  },
  additionalProperties: false,
} as const;

/**
 * POST /v1/incidents/:id/approvals — the CLI's rules (`irctl approve`): the key's actor and roles
 * decide through recordDecision (gate roles, quorum of distinct people, separation of duties,
 * required comments, already decided). `step` defaults to the gate the incident waits at. A gate
 * that is now decided is driven on by the server's pool.
 */
export function registerApprovalRoutes(app: FastifyInstance, db: Db, pool: RunnerPool): void {
  app.post<{ Params: { id: string }; Body: DecisionBody }>(
    '/v1/incidents/:id/approvals',
    { schema: { body: decisionBody }, config: { bodyKind: 'json' } },
    async (request) => {
      const identity = identityOf(request);
      checkAct(identity, 'gate.decide', `${request.body.decision} a gate of ${request.params.id}`);
      const gate = findGate(db, request.params.id, request.body.step);
      const state = recordDecision(db, {
        incidentId: request.params.id,
        stepId: gate.id,
        approval: gate.approval,
        actor: identity.actor,
        roles: identity.roles,
        decision: request.body.decision,
        comment: request.body.comment,
        channel: { via: identity.via === 'insecure-no-auth' ? 'insecure-no-auth' : 'api-key', key: identity.key },
      });
      const incident = getIncident(db, request.params.id);
      const resumed = state.outcome !== undefined && !FINAL_STATUSES.has(incident.status);
      if (resumed) pool.submit({ incidentId: incident.id, runbook: incident.runbook_name, target: incident.target ?? undefined });
      return {
        incident_id: incident.id,
        step: gate.id,
        actor: identity.actor,
        key_id: identity.key?.id ?? null,
        decision: request.body.decision,
        gate: state,
        resumed,
      };
    },
  );
}
