import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { parseAlertPayload } from '../alerts/parsers/index.js';
import type { Logger } from '../log.js';
import { parseDuration } from '../duration.js';
import type { LoadedRunbook } from '../runbook/load.js';
import type { Services } from '../services.js';
import { FailedAuthGuard } from './auth/failed-auth.js';
import { ReplayCache, replaySchema, SIGNATURE_HEADER } from './auth/hmac.js';
import { authenticate } from './auth/identity.js';
import { acceptRawBodies, decodeBody, rawBodyOf } from './body.js';
import { capConnectionsPerAddress } from './connection-cap.js';
import { AlertQueue, alertQueueSchema } from './alert-queue.js';
import { addContainerFacts, type ContainerInspector } from './container-facts.js';
import { DockerEventsWatcher, eventFiltersFor, type DockerEventsSource } from './docker-watcher.js';
import { replyWithError } from './errors-reply.js';
import { RequestRejectedError } from './http-error.js';
import { IncidentBudget } from './incident-budget.js';
import { takeNotification, type IntakeDeps } from './intake.js';
import { FairSemaphore, KeyedLock } from '../locks.js';
import { KeyRateLimiter } from './key-rate-limit.js';
import { createServerMetrics, type ServerMetrics } from './metrics.js';
import { createNotifier, type Notifier } from './notify.js';
import './request-context.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerApprovalRoutes } from './routes/approvals.js';
import { registerIncidentRoutes } from './routes/incidents.js';
import { registerOncallRoutes } from './routes/oncall.js';
import { registerSystemRoutes } from './routes/system.js';
import { originNamesThisHost } from './ui/guard.js';
import { registerConsole } from './ui/routes.js';
import { consoleSchema } from './ui/schema.js';
import { RunnerPool } from './runner-pool.js';
import { serverSchema } from './schema.js';
import { migrate } from '../store/db.js';

/** Engine lookups of alert intake at once (see IntakeDeps.lookups): each takes ~1 ms, so four keep up with hundreds of alerts a second. */
const INTAKE_LOOKUPS = 4;
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Per client address, for requests without credentials that verify (health checks, probes, scanners, guessers). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 100;

export interface ServerOptions {
  services: Services;
  runbooks: readonly LoadedRunbook[];
  hmacSecret?: string;
  /** Only with --insecure-no-auth on loopback: unauthenticated requests act as services.actor. */
  insecureNoAuth?: boolean;
  bodyLimitBytes?: number;
  /** Requests a minute from one address without credentials that verify. */
  rateLimitPerMinute?: number;
  /** Requests a minute with one authenticated key (an alert request counts its alerts); default from server.requests_per_minute_per_key. */
  keyRateLimitPerMinute?: number;
  /** Tokens a key's bucket holds (default: one minute's worth); tests make it small to reach the queue quickly. */
  keyBurst?: number;
  /** Alerts one key may have queued above its capacity; default from server.alert_queue_per_key. */
  alertQueuePerKey?: number;
  /** Default from the config's server.dedupe_window. */
  dedupeWindowMs?: number;
  /** Default from the config's server.request_timeout: headers and body must arrive within it. */
  requestTimeoutMs?: number;
  /** Default from the config's server.failed_auth_lockout. */
  failedAuthLockoutMs?: number;
  /** Incidents driven at once. */
  concurrency?: number;
  /** Watch this engine's /events for runbooks' docker triggers. */
  dockerEvents?: DockerEventsSource;
  fetch?: typeof fetch;
  /** Where request, alert and security log lines go (default: the services' logger). */
  log?: Logger;
  /** Webhook retry schedule (tests shorten it). */
  notifyRetry?: { attempts: number; baseMs: number };
  /** Take over incidents whose driver died on this host, once listening (`irctl serve` does). */
  adoptOrphans?: boolean;
  /** Serve HTTPS with this PEM certificate (chain) and key (--tls-cert / --tls-key). */
  tls?: { cert: Buffer; key: Buffer };
}

