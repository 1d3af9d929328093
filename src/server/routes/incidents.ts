import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../auth/permissions.js';
import { getIncident, listTimeline, type IncidentRow } from '../../engine/incidents.js';
import { listShownIncidents, SHOWN_STATUSES, shownStatus, type ShownStatus } from '../../engine/shown-status.js';
import { journalFor } from '../../engine/journal.js';
import type { Db } from '../../store/db.js';
import { alertsOfIncident } from '../alert-links.js';
import type { RequestIdentity } from '../auth/identity.js';
import { identityOf } from '../request-context.js';

const parse = (text: string | null): unknown => (text ? JSON.parse(text) : null);

/** The roles an API key carries, as the permission table reads them. */
export function checkAct(identity: RequestIdentity, act: Parameters<typeof requireRole>[2], what: string): void {
  requireRole(
    {
      source: `the ${identity.via} identity`,
      rolesOf: () => identity.roles,
      remedy: (needed) => `call with an API key that carries the ${needed} role (an admin makes one: irctl keys create --actor NAME --role ${needed})`,
    },
    identity.actor,
    act,
    what,
  );
}

function summary(row: IncidentRow) {
  return {
    id: row.id,
    runbook: row.runbook_name,
    severity: row.severity,
    status: shownStatus(row), // `stopped`: no process drives the run any more (irctl resume)
    phase: row.phase,
    current_step: row.current_step,
    target: row.target,
    initiator: row.initiator,
    auto_only: row.auto_only === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
    finished_at: row.finished_at,
  };
}

function detail(db: Db, row: IncidentRow) {
  return {
    ...summary(row),
    runbook_file: row.runbook_file,
    inputs: parse(row.inputs),
    timeline: listTimeline(db, row.id).map((entry) => ({
      at: entry.at,
      kind: entry.kind,
      step_id: entry.step_id,
      actor: entry.actor,
      detail: parse(entry.detail),
    })),
    steps: journalFor(db, row.id).map((step) => ({
      step_id: step.step_id,
      attempt: step.attempt,
      status: step.status,
      action: step.action,
      summary: step.summary,
      error: step.error,
      started_at: step.started_at,
      ended_at: step.ended_at,
    })),
    alerts: alertsOfIncident(db, row.id).map((link) => ({
      source: link.source,
      rule: link.rule,
      fingerprint: link.fingerprint,
      status: link.status,
      outcome: link.outcome,
      received_at: new Date(link.received_at).toISOString(),
    })),
  };
}

const listQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: [...SHOWN_STATUSES] },
    // query strings are text and the server does not coerce types: read the digits here
    limit: { type: 'string', pattern: '^(?:[1-9][0-9]{0,2}|1000)$' },
  },
  additionalProperties: false,
} as const;

export function registerIncidentRoutes(app: FastifyInstance, db: Db): void {
  app.get<{ Querystring: { status?: string; limit?: string } }>('/v1/incidents', { schema: { querystring: listQuery } }, async (request) => {
    checkAct(identityOf(request), 'incidents.read', 'list incidents');
    const rows = listShownIncidents(db, { status: request.query.status as ShownStatus | undefined, limit: Number(request.query.limit ?? 100) });
    return { incidents: rows.map(summary) };
  });
  app.get<{ Params: { id: string } }>('/v1/incidents/:id', async (request) => {
    checkAct(identityOf(request), 'incidents.read', 'read incidents');
    return detail(db, getIncident(db, request.params.id));
  });
}
