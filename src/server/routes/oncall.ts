import type { FastifyInstance } from 'fastify';
import { addSilence, checkMatcher, expireSilence, listSilences, type Matcher, type Silence } from '../../alerts/silences.js';
import { acknowledge } from '../../engine/acknowledgements.js';
import { getIncident } from '../../engine/incidents.js';
import { parseDuration } from '../../duration.js';
import type { Db } from '../../store/db.js';
import type { ServerMetrics } from '../metrics.js';
import type { Notifier } from '../notify.js';
import { identityOf } from '../request-context.js';
import { checkAct } from './incidents.js';

const ackBody = {
  type: 'object',
  properties: { comment: { type: 'string', maxLength: 2000 } },
  additionalProperties: false,
} as const;

const silenceBody = {
  type: 'object',
  required: ['matchers', 'duration', 'comment'],
  properties: {
    matchers: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: {
        type: 'object',
        required: ['name', 'op', 'value'],
        properties: {
          name: { type: 'string', maxLength: 64 },
          op: { type: 'string', enum: ['=', '!=', '=~', '!~'] },
          value: { type: 'string', maxLength: 256 },
        },
        additionalProperties: false,
      },
    },
    duration: { type: 'string', maxLength: 16, description: 'e.g. 2h, 30m' },
    comment: { type: 'string', minLength: 1, maxLength: 1000 },
  },
  additionalProperties: false,
} as const;

const silenceJson = (silence: Silence) => ({
  id: silence.id,
  matchers: silence.matchers,
  starts_at: silence.startsAt,
  ends_at: silence.endsAt,
  comment: silence.comment,
  created_by: silence.createdBy,
  expired_by: silence.expiredBy,
  suppressed: silence.suppressed,
  state: silence.state,
});

/**
 * POST /v1/incidents/:id/ack — stop the page climbing (the same as `irctl ack`).
 * GET/POST /v1/silences, DELETE /v1/silences/:id — maintenance windows (`irctl silence`).
 */
export function registerOncallRoutes(app: FastifyInstance, deps: { db: Db; notifier: Notifier; metrics: ServerMetrics }): void {
  const { db, notifier } = deps;
  app.post<{ Params: { id: string }; Body: { comment?: string } }>(
    '/v1/incidents/:id/ack',
    { schema: { body: ackBody }, config: { bodyKind: 'json' } },
    async (request) => {
      const identity = identityOf(request);
      checkAct(identity, 'incident.ack', `acknowledge ${request.params.id}`);
      const incident = getIncident(db, request.params.id);
      const ack = acknowledge(db, { incidentId: incident.id, actor: identity.actor, comment: request.body?.comment });
      notifier.send({
        kind: 'acknowledged',
        incidentId: incident.id,
        runbook: incident.runbook_name,
        severity: incident.severity,
        target: incident.target ?? undefined,
        detail: { actor: identity.actor, comment: request.body?.comment ?? null },
      });
      return { incident_id: incident.id, actor: identity.actor, at: ack.at, first: ack.first };
    },
  );
  app.get<{ Querystring: { all?: boolean } }>(
    '/v1/silences',
    { schema: { querystring: { type: 'object', properties: { all: { type: 'boolean' } }, additionalProperties: false } } },
    async (request) => {
      checkAct(identityOf(request), 'silences.read', 'list silences');
      return { silences: listSilences(db, { all: request.query.all }).map(silenceJson) };
    },
  );
  app.post<{ Body: { matchers: Matcher[]; duration: string; comment: string } }>(
    '/v1/silences',
    { schema: { body: silenceBody }, config: { bodyKind: 'json' } },
    async (request, reply) => {
      const identity = identityOf(request);
      checkAct(identity, 'silences.manage', 'add a silence');
      const silence = addSilence(db, {
        matchers: request.body.matchers.map(checkMatcher),
        durationMs: parseDuration(request.body.duration),
        comment: request.body.comment,
        createdBy: identity.actor,
      });
      reply.code(201);
      return silenceJson(silence);
    },
  );
  app.delete<{ Params: { id: string } }>('/v1/silences/:id', async (request) => {
    const identity = identityOf(request);
    checkAct(identity, 'silences.manage', `expire silence ${request.params.id}`);
    return silenceJson(expireSilence(db, request.params.id, identity.actor));
  });
  app.addHook('onRequest', async (request) => {
    if (request.url.split('?')[0] === '/metrics') deps.metrics.silencesActive.set(listSilences(db).length);
  });
}