export interface IrctlServer {
  app: FastifyInstance;
  alertQueue: AlertQueue;
  /** Each sender's alert requests in work, one at a time (keyed by the authenticated actor). */
  alertTurns: KeyedLock;
  metrics: ServerMetrics;
  pool: RunnerPool;
  notifier: Notifier;
  watcher?: DockerEventsWatcher;
}

const presentsCredentials = (request: FastifyRequest) => request.headers.authorization !== undefined || request.headers[SIGNATURE_HEADER] !== undefined;

/**
 * Whether the per-address limit leaves a request to authentication: a route that authenticates, and
 * credentials to check (an HMAC covers the body, so this waits until it has arrived). Routes that
 * take no bearer credentials (/ui, /healthz) count every request, whatever its headers say.
 */
const awaitsAuthentication = (request: FastifyRequest) => !request.routeOptions.config.public && presentsCredentials(request);

/** The lock-out's key: the address, or an IPv6 address's /64, as the per-address limit counts them (one host holds a whole /64). */
const lockoutKey = (address: string) => normalizeIP(address);

/**
 * The JSON API is for webhook senders and scripts, which send no Origin. A request a browser sent
 * from another site's page carries that site's Origin: it is refused on every /v1 route, whatever
 * its credentials (with --insecure-no-auth it would act as the server's own identity; with keys it
 * is never legitimate). By the matched route, so no spelling of the path gets around it.
 */
function refuseCrossSiteApiRequest(request: FastifyRequest): void {
  if (!request.routeOptions.url?.startsWith('/v1/') || request.headers.origin === undefined || originNamesThisHost(request)) return;
  throw new RequestRejectedError(403, 'cross_origin', 'refused: a browser page of another site sent this API request (its Origin is not this server)', {
    hint: 'webhook senders and scripts send no Origin header; the console is at /ui/',
  });
}

