import type { FastifyInstance } from 'fastify';
import { parseAlertPayload } from '../../alerts/parsers/index.js';
import { RequestRejectedError } from '../http-error.js';
import { takeNotification, type IntakeDeps } from '../intake.js';
import { identityOf } from '../request-context.js';
import { ALERT_BODY_SCHEMAS, HTTP_ALERT_SOURCES } from './alert-schemas.js';

/** POST /v1/alerts/{alertmanager,falco,grafana,generic}: parse, match, open or join; 202 with what happened. */
export function registerAlertRoutes(app: FastifyInstance, intake: IntakeDeps): void {
  for (const source of HTTP_ALERT_SOURCES) {
    app.post(`/v1/alerts/${source}`, { schema: { body: ALERT_BODY_SCHEMAS[source] }, config: { bodyKind: 'alert', alertSource: source } }, async (request, reply) => {
      const notification = parseAlertPayload(source, request.body); // AlertRejectedError → 400/422, nothing recorded
      const alerts = takeNotification(intake, notification, identityOf(request).actor);
      return reply.code(202).send({ source, accepted: alerts.length, skipped: notification.skipped, alerts });
    });
  }
  app.post('/v1/alerts/:source', { config: { bodyKind: 'alert' } }, async () => {
    throw new RequestRejectedError(404, 'unknown_source', 'no such alert source', { hint: `POST to /v1/alerts/${HTTP_ALERT_SOURCES.join('|')}` });
  });
}
