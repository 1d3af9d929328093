import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from '../metrics.js';

/** GET /healthz (no auth, no rate limit) and GET /metrics (Prometheus text format, auth required). */
export function registerSystemRoutes(app: FastifyInstance, metrics: ServerMetrics): void {
  app.get('/healthz', { config: { public: true, rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
}