/** The per-address limit's own 429, for a request counted only once its credentials failed. */
function addressLimitExceeded(retryAfterSeconds: number): Error {
  return Object.assign(new Error(`Rate limit exceeded, retry in ${retryAfterSeconds} seconds`), {
    statusCode: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}

/**
 * The `irctl serve` application, not yet listening: fastify with auth, limits and routes, the
 * runner pool that drives the incidents alerts open, and the Docker events watcher. Closing the
 * app stops the watcher and stops the drives where they stand (resumable; the next start adopts them).
 */
export async function buildServer(options: ServerOptions): Promise<IrctlServer> {
  const { services } = options;
  migrate(services.db, [...serverSchema, ...replaySchema, ...consoleSchema, ...alertQueueSchema]); // the server's own tables, above the store's one list (src/schema.ts)
  const settings = services.config.server;
  const log = options.log ?? services.log;
  const metrics = createServerMetrics();
  const notifier = createNotifier(services.config, { metrics, log: services.log, fetch: options.fetch, db: services.db, retry: options.notifyRetry });
  const pool = new RunnerPool({ services, metrics, notifier, log, concurrency: options.concurrency ?? 16 });
  const intake: IntakeDeps = {
    services,
    runbooks: options.runbooks,
    metrics,
    notifier,
    pool,
    log,
    dedupeWindowMs: options.dedupeWindowMs ?? parseDuration(settings.dedupe_window),
    budget: new IncidentBudget(settings.incidents_per_minute),
    incidentsPerRequest: settings.incidents_per_request,
    lookups: new FairSemaphore(INTAKE_LOOKUPS),
  };

  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const requestTimeout = options.requestTimeoutMs ?? parseDuration(settings.request_timeout);
  const app = Fastify({
    loggerInstance: log, // a pino logger; typed as fastify's base so routes keep the default instance type
    logController: new LogController({ disableRequestLogging: true }), // one line per request, written in onResponse below
    bodyLimit,
    // a slow client cannot hold a socket: the whole request (headers and body) must arrive in time,
    // and an idle connection is closed after the same time
    requestTimeout,
    connectionTimeout: requestTimeout,
    keepAliveTimeout: Math.min(5_000, requestTimeout),
    http: { headersTimeout: requestTimeout, requestTimeout, connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeout / 4))) },
    // no coercion: a string where a list belongs is a wrong type, not a list of one
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allowUnionTypes: true } },
    // request.ip is the client's address only through a listed proxy; anyone else's X-Forwarded-For is ignored
    trustProxy: settings.trusted_proxies.length > 0 ? [...settings.trusted_proxies] : false,
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
  }) as unknown as FastifyInstance; // the routes do not depend on which node server (http or https) carries them
  capConnectionsPerAddress(app.server, settings.connections_per_address, (address) => {
    metrics.rateLimited.inc({ limit: 'connections_per_address' });
    log.warn({ event: 'connection_refused', address, limit: settings.connections_per_address }, 'too many open connections from one address');
  });
  acceptRawBodies(app, bodyLimit);
  app.setErrorHandler((error, request, reply) => replyWithError(metrics, error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    replyWithError(metrics, new RequestRejectedError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`), request, reply),
  );
  app.addHook('onRequest', async (request) => refuseCrossSiteApiRequest(request));

  // Per address: requests without credentials (@fastify/rate-limit, on arrival), and requests whose
  // credentials fail (the same count, plus the failed-auth lock-out). Credentials that verify are
  // limited per key instead, and never refused by the lock-out.
  const failedAuth = new FailedAuthGuard(settings.failed_auth_limit, options.failedAuthLockoutMs ?? parseDuration(settings.failed_auth_lockout));
  const failedCredentials = new WeakSet<FastifyRequest>();
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    allowList: (request) => awaitsAuthentication(request) && !failedCredentials.has(request),
  });
  const perAddressLimit = app.createRateLimit(); // the global limit's own count, for credentials that failed

  const logFailedAuth = (request: FastifyRequest, reason: string) => {
    metrics.authFailures.inc({ reason });
    log.warn(
      { event: 'auth_failed', security: true, address: request.ip, reason, method: request.method, url: request.url.slice(0, 200) },
      'failed authentication',
    );
  };
  /** Credentials that did not verify: logged, counted towards the lock-out and the per-address limit. */
  const chargeFailedCredentials = async (request: FastifyRequest, reason: string): Promise<void> => {
    failedCredentials.add(request);
    logFailedAuth(request, reason);
    const address = lockoutKey(request.ip);
    if (failedAuth.lockedFor(address) === 0 && failedAuth.recordFailure(address)) {
      metrics.authLockouts.inc();
      log.warn(
        { event: 'auth_lockout', security: true, address: request.ip, limit: settings.failed_auth_limit, lockout: settings.failed_auth_lockout },
        'address locked out after repeated failed authentications',
      );
    }
    const lockedFor = failedAuth.lockedFor(address);
    if (lockedFor > 0) {
      throw new RequestRejectedError(429, 'auth_lockout', 'too many failed authentications from this address; try again later', {
        headers: { 'retry-after': String(lockedFor) },
      });
    }
    if (!awaitsAuthentication(request)) return; // counted per address on arrival (a console sign-in)
    const counted = await perAddressLimit(request);
    if (!counted.isAllowed && counted.isExceeded) throw addressLimitExceeded(counted.ttlInSeconds);
  };

  const replays = new ReplayCache(services.db);
  const perKey = new KeyRateLimiter(options.keyRateLimitPerMinute ?? settings.requests_per_minute_per_key, Date.now, options.keyBurst);
  const alertQueue = new AlertQueue({ intake, limiter: perKey, perKey: options.alertQueuePerKey ?? settings.alert_queue_per_key, log });
  // An authenticated sender's alert requests are taken one at a time: a sender posting hundreds at
  // once (a flood, a replay) has one in work and the rest waiting, and leaves the event loop to other
  // senders' alerts and the running drives (bench/flood.ts). Only after authentication, so no one
  // can hold a turn they do not own; a turn ends when its response is done or its connection goes.
  // The turn passes on after the I/O that is ready then, so a running drive's engine replies are
  // taken before the busy sender's next request.
  const alertTurns = new KeyedLock();
  const takeAlertTurn = async (request: FastifyRequest, reply: FastifyReply, actor: string) => {
    const endTurn = await alertTurns.acquire(actor);
    if (reply.raw.destroyed || request.raw.socket.destroyed) endTurn();
    else reply.raw.once('close', () => setImmediate(endTurn));
  };
  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.config.public) return;
    const raw = rawBodyOf(request);
    try {
      request.identity = authenticate(request, raw, {
        db: services.db,
        roleBook: services.roleBook,
        hmacSecret: options.hmacSecret,
        replays,
        insecureNoAuthActor: options.insecureNoAuth ? services.actor : undefined,
      });
    } catch (error) {
      const reason = error instanceof RequestRejectedError ? error.reason : 'error';
      // no credentials at all is not a guess: no lock-out, and the per-address limit counted it on arrival
      if (presentsCredentials(request)) await chargeFailedCredentials(request, reason);
      else logFailedAuth(request, reason);
      throw error;
    }
    if (request.routeOptions.config.bodyKind === 'alert') await takeAlertTurn(request, reply, request.identity.actor);
    // alert routes count their alerts against the key's capacity and queue above it (AlertQueue)
    if (request.identity.via === 'api-key' && request.routeOptions.config.alertSource === undefined) perKey.hit(request.identity.actor);
    request.body = decodeBody(request, raw);
  });

  // one JSON line per request: request id (pino's reqId), actor, route, status, latency
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        event: 'request',
        method: request.method,
        route: request.routeOptions.url ?? request.url.split('?')[0]!.slice(0, 200),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        actor: request.identity?.actor,
        address: request.ip,
        ...(request.alertOutcome ? { outcome: request.alertOutcome } : {}),
      },
      'request',
    );
  });

  registerSystemRoutes(app, metrics);
  registerAlertRoutes(app, intake, alertQueue);
  registerIncidentRoutes(app, services.db);
  registerApprovalRoutes(app, services.db, pool);
  registerOncallRoutes(app, { db: services.db, notifier, metrics });
  await app.register(registerConsole, { services, pool, notifier, signInFailed: (request) => chargeFailedCredentials(request, 'invalid_api_key') });

  let watcher: DockerEventsWatcher | undefined;
  const filters = eventFiltersFor(options.runbooks.map((loaded) => loaded.runbook));
  if (options.dockerEvents && filters) {
    watcher = new DockerEventsWatcher({
      docker: options.dockerEvents,
      filters,
      metrics,
      log: services.log,
      onEvent: (event) => {
        void Promise.resolve()
          .then(() => parseAlertPayload('docker', event))
          .then((notification) => addContainerFacts(notification, options.dockerEvents as unknown as ContainerInspector))
          .then((enriched) => takeNotification(intake, enriched, { actor: 'docker-events' }))
          .catch((error: Error) => services.log.warn({ error: error.message }, 'a Docker event could not be used'));
      },
    });
    app.addHook('onReady', async () => watcher!.start());
  }
  if (options.adoptOrphans) app.addHook('onReady', async () => void pool.adoptOrphans());
  app.addHook('onReady', async () => alertQueue.wake()); // what a previous process queued drains now
  app.addHook('onClose', async () => {
    await watcher?.stop();
    await alertQueue.close();
    await pool.close();
    await notifier.flush();
  });
  return { app, alertQueue, alertTurns, metrics, pool, notifier, watcher };
}
