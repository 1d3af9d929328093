import type { FastifyInstance } from 'fastify';
import { parseAlertPayload } from '../../alerts/parsers/index.js';
import type { AlertQueue } from '../alert-queue.js';
import { RequestRejectedError } from '../http-error.js';
import { replyStatusFor, takeNotification, type IntakeDeps } from '../intake.js';
import { identityOf } from '../request-context.js';
import { ALERT_BODY_SCHEMAS, HTTP_ALERT_SOURCES } from './alert-schemas.js';
import { checkAct } from './incidents.js';

/**
 * POST /v1/alerts/{alertmanager,falco,grafana,generic}: parse, match, check the target, open or
 * join. 202 with what happened to each alert; when every alert was refused, the refusal's status
 * (403 out of scope, 429 over budget, 422 target not found / host unknown) with the same body.
 */
export function registerAlertRoutes(app: FastifyInstance, intake: IntakeDeps, queue: AlertQueue): void {
  for (const source of HTTP_ALERT_SOURCES) {
    app.post(
      `/v1/alerts/${source}`,
      { schema: { body: ALERT_BODY_SCHEMAS[source] }, config: { bodyKind: 'alert', alertSource: source } },
      async (request, reply) => {
        const identity = identityOf(request);
        checkAct(identity, 'alerts.post', 'post alerts');
        const notification = parseAlertPayload(source, request.body); // AlertRejectedError → 400/422, nothing recorded
        const sender = { actor: identity.actor, scope: identity.scope };
        // an API key has a capacity; above it its alerts queue (hmac-signed and --insecure-no-auth senders have none)
        const { alerts, truncatedAlerts, refusedForQueue } =
          identity.via === 'api-key'
            ? await queue.take(notification, sender, identity)
            : { ...(await takeNotification(intake, notification, sender)), refusedForQueue: 0 };
        const { status, refusal } = replyStatusFor(alerts);
        request.alertOutcome = status === 202 ? 'accepted' : refusal!.reason;
        if (refusal?.reason === 'over_budget') reply.header('retry-after', String(intake.budget.retryAfterSeconds(identity.actor)));
        if (refusal?.reason === 'queue_full') {
          reply.header('retry-after', String(queue.retryAfterSeconds(refusedForQueue)));
          intake.metrics.rateLimited.inc({ limit: 'alert_queue' });
          request.log.warn({ event: 'alert_queue_full', security: true, sender: identity.actor, refused: refusedForQueue }, 'alert queue full: 429');
        }
        const body = { source, accepted: alerts.length, skipped: notification.skipped, truncated_alerts: truncatedAlerts, alerts };
        if (!refusal) return reply.code(202).send(body);
        return reply.code(status).send({ error: { code: refusal.reason.toUpperCase(), message: refusal.message }, ...body });
      },
    );
  }
  app.post('/v1/alerts/:source', { config: { bodyKind: 'alert' } }, async () => {
    throw new RequestRejectedError(404, 'unknown_source', 'no such alert source', { hint: `POST to /v1/alerts/${HTTP_ALERT_SOURCES.join('|')}` });
  });
}
