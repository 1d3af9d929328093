import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { parseAlertPayload } from '../alerts/parsers/index.js';
import { parseDuration } from '../runbook/duration.js';
import type { LoadedRunbook } from '../runbook/load.js';
import type { Services } from '../services.js';
import { authenticate } from './auth/identity.js';
import { KeyRateLimiter } from './key-rate-limit.js';
import { addContainerFacts, type ContainerInspector } from './container-facts.js';
import { ReplayCache } from './auth/hmac.js';
import { acceptRawBodies, decodeBody, rawBodyOf } from './body.js';
import { DockerEventsWatcher, eventFiltersFor, type DockerEventsSource } from './docker-watcher.js';
import { replyWithError } from './errors-reply.js';
import { RequestRejectedError } from './http-error.js';
import { takeNotification, type IntakeDeps } from './intake.js';
import { createServerMetrics, type ServerMetrics } from './metrics.js';
import { createNotifier, type Notifier } from './notify.js';
import './request-context.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerApprovalRoutes } from './routes/approvals.js';
import { registerIncidentRoutes } from './routes/incidents.js';
import { registerSystemRoutes } from './routes/system.js';
import { registerConsole } from './ui/routes.js';
import { RunnerPool } from './runner-pool.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 100;

export interface ServerOptions {
  services: Services;
  runbooks: readonly LoadedRunbook[];
  hmacSecret?: string;
  /** Only with --insecure-no-auth on loopback: unauthenticated requests act as services.actor. */
  insecureNoAuth?: boolean;
  bodyLimitBytes?: number;
  rateLimitPerMinute?: number;
  /** Default from the config's server.dedupe_window. */
  dedupeWindowMs?: number;
  /** Incidents driven at once. */
  concurrency?: number;
  /** Watch this engine's /events for runbooks' docker triggers. */
  dockerEvents?: DockerEventsSource;
  fetch?: typeof fetch;
  logger?: boolean;
  /** Serve HTTPS with this PEM certificate (chain) and key (--tls-cert / --tls-key). */
  tls?: { cert: Buffer; key: Buffer };
}

export interface IrctlServer {
  app: FastifyInstance;
  metrics: ServerMetrics;
  pool: RunnerPool;
  notifier: Notifier;
  watcher?: DockerEventsWatcher;
}

/**
 * The `irctl serve` application, not yet listening: fastify with auth, limits and routes, the
 * runner pool that drives the incidents alerts open, and the Docker events watcher. Closing the
 * app stops the watcher and waits for the drives in flight (each stops at its next human step).
 */
export async function buildServer(options: ServerOptions): Promise<IrctlServer> {
  const { services } = options;
  const metrics = createServerMetrics();
  const notifier = createNotifier(services.config.notify, { metrics, log: services.log, fetch: options.fetch });
  const pool = new RunnerPool({ services, metrics, notifier, concurrency: options.concurrency ?? 16 });
  const intake: IntakeDeps = {
    services,
    runbooks: options.runbooks,
    metrics,
    notifier,
    pool,
    dedupeWindowMs: options.dedupeWindowMs ?? parseDuration(services.config.server.dedupe_window),
  };

  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    // no coercion: a string where a list belongs is a wrong type, not a list of one
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allowUnionTypes: true } },
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
  }) as unknown as FastifyInstance; // the routes do not depend on which node server carries them
  acceptRawBodies(app, bodyLimit);
  app.setErrorHandler((error, request, reply) => replyWithError(metrics, error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    replyWithError(metrics, new RequestRejectedError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`), request, reply),
  );
  await app.register(rateLimit, { max: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 });

  const replays = new ReplayCache();
  const perKey = new KeyRateLimiter(options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE);
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.public) return;
    const raw = rawBodyOf(request);
    request.identity = authenticate(request, raw, {
      db: services.db,
      roleBook: services.roleBook,
      hmacSecret: options.hmacSecret,
      replays,
      insecureNoAuthActor: options.insecureNoAuth ? services.actor : undefined,
    });
    if (request.identity.via === 'api-key') perKey.hit(request.identity.actor);
    request.body = decodeBody(request, raw);
  });

  registerSystemRoutes(app, metrics);
  registerAlertRoutes(app, intake);
  registerIncidentRoutes(app, services.db);
  registerApprovalRoutes(app, services.db, pool);
  await app.register(registerConsole, { services, pool });

  let watcher: DockerEventsWatcher | undefined;
  const filters = eventFiltersFor(options.runbooks.map((loaded) => loaded.runbook));
  if (options.dockerEvents && filters) {
    watcher = new DockerEventsWatcher({
      docker: options.dockerEvents,
      filters,
      metrics,
      log: services.log,
      onEvent: (event) => {
        const notification = parseAlertPayload('docker', event);
        void addContainerFacts(notification, options.dockerEvents as unknown as ContainerInspector)
          .then((enriched) => takeNotification(intake, enriched, 'docker-events'))
          .catch((error: Error) => services.log.warn({ error: error.message }, 'a Docker event could not be used'));
      },
    });
    app.addHook('onReady', async () => watcher!.start());
  }
  app.addHook('onClose', async () => {
    await watcher?.stop();
    await pool.idle();
    await notifier.flush();
  });
  return { app, metrics, pool, notifier, watcher };
}
