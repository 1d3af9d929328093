import {
  addSilence,
  checkMatcher,
  expireSilence,
  formatMatcher,
  listSilences,
  parseMatcher,
  silenceFor
} from "./chunk-V3TQRPMC.js";
import {
  AlertRejectedError,
  matchAlert,
  parseAlertPayload,
  parsePayloadText
} from "./chunk-MYAPS5TB.js";
import {
  CONSOLE_CSP,
  SESSION_TTL_MS,
  clockText,
  closeSession,
  csrfField,
  csrfMatches,
  driverOf,
  findSession,
  isOpen,
  openSession,
  page,
  permits,
  securityHeaders,
  slaView,
  waitingGate,
  when
} from "./chunk-YTVLJEGO.js";
import {
  acknowledge
} from "./chunk-WSUEYRC3.js";
import "./chunk-JMMGUXVQ.js";
import {
  html
} from "./chunk-EBT4LAK7.js";
import {
  SHOWN_STATUSES,
  listShownIncidents,
  shownStatus
} from "./chunk-LMORYZ2G.js";
import {
  driveIncident,
  openIncident,
  stepPhaseLookup
} from "./chunk-4GSJUEBQ.js";
import "./chunk-7PJKO4CU.js";
import "./chunk-OTP5ZCB7.js";
import "./chunk-3WGXUJSV.js";
import "./chunk-PPE2D4RA.js";
import "./chunk-WZU5H5HN.js";
import {
  isBeingRun,
  orphanedIncidents
} from "./chunk-SXC63L3C.js";
import {
  findGate,
  journalFor,
  recordDecision
} from "./chunk-OGRVB2BJ.js";
import "./chunk-4RM7ECEZ.js";
import {
  verifyApiKey
} from "./chunk-MRL5SMKO.js";
import "./chunk-JOVG2KOV.js";
import "./chunk-ZULBT7B6.js";
import {
  loadRunbook
} from "./chunk-H6XEEHUO.js";
import {
  outOfScopeReason,
  resolveContainer
} from "./chunk-ZGDHL663.js";
import {
  STEP_ID,
  isParallelStep
} from "./chunk-R7BDC3QQ.js";
import "./chunk-NTHYNA2H.js";
import "./chunk-DVWMJPOH.js";
import "./chunk-VMLQRVIN.js";
import "./chunk-72I7VOGQ.js";
import {
  requireRole
} from "./chunk-Z445M42V.js";
import {
  createNotifier
} from "./chunk-4JQ7EL7Y.js";
import {
  FINAL_STATUSES,
  addTimeline,
  getIncident,
  listIncidents,
  listTimeline
} from "./chunk-GCLPYPTX.js";
import "./chunk-PBYITGF3.js";
import {
  migrate,
  writeTransaction
} from "./chunk-URVRDTQG.js";
import "./chunk-LQHUQG2A.js";
import {
  checkObjectRef
} from "./chunk-IPAKTWBZ.js";
import "./chunk-LY6QHTT2.js";
import {
  parseDuration
} from "./chunk-5OCVQCD3.js";
import {
  expandRoles
} from "./chunk-QCYQ7BMR.js";
import {
  DockerUnreachableError,
  ExitCode,
  IntegrityError,
  IrctlError,
  NotFoundError,
  RefusedError,
  UsageError,
  WaitingError
} from "./chunk-JMAPXXTL.js";

// dist/server/app.js
import rateLimit from "@fastify/rate-limit";
import Fastify, { LogController } from "fastify";

// dist/server/auth/failed-auth.js
var FailedAuthGuard = class {
  limit;
  lockoutMs;
  now;
  failures = /* @__PURE__ */ new Map();
  lockedUntil = /* @__PURE__ */ new Map();
  constructor(limit, lockoutMs, now = Date.now) {
    this.limit = limit;
    this.lockoutMs = lockoutMs;
    this.now = now;
  }
  /** Seconds the address is still locked out for, or 0. */
  lockedFor(address) {
    const until = this.lockedUntil.get(address);
    if (until === void 0)
      return 0;
    const left = until - this.now();
    if (left <= 0) {
      this.lockedUntil.delete(address);
      return 0;
    }
    return Math.ceil(left / 1e3);
  }
  /** Count one failure; true when this failure locked the address out. */
  recordFailure(address) {
    const now = this.now();
    const recent = (this.failures.get(address) ?? []).filter((at) => now - at < 6e4);
    recent.push(now);
    if (recent.length > this.limit) {
      this.failures.delete(address);
      this.lockedUntil.set(address, now + this.lockoutMs);
      this.prune(now);
      return true;
    }
    this.failures.set(address, recent);
    return false;
  }
  /** Forget what can no longer matter, so the maps cannot grow without bound. */
  prune(now) {
    for (const [address, times] of this.failures)
      if (times.every((at) => now - at >= 6e4))
        this.failures.delete(address);
    for (const [address, until] of this.lockedUntil)
      if (until <= now)
        this.lockedUntil.delete(address);
  }
};

// dist/server/auth/hmac.js
import { createHmac, timingSafeEqual } from "node:crypto";
var TIMESTAMP_HEADER = "x-irctl-timestamp";
var SIGNATURE_HEADER = "x-irctl-signature";
var SIGNATURE_WINDOW_MS = 5 * 6e4;
function signingString(request) {
  return `${request.timestampSeconds}
${request.method.toUpperCase()}
${request.path}
`;
}
function signRequest(secret, request) {
  return `sha256=${createHmac("sha256", secret).update(signingString(request)).update(request.body).digest("hex")}`;
}
var replaySchema = [
  {
    id: "server-replays-1",
    sql: `
CREATE TABLE server_signature_replays (
  signature TEXT PRIMARY KEY,        -- sha256=<hex> as presented
  expires_at INTEGER NOT NULL        -- epoch ms: signed timestamp + window; then it is stale anyway
);
CREATE INDEX server_signature_replays_expiry ON server_signature_replays(expires_at);
`
  }
];
var ReplayCache = class {
  db;
  windowMs;
  constructor(db, windowMs = SIGNATURE_WINDOW_MS) {
    this.db = db;
    this.windowMs = windowMs;
  }
  /** True the first time a signature is offered; false for a replay. */
  claim(signature, signedAtMs, now) {
    this.db.prepare("DELETE FROM server_signature_replays WHERE expires_at < ?").run(now);
    const inserted = this.db.prepare("INSERT OR IGNORE INTO server_signature_replays (signature, expires_at) VALUES (?, ?)").run(signature, signedAtMs + this.windowMs);
    return inserted.changes === 1;
  }
};
function verifySignature(secret, headers, request, replays, now = Date.now()) {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature || !/^sha256=[0-9a-f]{64}$/.test(signature)) {
    return {
      ok: false,
      reason: "bad_signature",
      message: `a signed request needs ${TIMESTAMP_HEADER} (Unix seconds) and ${SIGNATURE_HEADER} (sha256=<64 hex>)`
    };
  }
  const signedAtMs = Number(timestamp) * 1e3;
  if (Math.abs(now - signedAtMs) > SIGNATURE_WINDOW_MS) {
    return {
      ok: false,
      reason: "stale_signature",
      message: `the signature timestamp is outside the accepted window of \xB1${SIGNATURE_WINDOW_MS / 1e3} s; sign with the current time`
    };
  }
  const expected = Buffer.from(signRequest(secret, { timestampSeconds: Number(timestamp), method: request.method, path: request.path, body: request.body }));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) {
    return {
      ok: false,
      reason: "bad_signature",
      message: 'the signature does not match (HMAC-SHA256 of "<timestamp>\\n<METHOD>\\n<path>\\n<body>" with the shared secret)'
    };
  }
  if (!replays.claim(signature, signedAtMs, now)) {
    return { ok: false, reason: "replayed_signature", message: "this signed request was already received; each signed request is accepted once" };
  }
  return { ok: true };
}

// dist/server/http-error.js
var RequestRejectedError = class extends IrctlError {
  httpStatus;
  reason;
  /** Reply headers, e.g. Retry-After on a 429. */
  headers;
  constructor(httpStatus, reason, message, options = {}) {
    super(reason.toUpperCase(), ExitCode.REFUSED, message, options);
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.headers = options.headers ?? {};
  }
};

// dist/server/auth/identity.js
var header = (request, name) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};
function authenticate(request, rawBody, settings) {
  const authorization = header(request, "authorization");
  if (authorization !== void 0) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const key = match ? verifyApiKey(settings.db, match[1]) : void 0;
    if (!key) {
      throw new RequestRejectedError(401, "invalid_api_key", "the bearer API key is unknown, revoked or malformed", {
        hint: "send Authorization: Bearer irk_\u2026; irctl keys list shows the keys that exist"
      });
    }
    return {
      actor: key.actor,
      via: "api-key",
      roles: key.role ? expandRoles([key.role]) : settings.roleBook().rolesOf(key.actor),
      scope: key.scope,
      key: { id: key.keyId, createdBy: key.createdBy }
    };
  }
  const signature = header(request, SIGNATURE_HEADER);
  if (signature !== void 0) {
    if (!settings.hmacSecret) {
      throw new RequestRejectedError(401, "bad_signature", "the request is signed but this server has no HMAC secret configured", {
        hint: "set IRCTL_HMAC_SECRET or server.hmac_secret_file on the server, or send a bearer API key"
      });
    }
    const check = verifySignature(settings.hmacSecret, { timestamp: header(request, TIMESTAMP_HEADER), signature }, { method: request.method, path: request.url, body: rawBody }, settings.replays);
    if (!check.ok)
      throw new RequestRejectedError(401, check.reason, check.message, { hint: "docs/alerts-server.md shows how to sign a request" });
    return { actor: "hmac-signed", via: "hmac", roles: ["alerter"] };
  }
  if (settings.insecureNoAuthActor) {
    const actor = settings.insecureNoAuthActor;
    return { actor, via: "insecure-no-auth", roles: settings.roleBook().rolesOf(actor) };
  }
  throw new RequestRejectedError(401, "missing_auth", "this endpoint needs a bearer API key or an HMAC-signed body", {
    hint: `send Authorization: Bearer irk_\u2026 or ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers`
  });
}

// dist/server/body.js
function acceptRawBodies(app, bodyLimit) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit }, (_request, body, done) => done(null, body));
}
function rawBodyOf(request) {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}
function decodeBody(request, raw) {
  const kind = request.routeOptions.config.bodyKind;
  if (!kind)
    return void 0;
  const text = raw.toString("utf8");
  if (kind === "alert")
    return parsePayloadText(text);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestRejectedError(400, "malformed_json", `body is not JSON: ${error.message}`, { cause: error });
  }
}

// dist/server/connection-cap.js
function capConnectionsPerAddress(server, limit, onRefused) {
  const open = /* @__PURE__ */ new Map();
  server.on("connection", (socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const count = (open.get(address) ?? 0) + 1;
    if (count > limit) {
      onRefused(address);
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0)
        open.delete(address);
      else
        open.set(address, left);
    });
  });
}

// dist/server/alert-links.js
function linkAlert(db, link) {
  db.prepare("INSERT INTO server_alerts (incident_id, source, fingerprint, runbook_name, target, status, outcome, rule, received_at, sender) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").run(link.incidentId, link.alert.source, link.alert.fingerprint, link.runbook, link.target ?? null, link.alert.status, link.outcome, link.alert.rule, link.receivedAt, link.sender);
}
var OPEN_FOR_DEDUPE = ["running", "waiting"];
function findJoinableIncident(db, query) {
  const row = db.prepare(`SELECT a.incident_id FROM server_alerts a JOIN incidents i ON i.id = a.incident_id
       WHERE a.runbook_name = @runbook AND a.received_at >= @since AND a.outcome = 'opened'
         AND i.status IN (${OPEN_FOR_DEDUPE.map((status) => `'${status}'`).join(", ")})
         AND ((a.fingerprint = @fingerprint AND a.sender = @sender) OR (@target IS NOT NULL AND a.target = @target))
       ORDER BY a.seq DESC LIMIT 1`).get({ runbook: query.runbook, fingerprint: query.fingerprint, sender: query.sender, target: query.target ?? null, since: query.since });
  return row?.incident_id;
}
function incidentsForFingerprint(db, source, fingerprint, sender) {
  const rows = db.prepare(`SELECT incident_id, MAX(seq) AS last FROM server_alerts WHERE source = ? AND fingerprint = ? AND sender = ? AND outcome IN ('opened', 'joined')
       GROUP BY incident_id ORDER BY last DESC`).all(source, fingerprint, sender);
  return rows.map((row) => row.incident_id);
}
function alertsOfIncident(db, incidentId) {
  return db.prepare("SELECT * FROM server_alerts WHERE incident_id = ? ORDER BY seq").all(incidentId);
}

// dist/server/alert-host.js
function chooseAlertHost(config, knownHosts, alertHost, inputHost) {
  if (inputHost !== void 0) {
    if (knownHosts.includes(inputHost))
      return { host: inputHost };
    return { problem: `the trigger names host "${inputHost}", which is not configured (configured: ${knownHosts.join(", ")})` };
  }
  if (alertHost === void 0 || alertHost === "")
    return { host: "local" };
  const bare = alertHost.replace(/:\d{1,5}$/, "");
  for (const [name, host] of Object.entries(config.hosts)) {
    if (name === alertHost || name === bare)
      return { host: name };
    if (host.alert_names?.some((known) => known === alertHost || known === bare))
      return { host: name };
  }
  const mapped = Object.values(config.hosts).some((host) => host.alert_names && host.alert_names.length > 0);
  if (!mapped)
    return { host: "local" };
  return { problem: `the alert comes from host "${alertHost.slice(0, 100)}", which no configured host lists in alert_names` };
}

// dist/server/intake.js
async function takeNotification(deps, notification, sender) {
  const truncatedAlerts = notification.truncatedAlerts ?? 0;
  if (truncatedAlerts > 0) {
    deps.metrics.alertsTruncated.inc({ source: notification.source }, truncatedAlerts);
    deps.log.warn({ event: "alerts_truncated", source: notification.source, sender: sender.actor, truncated_alerts: truncatedAlerts }, "the sender left alerts out of this notification");
  }
  const request = { opened: 0, truncatedAlerts };
  const alerts = [];
  for (const alert of notification.alerts) {
    deps.metrics.alertsReceived.inc({ source: alert.source });
    const receivedAt = Date.now();
    const outcomes = alert.status === "resolved" ? [recordResolved(deps, alert, sender, receivedAt)] : await startOrJoin(deps, alert, sender, receivedAt, request);
    for (const outcome of outcomes)
      logOutcome(deps.log, alert, sender, outcome);
    alerts.push({ rule: alert.rule, status: alert.status, fingerprint: alert.fingerprint, container: alert.container, outcomes });
  }
  return { alerts, truncatedAlerts };
}
function logOutcome(log, alert, sender, outcome) {
  const fields = {
    event: "alert",
    source: alert.source,
    rule: alert.rule,
    fingerprint: alert.fingerprint,
    sender: sender.actor,
    container: alert.container,
    ...outcome
  };
  if (outcome.result === "refused")
    log.warn(fields, `alert refused: ${outcome.reason}`);
  else
    log.info(fields, `alert ${outcome.result}`);
}
function recordResolved(deps, alert, sender, receivedAt) {
  const { db } = deps.services;
  const incidentIds = incidentsForFingerprint(db, alert.source, alert.fingerprint, sender.actor);
  writeTransaction(db, () => {
    for (const incidentId of incidentIds) {
      const runbook = getIncident(db, incidentId).runbook_name;
      linkAlert(db, { incidentId, alert, runbook, target: alert.container, outcome: "resolved", receivedAt, sender: sender.actor });
      addTimeline(db, incidentId, "alert_resolved", {
        actor: sender.actor,
        detail: { source: alert.source, rule: alert.rule, fingerprint: alert.fingerprint, ends_at: alert.endsAt ?? null }
      });
    }
  });
  return { result: "resolved", incidentIds };
}
async function startOrJoin(deps, alert, sender, receivedAt, request) {
  const matches = matchAlert(deps.runbooks.map((loaded) => loaded.runbook), alert);
  if (matches.length === 0) {
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: "no_trigger_matched" });
    return [{ result: "unmatched" }];
  }
  const silence = silenceFor(deps.services.db, alert, receivedAt);
  if (silence) {
    deps.metrics.alertsSilenced.inc({ source: alert.source });
    return [{ result: "silenced", silenceId: silence.id }];
  }
  const outcomes = [];
  for (const match of matches)
    outcomes.push(await startOrJoinOne(deps, alert, match, sender, receivedAt, request));
  return outcomes;
}
async function placeAlert(deps, alert, match, sender, target) {
  const { services } = deps;
  const inputHost = typeof match.inputs.host === "string" ? match.inputs.host : void 0;
  const choice = chooseAlertHost(services.config, services.docker.names(), alert.host, inputHost);
  if ("problem" in choice)
    return { refused: "host_unknown", message: choice.problem };
  const inputs = { ...match.inputs };
  if (choice.host !== "local" && inputHost === void 0) {
    if (!Object.hasOwn(match.runbook.inputs, "host")) {
      return {
        refused: "host_unknown",
        message: `the alert is about host "${choice.host}" but runbook ${match.runbook.name} has no "host" input to act there`
      };
    }
    inputs.host = choice.host;
  }
  if (target === void 0)
    return { host: choice.host, inputs };
  let info;
  try {
    info = (await deps.lookups.run(sender.actor, () => resolveContainer(services.docker, { container: target, host: choice.host }, { strictRef: true }))).info;
  } catch (error) {
    if (error instanceof DockerUnreachableError)
      return { refused: "host_unreachable", message: error.message };
    if (error instanceof IrctlError)
      return { refused: "target_not_found", message: error.message };
    throw error;
  }
  const reason = outOfScopeReason({ host: choice.host, name: info.Name.replace(/^\//, ""), labels: info.Config?.Labels ?? {} }, services.config.scope, sender.scope);
  if (reason)
    return { refused: "out_of_scope", message: reason };
  return { host: choice.host, containerId: info.Id, inputs };
}
async function startOrJoinOne(deps, alert, match, sender, receivedAt, request) {
  const { db } = deps.services;
  const runbook = match.runbook.name;
  if (match.inputProblems.length > 0) {
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: "input_problem" });
    return { result: "not_started", runbook, problems: match.inputProblems };
  }
  const loaded = deps.runbooks.find((candidate) => candidate.runbook === match.runbook);
  const target = typeof match.inputs.container === "string" ? match.inputs.container : alert.container;
  const refuse = (reason, message) => {
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason });
    return { result: "refused", runbook, reason, message };
  };
  const placement = await placeAlert(deps, alert, match, sender, target);
  if ("refused" in placement)
    return refuse(placement.refused, placement.message);
  const windowMs = match.trigger.dedupe_window ? parseDuration(match.trigger.dedupe_window) : deps.dedupeWindowMs;
  const dedupeTarget = placement.containerId ?? target;
  let outcome;
  try {
    outcome = writeTransaction(db, () => {
      const joinable = findJoinableIncident(db, {
        runbook,
        fingerprint: alert.fingerprint,
        sender: sender.actor,
        target: dedupeTarget,
        since: receivedAt - windowMs
      });
      if (joinable) {
        linkAlert(db, { incidentId: joinable, alert, runbook, target: dedupeTarget, outcome: "joined", receivedAt, sender: sender.actor });
        addTimeline(db, joinable, "alert_joined", { actor: sender.actor, detail: { source: alert.source, rule: alert.rule, fingerprint: alert.fingerprint } });
        return { result: "joined", runbook, incidentId: joinable };
      }
      if (request.opened >= deps.incidentsPerRequest) {
        return { result: "refused", runbook, reason: "over_budget", message: `one request may open at most ${deps.incidentsPerRequest} incidents` };
      }
      if (!deps.budget.take(sender.actor)) {
        return { result: "refused", runbook, reason: "over_budget", message: `${sender.actor} may open at most ${deps.budget.perMinute} incidents a minute` };
      }
      const incidentId = openIncident(deps.services, {
        loaded,
        inputs: placement.inputs,
        alert,
        initiator: `alert:${alert.source}`,
        target,
        autoOnly: true,
        scope: { server: deps.services.config.scope, ...sender.scope?.length ? { key: sender.scope } : {} }
      });
      linkAlert(db, { incidentId, alert, runbook, target: dedupeTarget, outcome: "opened", receivedAt, sender: sender.actor });
      addTimeline(db, incidentId, "alert_received", {
        actor: sender.actor,
        detail: {
          source: alert.source,
          rule: alert.rule,
          fingerprint: alert.fingerprint,
          trigger: match.triggerIndex,
          summary: alert.summary,
          ...request.truncatedAlerts > 0 ? { truncated_alerts: request.truncatedAlerts } : {}
        }
      });
      return { result: "opened", runbook, incidentId };
    });
  } catch (error) {
    if (!(error instanceof IrctlError))
      throw error;
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: "input_problem" });
    return { result: "not_started", runbook, problems: [error.message] };
  }
  if (outcome.result === "refused")
    deps.metrics.alertsUnstarted.inc({ source: alert.source, reason: outcome.reason });
  if (outcome.result === "joined")
    deps.metrics.alertsDeduplicated.inc({ source: alert.source });
  if (outcome.result === "opened") {
    request.opened += 1;
    deps.metrics.incidentsOpened.inc({ runbook });
    deps.notifier.send({
      kind: "incident_opened",
      incidentId: outcome.incidentId,
      runbook,
      severity: match.runbook.severity,
      target,
      detail: { rule: alert.rule, source: alert.source, summary: alert.summary }
    });
    deps.pool.submit({ incidentId: outcome.incidentId, runbook, target, host: placement.host, containerId: placement.containerId, receivedAt });
  }
  return outcome;
}
var REFUSAL_STATUS = {
  out_of_scope: 403,
  over_budget: 429,
  queue_full: 429,
  host_unreachable: 503,
  target_not_found: 422,
  host_unknown: 422
};
function replyStatusFor(alerts) {
  const outcomes = alerts.flatMap((alert) => alert.outcomes);
  const refusals = outcomes.filter((outcome) => outcome.result === "refused");
  if (outcomes.length === 0 || refusals.length < outcomes.length)
    return { status: 202 };
  const order = ["out_of_scope", "queue_full", "over_budget", "host_unreachable", "target_not_found", "host_unknown"];
  const refusal = order.map((reason) => refusals.find((r) => r.reason === reason)).find(Boolean);
  return { status: REFUSAL_STATUS[refusal.reason], refusal };
}

// dist/server/alert-queue.js
var alertQueueSchema = [
  {
    id: "server-alert-queue-1",
    sql: `
CREATE TABLE server_alert_queue (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  sender TEXT NOT NULL,               -- the authenticated actor (fingerprints are namespaced by it)
  scope TEXT,                         -- the key's own scope rules (JSON) when it had any
  source TEXT NOT NULL,
  status TEXT NOT NULL,               -- firing | resolved
  fingerprint TEXT NOT NULL,
  alert TEXT NOT NULL,                -- the parsed alert (JSON), as intake takes it
  truncated_alerts INTEGER NOT NULL DEFAULT 0,
  folded INTEGER NOT NULL DEFAULT 0,  -- duplicates that arrived while this one waited
  queued_at INTEGER NOT NULL          -- epoch ms
);
CREATE UNIQUE INDEX server_alert_queue_fingerprint ON server_alert_queue(sender, source, status, fingerprint);
CREATE INDEX server_alert_queue_sender ON server_alert_queue(sender, seq);
`
  }
];
var DRAIN_BATCH = 8;
var AlertQueue = class {
  options;
  db;
  pumping;
  /** Notifications waiting for the next group commit, and how many per sender (they keep the sender's order). */
  pending = [];
  pendingSenders = /* @__PURE__ */ new Map();
  timer;
  closed = false;
  constructor(options) {
    this.options = options;
    this.db = options.intake.services.db;
    options.intake.metrics.alertQueueDepth.set(this.depth());
  }
  /** Alerts queued (for one sender, or all). */
  depth(sender) {
    const row = sender === void 0 ? this.db.prepare("SELECT COUNT(*) AS n FROM server_alert_queue").get() : this.db.prepare("SELECT COUNT(*) AS n FROM server_alert_queue WHERE sender = ?").get(sender);
    return row.n;
  }
  /** Take a notification from an authenticated key: straight to intake within capacity, else queue it. */
  async take(notification, sender) {
    const cost = Math.max(1, notification.alerts.length);
    if (!this.pendingSenders.has(sender.actor) && this.depth(sender.actor) === 0 && this.options.limiter.tryTake(sender.actor, cost)) {
      return { ...await takeNotification(this.options.intake, notification, sender), refusedForQueue: 0 };
    }
    return this.enqueue(notification, sender);
  }
  /** Seconds until `count` more alerts of `sender` fit in its queue (the drain rate is the capacity). */
  retryAfterSeconds(count) {
    return Math.max(1, Math.ceil(count * 60 / this.options.limiter.perMinute));
  }
  /**
   * Queue a notification. Requests that arrive in the same turn of the event loop are written in
   * one transaction (one fsync for all of them, not one each), and each is answered once it is
   * committed: a flood above capacity does not stall the loop the running incidents need.
   */
  enqueue(notification, sender) {
    return new Promise((resolve, reject) => {
      this.pending.push({ notification, sender, resolve, reject });
      this.pendingSenders.set(sender.actor, (this.pendingSenders.get(sender.actor) ?? 0) + 1);
      if (this.pending.length === 1)
        setImmediate(() => this.flush());
    });
  }
  flush() {
    const batch = this.pending.splice(0);
    this.pendingSenders.clear();
    const now = Date.now();
    let results;
    try {
      results = writeTransaction(this.db, () => {
        const depths = /* @__PURE__ */ new Map();
        return batch.map(({ notification, sender }) => {
          let depth = depths.get(sender.actor) ?? this.depth(sender.actor);
          let refusedForQueue = 0;
          let truncatedAlerts = notification.truncatedAlerts;
          const alerts = [];
          for (const alert of notification.alerts) {
            const outcome = this.foldOrQueue(alert, sender, now, depth, truncatedAlerts);
            if (outcome.result === "queued") {
              depth += 1;
              truncatedAlerts = 0;
            }
            if (outcome.result === "refused")
              refusedForQueue += 1;
            alerts.push({ rule: alert.rule, status: alert.status, fingerprint: alert.fingerprint, container: alert.container, outcomes: [outcome] });
          }
          depths.set(sender.actor, depth);
          return { alerts, truncatedAlerts: notification.truncatedAlerts, refusedForQueue };
        });
      });
    } catch (error) {
      for (const { reject } of batch)
        reject(error);
      return;
    }
    batch.forEach(({ notification, sender, resolve }, i) => {
      this.noteOutcomes(notification, sender, results[i]);
      resolve(results[i]);
    });
    this.options.intake.metrics.alertQueueDepth.set(this.depth());
    this.wake();
  }
  /** Metrics and one log line per alert that went to the queue. */
  noteOutcomes(notification, sender, result) {
    const { intake, log } = this.options;
    const source = notification.source;
    for (const report of result.alerts) {
      const outcome = report.outcomes[0];
      if (outcome.result === "refused")
        intake.metrics.alertsUnstarted.inc({ source, reason: "queue_full" });
      else if (outcome.result === "queued")
        intake.metrics.alertsQueued.inc({ source, outcome: "queued" });
      else {
        intake.metrics.alertsQueued.inc({ source, outcome: "folded" });
        intake.metrics.alertsDeduplicated.inc({ source });
      }
      const fields = {
        event: "alert",
        source,
        rule: report.rule,
        fingerprint: report.fingerprint,
        sender: sender.actor,
        container: report.container,
        ...outcome
      };
      if (outcome.result === "refused")
        log.warn(fields, "alert refused: queue_full");
      else
        log.info(fields, `alert ${outcome.result}`);
    }
  }
  /** Inside the enqueue transaction: fold into a queued duplicate or an open incident, else queue if there is room. */
  foldOrQueue(alert, sender, now, depth, truncatedAlerts) {
    const { intake, perKey } = this.options;
    const queued = this.db.prepare("SELECT seq FROM server_alert_queue WHERE sender = ? AND source = ? AND status = ? AND fingerprint = ?").get(sender.actor, alert.source, alert.status, alert.fingerprint);
    if (queued) {
      this.db.prepare("UPDATE server_alert_queue SET folded = folded + 1 WHERE seq = ?").run(queued.seq);
      return { result: "folded", into: "queue" };
    }
    if (alert.status === "firing") {
      const open = this.db.prepare(`SELECT a.incident_id, a.runbook_name, a.target FROM server_alerts a JOIN incidents i ON i.id = a.incident_id
           WHERE a.source = ? AND a.fingerprint = ? AND a.sender = ? AND a.outcome = 'opened' AND a.received_at >= ?
             AND i.status IN (${OPEN_FOR_DEDUPE.map((status) => `'${status}'`).join(", ")})
           ORDER BY a.seq DESC LIMIT 1`).get(alert.source, alert.fingerprint, sender.actor, now - intake.dedupeWindowMs);
      if (open) {
        linkAlert(this.db, {
          incidentId: open.incident_id,
          alert,
          runbook: open.runbook_name,
          target: open.target ?? void 0,
          outcome: "joined",
          receivedAt: now,
          sender: sender.actor
        });
        addTimeline(this.db, open.incident_id, "alert_joined", {
          actor: sender.actor,
          detail: { source: alert.source, rule: alert.rule, fingerprint: alert.fingerprint, folded: true }
        });
        return { result: "joined", runbook: open.runbook_name, incidentId: open.incident_id };
      }
    }
    if (depth >= perKey) {
      return {
        result: "refused",
        runbook: "",
        reason: "queue_full",
        message: `${sender.actor} has ${depth} alerts queued above its capacity, the most one key may (server.alert_queue_per_key)`
      };
    }
    this.db.prepare("INSERT INTO server_alert_queue (sender, scope, source, status, fingerprint, alert, truncated_alerts, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run(sender.actor, sender.scope ? JSON.stringify(sender.scope) : null, alert.source, alert.status, alert.fingerprint, JSON.stringify(alert), truncatedAlerts, now);
    return { result: "queued", position: depth + 1 };
  }
  /** Drain what is due now, and arm a timer for the next token; called on start, on enqueue and by the timer. */
  wake() {
    if (this.closed || this.pumping)
      return;
    if (this.timer)
      clearTimeout(this.timer);
    this.timer = void 0;
    this.pumping = this.pump().finally(() => this.pumping = void 0);
  }
  /** Stop draining (server shutdown); what is queued stays for the next start. */
  async close() {
    this.closed = true;
    if (this.timer)
      clearTimeout(this.timer);
    await this.pumping;
  }
  async pump() {
    const { limiter, log } = this.options;
    while (!this.closed) {
      const heads = this.db.prepare("SELECT sender, MIN(seq) AS seq FROM server_alert_queue GROUP BY sender ORDER BY seq").all();
      if (heads.length === 0)
        return;
      const due = [];
      let wait = Number.POSITIVE_INFINITY;
      for (const { sender } of heads) {
        let taken = 0;
        while (taken < DRAIN_BATCH && limiter.tryTake(sender))
          taken += 1;
        if (taken === 0) {
          wait = Math.min(wait, limiter.msUntil(sender));
          continue;
        }
        due.push(...this.db.prepare("SELECT * FROM server_alert_queue WHERE sender = ? ORDER BY seq LIMIT ?").all(sender, taken));
      }
      if (due.length === 0) {
        this.timer = setTimeout(() => this.wake(), Math.max(1, wait));
        return;
      }
      await Promise.all(due.map(async (row) => {
        try {
          await this.drainOne(row);
        } catch (error) {
          log.error({ event: "alert_queue_error", sender: row.sender, fingerprint: row.fingerprint, error: error.message }, "a queued alert could not be taken in");
        }
      }));
      writeTransaction(this.db, () => {
        const remove = this.db.prepare("DELETE FROM server_alert_queue WHERE seq = ?");
        for (const row of due)
          remove.run(row.seq);
      });
      this.options.intake.metrics.alertQueueDepth.set(this.depth());
    }
  }
  async drainOne(row) {
    const alert = JSON.parse(row.alert);
    const sender = { actor: row.sender, ...row.scope ? { scope: JSON.parse(row.scope) } : {} };
    const result = await takeNotification(this.options.intake, { source: alert.source, alerts: [alert], skipped: [], truncatedAlerts: row.truncated_alerts }, sender);
    this.options.log.info({
      event: "alert_dequeued",
      sender: row.sender,
      fingerprint: row.fingerprint,
      folded: row.folded,
      waited_ms: Date.now() - row.queued_at,
      outcomes: result.alerts[0]?.outcomes
    }, "a queued alert was taken in");
  }
};

// dist/server/container-facts.js
async function addContainerFacts(notification, engine) {
  for (const alert of notification.alerts) {
    const id = alert.output_fields["container.id"];
    if (alert.output_fields["docker.action"] !== "start" || typeof id !== "string")
      continue;
    try {
      const info = await engine.getContainer(checkObjectRef("container", id)).inspect();
      alert.output_fields["container.privileged"] = Boolean(info.HostConfig?.Privileged);
      alert.output_fields["container.cap_add"] = (info.HostConfig?.CapAdd ?? []).join(",");
      alert.output_fields["container.user"] = info.Config?.User || "root";
    } catch {
      alert.notes.push("the container could not be inspected (gone already?): privilege facts unknown");
    }
  }
  return notification;
}

// dist/server/docker-watcher.js
import { setTimeout as delay } from "node:timers/promises";
function eventFiltersFor(runbooks) {
  const triggers = runbooks.flatMap((runbook) => runbook.triggers.filter((trigger) => trigger.source === "docker"));
  if (triggers.length === 0)
    return void 0;
  if (triggers.some((trigger) => trigger.event === void 0))
    return { type: ["container"] };
  return { type: ["container"], event: [...new Set(triggers.map((trigger) => trigger.event))] };
}
var DockerEventsWatcher = class {
  options;
  stopped = false;
  stream;
  lastEventSeconds;
  loop;
  connectedOnce;
  /** Resolves once the first stream is open. */
  ready = new Promise((resolve) => this.connectedOnce = resolve);
  constructor(options) {
    this.options = options;
  }
  start() {
    this.lastEventSeconds ??= Math.floor(Date.now() / 1e3);
    this.loop ??= this.run();
  }
  async stop() {
    this.stopped = true;
    this.stream?.destroy?.();
    await this.loop;
  }
  async run() {
    const backoff = this.options.backoffMs ?? { initial: 250, max: 5e3 };
    let wait = backoff.initial;
    let first = true;
    while (!this.stopped) {
      try {
        const stream = await this.options.docker.getEvents({ filters: this.options.filters, since: this.lastEventSeconds });
        this.stream = stream;
        if (!first)
          this.options.metrics.dockerWatcherReconnects.inc();
        first = false;
        wait = backoff.initial;
        this.connectedOnce();
        await this.consume(stream);
        if (!this.stopped)
          this.options.log.warn("the Docker events stream ended (daemon restart?); reconnecting");
      } catch (error) {
        if (this.stopped)
          break;
        this.options.log.warn({ error: error.message, retryInMs: wait }, "cannot read Docker events; retrying");
      }
      if (this.stopped)
        break;
      await delay(wait);
      wait = Math.min(wait * 2, backoff.max);
    }
  }
  consume(stream) {
    return new Promise((resolve, reject) => {
      let buffered = "";
      stream.on("data", (chunk) => {
        buffered += chunk.toString();
        let newline;
        while ((newline = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line)
            this.handleLine(line);
        }
      });
      stream.on("end", () => resolve());
      stream.on("close", () => resolve());
      stream.on("error", (error) => this.stopped ? resolve() : reject(error));
    });
  }
  handleLine(line) {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      this.options.metrics.dockerEvents.inc({ outcome: "unreadable" });
      return;
    }
    const time = event.time;
    if (typeof time === "number" && Number.isFinite(time))
      this.lastEventSeconds = Math.max(this.lastEventSeconds ?? 0, time);
    try {
      this.options.onEvent(event);
      this.options.metrics.dockerEvents.inc({ outcome: "handled" });
    } catch (error) {
      this.options.metrics.dockerEvents.inc({ outcome: "rejected" });
      this.options.log.warn({ error: error.message }, "a Docker event could not be used");
    }
  }
};

// dist/server/errors-reply.js
function plainValidationMessage(error) {
  const first = error.validation?.[0];
  const context = error.validationContext ?? "body";
  const where = [context, ...(first?.instancePath ?? "").split("/").filter(Boolean)].join(".");
  if (first?.keyword === "required")
    return `${where} needs "${String(first.params?.missingProperty)}"`;
  return `${where} ${first?.message ?? "does not have the accepted shape"}`;
}
function classify(error, alertSource) {
  if (error instanceof RequestRejectedError)
    return { status: error.httpStatus, code: error.code, reason: error.reason, message: error.message, hint: error.hint };
  if (error instanceof AlertRejectedError) {
    const reason = error.httpStatus === 400 ? "malformed_json" : "unusable_payload";
    return { status: error.httpStatus, code: reason.toUpperCase(), reason, message: error.message, hint: error.hint };
  }
  if (error instanceof NotFoundError)
    return { status: 404, code: error.code, reason: "not_found", message: error.message, hint: error.hint };
  if (error instanceof RefusedError)
    return { status: 403, code: error.code, reason: "forbidden", message: error.message, hint: error.hint };
  if (error instanceof UsageError)
    return { status: 400, code: error.code, reason: "bad_request", message: error.message, hint: error.hint };
  if (error instanceof WaitingError)
    return { status: 409, code: error.code, reason: "conflict", message: error.message, hint: error.hint };
  if (error instanceof IrctlError)
    return { status: 500, code: error.code, reason: "internal", message: error.message, hint: error.hint };
  const fastifyError = error;
  if (fastifyError.validation) {
    const plain = plainValidationMessage(fastifyError);
    if (alertSource) {
      return {
        status: 422,
        code: "UNUSABLE_PAYLOAD",
        reason: "unusable_payload",
        message: `the ${alertSource} payload cannot be used: ${plain}`,
        hint: "docs/alerts-server.md shows the accepted shape"
      };
    }
    return { status: 400, code: "WRONG_TYPE", reason: "wrong_type", message: plain, hint: "docs/alerts-server.md shows the accepted shape" };
  }
  if (fastifyError.statusCode === 413)
    return { status: 413, code: "PAYLOAD_TOO_LARGE", reason: "oversize", message: fastifyError.message };
  if (fastifyError.statusCode === 429) {
    return {
      status: 429,
      code: "RATE_LIMITED",
      reason: "rate_limited",
      message: fastifyError.message,
      hint: "slow down; the limit is per client address per minute"
    };
  }
  if (fastifyError.statusCode !== void 0 && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, code: fastifyError.code ?? "BAD_REQUEST", reason: "bad_request", message: fastifyError.message };
  }
  return { status: 500, code: "INTERNAL", reason: "internal", message: "the server hit an unexpected error; it is logged" };
}
function sourceLabel(request) {
  const declared = request.routeOptions.config?.alertSource;
  if (declared)
    return declared;
  return request.url.startsWith("/v1/alerts/") ? "unknown" : "api";
}
function replyWithError(metrics, error, request, reply) {
  const shown = classify(error, request.routeOptions.config?.alertSource);
  if (shown.status >= 500)
    request.log.error({ err: error }, "request failed");
  else
    metrics.alertsRejected.inc({ source: sourceLabel(request), reason: shown.reason });
  if (shown.status === 429)
    metrics.rateLimited.inc({ limit: error instanceof RequestRejectedError ? error.reason : "per_address" });
  const headers = error.headers;
  if (shown.status === 429 && headers)
    reply.headers(headers);
  return reply.code(shown.status).send({ error: { code: shown.code, message: shown.message, ...shown.hint ? { hint: shown.hint } : {} } });
}

// dist/server/incident-budget.js
var IncidentBudget = class {
  perMinute;
  now;
  opened = /* @__PURE__ */ new Map();
  constructor(perMinute, now = Date.now) {
    this.perMinute = perMinute;
    this.now = now;
  }
  /** Take one incident from `sender`'s budget; false when it is spent for now. */
  take(sender) {
    const now = this.now();
    const recent = (this.opened.get(sender) ?? []).filter((at) => now - at < 6e4);
    if (recent.length >= this.perMinute) {
      this.opened.set(sender, recent);
      return false;
    }
    recent.push(now);
    this.opened.set(sender, recent);
    return true;
  }
  /** Seconds until `sender` may open another incident. */
  retryAfterSeconds(sender) {
    const oldest = this.opened.get(sender)?.[0];
    return oldest === void 0 ? 1 : Math.max(1, Math.ceil((oldest + 6e4 - this.now()) / 1e3));
  }
};

// dist/server/target-lock.js
var KeyedLock = class {
  tails = /* @__PURE__ */ new Map();
  async run(key, work) {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release;
    const mine = new Promise((resolve) => release = resolve);
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail)
        this.tails.delete(key);
    }
  }
  /** Keys someone holds or waits for. */
  busyKeys() {
    return [...this.tails.keys()];
  }
};
var Semaphore = class {
  slots;
  constructor(limit) {
    this.slots = new FairSemaphore(limit);
  }
  run(work) {
    return this.slots.run("", work);
  }
};
var FairSemaphore = class {
  limit;
  active = 0;
  /** Lanes with waiters, in the order their turn comes (a served lane goes to the back). */
  lanes = /* @__PURE__ */ new Map();
  constructor(limit) {
    this.limit = limit;
  }
  async run(lane, work) {
    if (this.active >= this.limit) {
      await new Promise((resolve) => {
        const queue = this.lanes.get(lane);
        if (queue)
          queue.push(resolve);
        else
          this.lanes.set(lane, [resolve]);
      });
    } else
      this.active++;
    try {
      return await work();
    } finally {
      const next = this.nextWaiter();
      if (next)
        next();
      else
        this.active--;
    }
  }
  nextWaiter() {
    const first = this.lanes.entries().next();
    if (first.done)
      return void 0;
    const [lane, queue] = first.value;
    const next = queue.shift();
    this.lanes.delete(lane);
    if (queue.length > 0)
      this.lanes.set(lane, queue);
    return next;
  }
};

// dist/server/key-rate-limit.js
var KeyRateLimiter = class {
  perMinute;
  now;
  buckets = /* @__PURE__ */ new Map();
  burst;
  constructor(perMinute, now = Date.now, burst) {
    this.perMinute = perMinute;
    this.now = now;
    this.burst = burst ?? perMinute;
  }
  /** Tokens `key` has now (fractional). */
  refill(key) {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMinute / 6e4);
    bucket.at = now;
    if (bucket.tokens >= this.burst)
      this.buckets.delete(key);
    else
      this.buckets.set(key, bucket);
    return bucket;
  }
  /** Take `cost` tokens from `key`'s bucket if it has them all; false (nothing taken) otherwise. */
  tryTake(key, cost = 1) {
    const bucket = this.refill(key);
    if (bucket.tokens < cost)
      return false;
    bucket.tokens -= cost;
    this.buckets.set(key, bucket);
    return true;
  }
  /** Milliseconds until `key` has `cost` tokens (0 when it has them now). */
  msUntil(key, cost = 1) {
    const bucket = this.refill(key);
    return bucket.tokens >= cost ? 0 : Math.ceil((cost - bucket.tokens) * 6e4 / this.perMinute);
  }
  /** Count one request for `key`; throw a 429 rejection (with Retry-After) past the capacity. */
  hit(key) {
    if (this.tryTake(key))
      return;
    const retryAfter = Math.max(1, Math.ceil(this.msUntil(key) / 1e3));
    throw new RequestRejectedError(429, "rate_limited", `more than ${this.perMinute} requests a minute with the identity ${key}`, {
      hint: `slow down; the limit is per API key per minute (server.requests_per_minute_per_key); retry in ${retryAfter} s`,
      headers: { "retry-after": String(retryAfter) }
    });
  }
};

// dist/server/metrics.js
import { Counter, Gauge, Histogram, Registry } from "prom-client";
var LATENCY_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30];
function createServerMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    alertsReceived: new Counter({ name: "irctl_alerts_received_total", help: "Alerts accepted for matching, by source", labelNames: ["source"], registers }),
    alertsRejected: new Counter({
      name: "irctl_alerts_rejected_total",
      help: "Requests turned away before anything ran, by source (path) and reason",
      labelNames: ["source", "reason"],
      registers
    }),
    alertsDeduplicated: new Counter({
      name: "irctl_alerts_deduplicated_total",
      help: "Alerts that joined an open incident",
      labelNames: ["source"],
      registers
    }),
    alertsUnstarted: new Counter({
      name: "irctl_alerts_unstarted_total",
      help: "Alerts that started no incident, by reason: no_trigger_matched, input_problem, out_of_scope, target_not_found, host_unknown, host_unreachable, over_budget",
      labelNames: ["source", "reason"],
      registers
    }),
    incidentsOpened: new Counter({ name: "irctl_incidents_opened_total", help: "Incidents opened by alerts, by runbook", labelNames: ["runbook"], registers }),
    runsFinished: new Counter({
      name: "irctl_runs_finished_total",
      help: "Drives of an incident that ended, by where they stopped",
      labelNames: ["status"],
      registers
    }),
    runsActive: new Gauge({ name: "irctl_runs_active", help: "Incidents being driven right now", registers }),
    stepDuration: new Histogram({
      name: "irctl_step_duration_seconds",
      help: "Duration of runbook steps run by the server, by action and outcome",
      labelNames: ["action", "outcome"],
      buckets: LATENCY_BUCKETS,
      registers
    }),
    containmentLatency: new Histogram({
      name: "irctl_containment_latency_seconds",
      help: "From receiving the alert to the last automatic containment step finished",
      labelNames: ["runbook"],
      buckets: LATENCY_BUCKETS,
      registers
    }),
    notifications: new Counter({
      name: "irctl_notifications_total",
      help: "Outbound webhook notifications, by channel and outcome",
      labelNames: ["channel", "outcome"],
      registers
    }),
    dockerEvents: new Counter({ name: "irctl_docker_events_total", help: "Docker events read by the watcher, by outcome", labelNames: ["outcome"], registers }),
    dockerWatcherReconnects: new Counter({ name: "irctl_docker_watcher_reconnects_total", help: "Times the Docker events stream was opened again", registers }),
    alertsTruncated: new Counter({
      name: "irctl_alerts_truncated_total",
      help: "Alerts a sender said it left out of its notifications (truncatedAlerts), by source",
      labelNames: ["source"],
      registers
    }),
    authFailures: new Counter({ name: "irctl_auth_failures_total", help: "Failed authentications, by reason", labelNames: ["reason"], registers }),
    authLockouts: new Counter({ name: "irctl_auth_lockouts_total", help: "Client addresses locked out after too many failed authentications", registers }),
    rateLimited: new Counter({ name: "irctl_rate_limited_total", help: "Requests answered 429, by which limit", labelNames: ["limit"], registers }),
    alertsSilenced: new Counter({
      name: "irctl_alerts_silenced_total",
      help: "Alerts a silence suppressed (answered silenced, opened nothing), by source",
      labelNames: ["source"],
      registers
    }),
    silencesActive: new Gauge({ name: "irctl_silences_active", help: "Silences in force when /metrics was read", registers }),
    alertsQueued: new Counter({
      name: "irctl_alerts_queued_total",
      help: "Alerts above a key's capacity, by outcome: queued, or folded into a queued or open duplicate",
      labelNames: ["source", "outcome"],
      registers
    }),
    alertQueueDepth: new Gauge({ name: "irctl_alert_queue_depth", help: "Alerts waiting in the per-key queues above capacity", registers })
  };
}

// dist/server/request-context.js
function identityOf(request) {
  if (!request.identity)
    throw new Error("route reached without authentication: the auth hook did not run");
  return request.identity;
}

// dist/server/routes/alert-schemas.js
var map = { type: ["object", "null"] };
var list = { type: ["array", "string", "null"] };
var notificationEnvelope = {
  type: "object",
  required: ["alerts"],
  properties: {
    alerts: { type: "array", maxItems: 1e3 },
    commonLabels: map,
    commonAnnotations: map,
    groupLabels: map
  }
};
var eventItem = {
  type: "object",
  properties: { output_fields: map, labels: map, annotations: map, tags: list }
};
var oneOrMany = { anyOf: [eventItem, { type: "array", minItems: 1, maxItems: 1e3, items: { type: "object" } }] };
var ALERT_BODY_SCHEMAS = {
  alertmanager: notificationEnvelope,
  grafana: notificationEnvelope,
  falco: oneOrMany,
  generic: {
    anyOf: [
      eventItem,
      { type: "object", required: ["alerts"], properties: { alerts: { type: "array", minItems: 1, maxItems: 1e3, items: { type: "object" } } } },
      { type: "array", minItems: 1, maxItems: 1e3, items: { type: "object" } }
    ]
  }
};
var HTTP_ALERT_SOURCES = Object.keys(ALERT_BODY_SCHEMAS);

// dist/server/routes/incidents.js
var parse = (text) => text ? JSON.parse(text) : null;
function checkAct(identity, act, what) {
  requireRole({
    source: `the ${identity.via} identity`,
    rolesOf: () => identity.roles,
    remedy: (needed) => `call with an API key that carries the ${needed} role (an admin makes one: irctl keys create --actor NAME --role ${needed})`
  }, identity.actor, act, what);
}
function summary(row) {
  return {
    id: row.id,
    runbook: row.runbook_name,
    severity: row.severity,
    status: shownStatus(row),
    // `stopped`: no process drives the run any more (irctl resume)
    phase: row.phase,
    current_step: row.current_step,
    target: row.target,
    initiator: row.initiator,
    auto_only: row.auto_only === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
    finished_at: row.finished_at
  };
}
function detail(db, row) {
  return {
    ...summary(row),
    runbook_file: row.runbook_file,
    inputs: parse(row.inputs),
    timeline: listTimeline(db, row.id).map((entry) => ({
      at: entry.at,
      kind: entry.kind,
      step_id: entry.step_id,
      actor: entry.actor,
      detail: parse(entry.detail)
    })),
    steps: journalFor(db, row.id).map((step) => ({
      step_id: step.step_id,
      attempt: step.attempt,
      status: step.status,
      action: step.action,
      summary: step.summary,
      error: step.error,
      started_at: step.started_at,
      ended_at: step.ended_at
    })),
    alerts: alertsOfIncident(db, row.id).map((link) => ({
      source: link.source,
      rule: link.rule,
      fingerprint: link.fingerprint,
      status: link.status,
      outcome: link.outcome,
      received_at: new Date(link.received_at).toISOString()
    }))
  };
}
var listQuery = {
  type: "object",
  properties: {
    status: { type: "string", enum: [...SHOWN_STATUSES] },
    // query strings are text and the server does not coerce types: read the digits here
    limit: { type: "string", pattern: "^(?:[1-9][0-9]{0,2}|1000)$" }
  },
  additionalProperties: false
};
function registerIncidentRoutes(app, db) {
  app.get("/v1/incidents", { schema: { querystring: listQuery } }, async (request) => {
    checkAct(identityOf(request), "incidents.read", "list incidents");
    const rows = listShownIncidents(db, { status: request.query.status, limit: Number(request.query.limit ?? 100) });
    return { incidents: rows.map(summary) };
  });
  app.get("/v1/incidents/:id", async (request) => {
    checkAct(identityOf(request), "incidents.read", "read incidents");
    return detail(db, getIncident(db, request.params.id));
  });
}

// dist/server/routes/alerts.js
function registerAlertRoutes(app, intake, queue) {
  for (const source of HTTP_ALERT_SOURCES) {
    app.post(`/v1/alerts/${source}`, { schema: { body: ALERT_BODY_SCHEMAS[source] }, config: { bodyKind: "alert", alertSource: source } }, async (request, reply) => {
      const identity = identityOf(request);
      checkAct(identity, "alerts.post", "post alerts");
      const notification = parseAlertPayload(source, request.body);
      const sender = { actor: identity.actor, scope: identity.scope };
      const { alerts, truncatedAlerts, refusedForQueue } = identity.via === "api-key" ? await queue.take(notification, sender) : { ...await takeNotification(intake, notification, sender), refusedForQueue: 0 };
      const { status, refusal } = replyStatusFor(alerts);
      request.alertOutcome = status === 202 ? "accepted" : refusal.reason;
      if (refusal?.reason === "over_budget")
        reply.header("retry-after", String(intake.budget.retryAfterSeconds(identity.actor)));
      if (refusal?.reason === "queue_full") {
        reply.header("retry-after", String(queue.retryAfterSeconds(refusedForQueue)));
        intake.metrics.rateLimited.inc({ limit: "alert_queue" });
        request.log.warn({ event: "alert_queue_full", security: true, sender: identity.actor, refused: refusedForQueue }, "alert queue full: 429");
      }
      const body = { source, accepted: alerts.length, skipped: notification.skipped, truncated_alerts: truncatedAlerts, alerts };
      if (!refusal)
        return reply.code(202).send(body);
      return reply.code(status).send({ error: { code: refusal.reason.toUpperCase(), message: refusal.message }, ...body });
    });
  }
  app.post("/v1/alerts/:source", { config: { bodyKind: "alert" } }, async () => {
    throw new RequestRejectedError(404, "unknown_source", "no such alert source", { hint: `POST to /v1/alerts/${HTTP_ALERT_SOURCES.join("|")}` });
  });
}

// dist/server/routes/approvals.js
var decisionBody = {
  type: "object",
  required: ["decision"],
  properties: {
    step: { type: "string", pattern: STEP_ID.source },
    decision: { type: "string", enum: ["approve", "reject"] },
    comment: { type: "string", maxLength: 2e3 }
  },
  additionalProperties: false
};
function registerApprovalRoutes(app, db, pool) {
  app.post("/v1/incidents/:id/approvals", { schema: { body: decisionBody }, config: { bodyKind: "json" } }, async (request) => {
    const identity = identityOf(request);
    checkAct(identity, "gate.decide", `${request.body.decision} a gate of ${request.params.id}`);
    const gate = findGate(db, request.params.id, request.body.step);
    const state = recordDecision(db, {
      incidentId: request.params.id,
      stepId: gate.id,
      approval: gate.approval,
      actor: identity.actor,
      roles: identity.roles,
      decision: request.body.decision,
      comment: request.body.comment,
      channel: { via: identity.via === "insecure-no-auth" ? "insecure-no-auth" : "api-key", key: identity.key }
    });
    const incident = getIncident(db, request.params.id);
    const resumed = state.outcome !== void 0 && !FINAL_STATUSES.has(incident.status);
    if (resumed)
      pool.submit({ incidentId: incident.id, runbook: incident.runbook_name, target: incident.target ?? void 0 });
    return {
      incident_id: incident.id,
      step: gate.id,
      actor: identity.actor,
      key_id: identity.key?.id ?? null,
      decision: request.body.decision,
      gate: state,
      resumed
    };
  });
}

// dist/server/routes/oncall.js
var ackBody = {
  type: "object",
  properties: { comment: { type: "string", maxLength: 2e3 } },
  additionalProperties: false
};
var silenceBody = {
  type: "object",
  required: ["matchers", "duration", "comment"],
  properties: {
    matchers: {
      type: "array",
      minItems: 1,
      maxItems: 20,
      items: {
        type: "object",
        required: ["name", "op", "value"],
        properties: {
          name: { type: "string", maxLength: 64 },
          op: { type: "string", enum: ["=", "!=", "=~", "!~"] },
          value: { type: "string", maxLength: 256 }
        },
        additionalProperties: false
      }
    },
    duration: { type: "string", maxLength: 16, description: "e.g. 2h, 30m" },
    comment: { type: "string", minLength: 1, maxLength: 1e3 }
  },
  additionalProperties: false
};
var silenceJson = (silence) => ({
  id: silence.id,
  matchers: silence.matchers,
  starts_at: silence.startsAt,
  ends_at: silence.endsAt,
  comment: silence.comment,
  created_by: silence.createdBy,
  expired_by: silence.expiredBy,
  suppressed: silence.suppressed,
  state: silence.state
});
function registerOncallRoutes(app, deps) {
  const { db, notifier } = deps;
  app.post("/v1/incidents/:id/ack", { schema: { body: ackBody }, config: { bodyKind: "json" } }, async (request) => {
    const identity = identityOf(request);
    checkAct(identity, "incident.ack", `acknowledge ${request.params.id}`);
    const incident = getIncident(db, request.params.id);
    const ack = acknowledge(db, { incidentId: incident.id, actor: identity.actor, comment: request.body?.comment });
    notifier.send({
      kind: "acknowledged",
      incidentId: incident.id,
      runbook: incident.runbook_name,
      severity: incident.severity,
      target: incident.target ?? void 0,
      detail: { actor: identity.actor, comment: request.body?.comment ?? null }
    });
    return { incident_id: incident.id, actor: identity.actor, at: ack.at, first: ack.first };
  });
  app.get("/v1/silences", { schema: { querystring: { type: "object", properties: { all: { type: "boolean" } }, additionalProperties: false } } }, async (request) => {
    checkAct(identityOf(request), "silences.read", "list silences");
    return { silences: listSilences(db, { all: request.query.all }).map(silenceJson) };
  });
  app.post("/v1/silences", { schema: { body: silenceBody }, config: { bodyKind: "json" } }, async (request, reply) => {
    const identity = identityOf(request);
    checkAct(identity, "silences.manage", "add a silence");
    const silence = addSilence(db, {
      matchers: request.body.matchers.map(checkMatcher),
      durationMs: parseDuration(request.body.duration),
      comment: request.body.comment,
      createdBy: identity.actor
    });
    reply.code(201);
    return silenceJson(silence);
  });
  app.delete("/v1/silences/:id", async (request) => {
    const identity = identityOf(request);
    checkAct(identity, "silences.manage", `expire silence ${request.params.id}`);
    return silenceJson(expireSilence(db, request.params.id, identity.actor));
  });
  app.addHook("onRequest", async (request) => {
    if (request.url.split("?")[0] === "/metrics")
      deps.metrics.silencesActive.set(listSilences(db).length);
  });
}

// dist/server/routes/system.js
function registerSystemRoutes(app, metrics) {
  app.get("/healthz", { config: { public: true, rateLimit: false } }, async () => ({ status: "ok" }));
  app.get("/metrics", async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
}

// dist/server/ui/routes.js
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// dist/server/ui/silences-page.js
function renderSilences(db, viewer, all, flash) {
  const silences = listSilences(db, { all });
  const manage = permits(viewer.identity, "silences.manage");
  const rows = silences.map((silence) => html`<tr data-silence="${silence.id}">
<td data-label="Silence"><code>${silence.id}</code><br><span class="${silence.state === "active" ? "warn" : "muted"}">${silence.state}</span></td>
<td data-label="Matchers">${silence.matchers.map((m) => html`<code>${formatMatcher(m)}</code><br>`)}</td>
<td data-label="Until">${when(silence.endsAt)}</td>
<td data-label="Why">${silence.comment} <span class="muted">— ${silence.createdBy}${silence.expiredBy ? `, expired by ${silence.expiredBy}` : ""}</span></td>
<td data-label="Held back">${silence.suppressed} alert${silence.suppressed === 1 ? "" : "s"}</td>
<td data-label="">${manage && silence.state === "active" ? html`<form method="post" action="/ui/silences/${silence.id}/expire">${csrfField(viewer)}<button type="submit" aria-label="Expire silence ${silence.id}">Expire</button></form>` : ""}</td>
</tr>`);
  const add = manage ? html`<section aria-labelledby="h-add" class="card">
<h2 id="h-add">Add a silence</h2>
<form method="post" action="/ui/silences">
${csrfField(viewer)}
<label for="matchers">Matchers, one per line</label>
<textarea id="matchers" name="matchers" required aria-describedby="matchers-help" spellcheck="false"></textarea>
<p id="matchers-help" class="muted">Alertmanager style: <code>rule=Terminal shell in container</code>, <code>container=web-1</code>, <code>rule=~Terminal.*</code>, <code>severity!~low|info</code>. An alert every matcher matches opens nothing while the silence lasts.</p>
<label for="duration">For</label>
<input id="duration" name="duration" required value="2h" aria-describedby="duration-help">
<p id="duration-help" class="muted">e.g. 30m, 2h, 1d (at most 90 days)</p>
<label for="silence-comment">Why</label>
<input id="silence-comment" name="comment" required maxlength="1000">
<div class="actions"><button class="primary" type="submit">Add silence</button></div>
</form></section>` : html`<p class="muted">Adding and expiring silences needs the operator role.</p>`;
  return html`<h1>Silences</h1>
${flash ? html`<p class="flash" role="status">${flash}</p>` : ""}
<p>${all ? html`Showing every silence. <a href="/ui/silences">Active only</a>` : html`Showing active silences. <a href="/ui/silences?all=1">Show expired ones too</a>`}</p>
<section id="silence-list" data-live aria-labelledby="silence-caption">
<table class="cards"><caption id="silence-caption">${silences.length} silence${silences.length === 1 ? "" : "s"}</caption>
<thead><tr><th scope="col">Silence</th><th scope="col">Matchers</th><th scope="col">Until</th><th scope="col">Why</th><th scope="col">Held back</th><th scope="col"><span class="muted">Action</span></th></tr></thead>
<tbody>${rows}</tbody></table>
</section>
${add}`;
}

// dist/server/ui/assets.js
var CONSOLE_CSS = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --card: #f6f8fa;
  --accent: #0550ae; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --focus: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --card: #161b22;
    --accent: #79c0ff; --ok: #3fb950; --warn: #d29922; --bad: #ff7b72; --focus: #58a6ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; overflow-wrap: anywhere; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 8px; z-index: 2; }
header { border-bottom: 1px solid var(--line); background: var(--card); }
header nav { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 12px; max-width: 1200px; margin: 0 auto; }
header .brand { font-weight: 700; color: var(--fg); text-decoration: none; }
header .who { margin-left: auto; color: var(--muted); font-size: 14px; }
header form { margin: 0; }
main { padding: 12px; max-width: 1200px; margin: 0 auto; }
h1 { font-size: 22px; margin: 8px 0 12px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 24px 0 8px; }
section { margin-bottom: 16px; }
button, .button { font: inherit; min-height: 44px; padding: 8px 16px; border-radius: 6px; border: 1px solid var(--line); background: var(--card); color: var(--fg); cursor: pointer; }
button.primary { background: var(--ok); border-color: var(--ok); color: #fff; }
button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
input, select, textarea { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px; min-height: 44px; max-width: 100%; }
textarea { width: 100%; min-height: 88px; }
label { display: block; font-weight: 600; margin: 8px 0 4px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; }
.filters label { margin: 0; }
.filters select { display: block; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
th, td { text-align: left; padding: 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
td.hash, .hash { word-break: break-all; }
code, pre, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--card); padding: 8px; border-radius: 6px; margin: 4px 0; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 0 8px; border-radius: 999px; border: 1px solid currentColor; font-size: 13px; font-weight: 600; white-space: nowrap; }
.sev-critical, .bad, .sla-breached { color: var(--bad); }
.sev-high, .warn, .sla-at-risk { color: var(--warn); }
.sev-medium { color: var(--accent); }
.ok, .sla-met, .sla-on-track { color: var(--ok); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
.card > h2:first-child, .card > h1:first-child { margin-top: 0; }
.gate { border: 2px solid var(--warn); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.phases { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; margin: 0; }
.phases li { padding: 4px 10px; border-radius: 6px; border: 1px solid var(--line); }
.phases .done { color: var(--ok); border-color: var(--ok); }
.phases .current { color: var(--warn); border-color: var(--warn); font-weight: 700; }
.timeline { list-style: none; padding: 0; margin: 0; }
.timeline li { padding: 6px 0; border-bottom: 1px solid var(--line); }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.flash { padding: 8px 12px; border-radius: 6px; border: 1px solid var(--line); background: var(--card); }
.error { border-color: var(--bad); }
.signin { max-width: 420px; margin: 10vh auto; }
.signin input { width: 100%; }
.live-status { font-size: 13px; color: var(--muted); }
@media (max-width: 720px) {
  table.cards thead { position: absolute; left: -9999px; }
  table.cards tr { display: block; border: 1px solid var(--line); border-radius: 8px; margin-bottom: 10px; padding: 4px 0; }
  table.cards td { overflow-wrap: anywhere; display: block; position: relative; border: 0; padding: 4px 10px 4px calc(7.5em + 18px); min-height: 1.9em; }
  table.cards td::before { content: attr(data-label); position: absolute; left: 10px; width: 7.5em; color: var(--muted); font-weight: 600; }
  header .who { margin-left: 0; }
}
`;
var CONSOLE_JS = `'use strict';
// irctl console: live updates over server-sent events. Without this script every page still works
// (reload to see changes); with it, regions marked data-live are replaced in place.
(function () {
  var body = document.body;
  var source = body.getAttribute('data-events');
  var status = document.getElementById('live-status');
  function say(text) { if (status) status.textContent = text; }
  function busy(region) {
    if (region.contains(document.activeElement) && document.activeElement !== document.body) return true;
    var fields = region.querySelectorAll('textarea, input[type=text]');
    for (var i = 0; i < fields.length; i++) if (fields[i].value) return true;
    return false;
  }
  function refresh() {
    fetch(location.href, { headers: { 'X-Irctl-Live': '1' }, credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 401) { say('Signed out: reload to sign in again.'); return null; }
        return response.ok ? response.text() : null;
      })
      .then(function (text) {
        if (!text) return;
        var next = new DOMParser().parseFromString(text, 'text/html');
        var regions = document.querySelectorAll('[data-live]');
        for (var i = 0; i < regions.length; i++) {
          var region = regions[i];
          var fresh = next.getElementById(region.id);
          if (fresh && !busy(region)) region.replaceWith(document.importNode(fresh, true));
        }
        say('Updated ' + new Date().toLocaleTimeString());
        tick();
      })
      .catch(function () { say('Update failed; retrying on the next change.'); });
  }
  function tick() {
    var clocks = document.querySelectorAll('time[data-until]');
    for (var i = 0; i < clocks.length; i++) {
      var left = Date.parse(clocks[i].getAttribute('data-until')) - Date.now();
      var minutes = Math.round(Math.abs(left) / 60000);
      var text = minutes >= 120 ? Math.round(minutes / 60) + ' h' : minutes + ' min';
      clocks[i].textContent = left >= 0 ? text + ' left' : text + ' over';
    }
  }
  setInterval(tick, 30000);
  if (source && window.EventSource) {
    var events = new EventSource(source);
    events.addEventListener('changed', refresh);
    events.addEventListener('open', function () { say('Live'); });
    events.addEventListener('error', function () { say('Reconnecting\u2026'); });
  }
})();
`;
var CONSOLE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1 2 3.5v4C2 11 4.6 14 8 15c3.4-1 6-4 6-7.5v-4z" fill="#cf222e"/></svg>`;

// dist/server/ui/errors.js
function consoleStatusOf(error) {
  if (error instanceof RequestRejectedError)
    return { status: error.httpStatus, message: error.message, hint: error.hint };
  if (error instanceof NotFoundError)
    return { status: 404, message: error.message, hint: error.hint };
  if (error instanceof RefusedError)
    return { status: 403, message: error.message, hint: error.hint };
  if (error instanceof UsageError)
    return { status: 400, message: error.message, hint: error.hint };
  if (error instanceof WaitingError)
    return { status: 409, message: error.message, hint: error.hint };
  if (error instanceof IntegrityError)
    return { status: 409, message: error.message, hint: error.hint };
  if (error instanceof IrctlError)
    return { status: 500, message: error.message, hint: error.hint };
  const fastifyError = error;
  if (fastifyError.statusCode !== void 0 && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, message: fastifyError.message };
  }
  return { status: 500, message: "the console hit an unexpected error; it is logged" };
}

// dist/server/ui/events.js
var POLL_MS = 1e3;
var HEARTBEAT_MS = 15e3;
function versionOf(db, incidentId) {
  if (!incidentId) {
    const row2 = db.prepare(`SELECT (SELECT COUNT(*) || ':' || IFNULL(MAX(updated_at), '') FROM incidents) || '|' || (SELECT IFNULL(MAX(seq), 0) FROM timeline) || '|' ||
                (SELECT COUNT(*) || ':' || IFNULL(SUM(ends_at), 0) || ':' || IFNULL(SUM(suppressed), 0) FROM silences) AS v`).get();
    return row2.v;
  }
  const row = db.prepare(`SELECT IFNULL((SELECT updated_at FROM incidents WHERE id = @id), '') || '|' ||
              (SELECT IFNULL(MAX(seq), 0) FROM timeline WHERE incident_id = @id) || '|' ||
              (SELECT COUNT(*) FROM custody_records WHERE incident_id = @id) AS v`).get({ id: incidentId });
  return row.v;
}
var EventStreams = class {
  open = /* @__PURE__ */ new Set();
  /** Send `changed` whenever the page's version moves; a comment now and then keeps proxies from closing the stream. */
  serve(request, reply, db, incidentId) {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": CONSOLE_CSP,
      "x-accel-buffering": "no"
      // nginx: pass events through as they come
    });
    let last = versionOf(db, incidentId);
    let quietFor = 0;
    raw.write("retry: 3000\n\n");
    const timer = setInterval(() => {
      try {
        const now = versionOf(db, incidentId);
        if (now !== last) {
          last = now;
          quietFor = 0;
          raw.write(`event: changed
data: ${Date.now()}

`);
        } else if ((quietFor += POLL_MS) >= HEARTBEAT_MS) {
          quietFor = 0;
          raw.write(": still here\n\n");
        }
      } catch (error) {
        request.log.warn({ error: error.message }, "console event stream stopped");
        end();
      }
    }, POLL_MS);
    const end = () => {
      clearInterval(timer);
      this.open.delete(end);
      if (!raw.writableEnded)
        raw.end();
    };
    this.open.add(end);
    request.raw.on("close", end);
  }
  closeAll() {
    for (const end of [...this.open])
      end();
  }
};

// dist/server/ui/guard.js
var SECURE_COOKIE = "__Host-irctl_session";
var PLAIN_COOKIE = "irctl_session";
var MAX_FORM_BYTES = 16 * 1024;
function overTls(request) {
  return request.protocol === "https" || originOf(request)?.startsWith("https://") === true;
}
function originOf(request) {
  const origin = request.headers.origin;
  return typeof origin === "string" ? origin : void 0;
}
function cookies(request) {
  const found = /* @__PURE__ */ new Map();
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0)
      found.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return found;
}
function sessionCookie(request, token, maxAgeSeconds) {
  const secure = overTls(request);
  const maxAge = Math.max(0, Math.floor(maxAgeSeconds));
  return `${secure ? SECURE_COOKIE : PLAIN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}
function clearedCookies() {
  return [`${SECURE_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure`, `${PLAIN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`];
}
function sessionOf(request, db) {
  const jar = cookies(request);
  return findSession(db, jar.get(SECURE_COOKIE)) ?? findSession(db, jar.get(PLAIN_COOKIE));
}
function identityOfSession(session, roleBook) {
  return {
    actor: session.actor,
    via: "api-key",
    roles: session.keyRole ? expandRoles([session.keyRole]) : roleBook().rolesOf(session.actor),
    key: { id: session.keyId, createdBy: session.keyCreatedBy }
  };
}
function checkOrigin(request) {
  const origin = originOf(request);
  const host = request.headers.host;
  let originHost;
  try {
    originHost = origin && origin !== "null" ? new URL(origin).host : void 0;
  } catch {
    originHost = void 0;
  }
  if (!originHost || !host || originHost !== host) {
    throw new RequestRejectedError(403, "cross_origin", `refused: this form was not posted from the console itself (Origin ${origin ?? "missing"})`, {
      hint: "open the console at its own address and submit from there"
    });
  }
}
function checkCsrf(session, form) {
  if (!csrfMatches(session, form.get("csrf") ?? void 0)) {
    throw new RequestRejectedError(403, "csrf", "refused: the form token is missing or belongs to another session", {
      hint: "reload the page and submit again"
    });
  }
}
function formOf(request) {
  const raw = request.body;
  if (!Buffer.isBuffer(raw) || raw.length > MAX_FORM_BYTES) {
    throw new RequestRejectedError(400, "bad_form", "the form is missing or too large");
  }
  const type = String(request.headers["content-type"] ?? "");
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    throw new RequestRejectedError(415, "bad_form", `a console form is application/x-www-form-urlencoded, not ${type || "unlabelled"}`);
  }
  return new URLSearchParams(raw.toString("utf8"));
}
function signInFirst(request, reply) {
  if (request.method === "GET" && !request.headers["x-irctl-live"]) {
    return reply.code(303).header("location", `/ui/sign-in?next=${encodeURIComponent(request.url)}`).send();
  }
  return reply.code(401).type("text/plain").send("sign in first");
}

// dist/server/ui/incident-list.js
var STATUSES = ["running", "waiting", "needs_decision", "succeeded", "failed", "aborted", "rolled_back"];
var SEVERITIES = ["critical", "high", "medium", "low"];
var LIST_LIMIT = 200;
function listFilter(query, runbooks) {
  const pick = (value, allowed) => typeof value === "string" && allowed.includes(value) ? value : void 0;
  return { status: pick(query.status, STATUSES), severity: pick(query.severity, SEVERITIES), runbook: pick(query.runbook, runbooks) };
}
function runbookNames(db) {
  return db.prepare("SELECT DISTINCT runbook_name AS name FROM incidents ORDER BY name").all().map((r) => r.name);
}
function listedIncidents(db, filter) {
  const rows = listIncidents(db, filter.status).filter((row) => (!filter.severity || row.severity === filter.severity) && (!filter.runbook || row.runbook_name === filter.runbook));
  return [...rows.filter(isOpen), ...rows.filter((row) => !isOpen(row))].slice(0, LIST_LIMIT);
}
function select(name, label, values, chosen) {
  return html`<div><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"><option value="">any</option>${values.map((value) => html`<option value="${value}"${value === chosen ? html` selected` : ""}>${value}</option>`)}</select></div>`;
}
function renderIncidentList(db, filter, now) {
  const rows = listedIncidents(db, filter);
  const filters = html`<form class="filters" method="get" action="/ui/" role="search" aria-label="Filter incidents">
${select("status", "Status", STATUSES, filter.status)}
${select("severity", "Severity", SEVERITIES, filter.severity)}
${select("runbook", "Runbook", runbookNames(db), filter.runbook)}
<button type="submit">Filter</button>
</form>`;
  const body = rows.map((row) => {
    const { sla, clock } = slaView(db, row, now);
    const gate = waitingGate(db, row);
    const slaCell = clock === "met" || clock === "breached" && sla.resolvedAt ? html`<span class="sla-${clock}">${clock}</span>` : html`<span class="sla-${clock}">${clock.replace("-", " ")}</span> · <time data-until="${sla.deadline}" datetime="${sla.deadline}">${clockText(sla.deadline, now)}</time>`;
    return html`<tr data-incident="${row.id}">
<td data-label="Incident"><a href="/ui/incidents/${row.id}">${row.id}</a><br><span class="muted">${row.runbook_name}</span></td>
<td data-label="Severity"><span class="badge sev-${row.severity}">${row.severity}</span></td>
<td data-label="Status">${row.status}${row.phase ? html` <span class="muted">(${row.phase})</span>` : ""}</td>
<td data-label="Target">${row.target ?? "\u2014"}</td>
<td data-label="SLA (${sla.budget})">${slaCell}</td>
<td data-label="Waiting gate">${gate ? html`<strong>${gate.stepId}</strong> since ${when(gate.since)}` : html`<span class="muted">—</span>`}</td>
<td data-label="Driven by">${driverOf(row, now)}</td>
<td data-label="Opened">${when(row.created_at)}</td>
</tr>`;
  });
  return html`<h1>Incidents</h1>
${filters}
<section id="incident-list" data-live aria-labelledby="list-caption">
<table class="cards">
<caption id="list-caption">${rows.length} incident${rows.length === 1 ? "" : "s"}, open ones first</caption>
<thead><tr><th scope="col">Incident</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Target</th><th scope="col">SLA</th><th scope="col">Waiting gate</th><th scope="col">Driven by</th><th scope="col">Opened</th></tr></thead>
<tbody>${body}</tbody>
</table>
${rows.length === 0 ? html`<p class="muted">No incidents match. This page updates by itself when one opens.</p>` : ""}
</section>`;
}

// dist/server/ui/routes.js
var incidentPage = () => import("./incident-page-YNMRRHAE.js");
var reporting = async () => ({
  ...await import("./model-GKLUZZJA.js"),
  ...await import("./render-T67EPXZ7.js"),
  ...await import("./export-record-Y5EOXZ37.js"),
  ...await import("./bundle-JRLUGJOQ.js")
});
var INCIDENT_ID = /^[A-Za-z0-9_.-]{1,100}$/;
var SIGN_IN_PER_MINUTE = 30;
var PAGES_PER_MINUTE = 600;
var FLASH = {
  recorded: "Your decision is recorded; the gate waits for more approvals.",
  approved: "Quorum reached: the gate is approved and the run continues.",
  rejected: "The gate is rejected.",
  acknowledged: "You have the page: it stops escalating.",
  "silence-added": "Silence added.",
  "silence-expired": "Silence expired."
};
var SILENCE_ID = /^sil-[0-9a-f]{1,32}$/;
var sendPage = (reply, status, text) => securityHeaders(reply).code(status).type("text/html; charset=utf-8").send(text);
function incidentIdOf(request) {
  const { id } = request.params;
  if (!INCIDENT_ID.test(id))
    throw new RequestRejectedError(404, "not_found", "no such incident");
  return id;
}
function safeNext(value) {
  return typeof value === "string" && /^\/ui\/[A-Za-z0-9/_.?=&%-]*$/.test(value) && !value.startsWith("//") ? value : "/ui/";
}
function signInPage(next, problem) {
  return page({
    title: "Sign in",
    body: html`<section class="signin card" aria-labelledby="h-signin">
<h1 id="h-signin">Sign in to irctl</h1>
${problem ? html`<p class="flash error" role="alert">${problem}</p>` : ""}
<form method="post" action="/ui/sign-in">
<input type="hidden" name="next" value="${next}">
<label for="key">API key</label>
<input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required aria-describedby="key-help">
<p id="key-help" class="muted">Your irctl API key (irk_…). It is exchanged for a session cookie and never kept in this browser; an admin makes one with <code>irctl keys create --actor NAME</code>.</p>
<button class="primary" type="submit">Sign in</button>
</form></section>`
  });
}
function registerConsole(app, deps, done) {
  const { services, pool, notifier } = deps;
  const { db } = services;
  const streams = new EventStreams();
  app.addHook("onClose", (_instance, closed) => {
    streams.closeAll();
    closed();
  });
  app.setErrorHandler((error, request, reply) => {
    const shown = consoleStatusOf(error);
    if (shown.status >= 500)
      request.log.error({ err: error }, "console request failed");
    const body = html`<h1>${shown.status === 403 ? "Refused" : shown.status === 404 ? "Not found" : "Something went wrong"}</h1>
<p class="flash error" role="alert">${shown.message}</p>${shown.hint ? html`<p class="muted">${shown.hint}</p>` : ""}
<p><a href="/ui/">Back to the incidents</a></p>`;
    return sendPage(reply, shown.status, page({ title: "Error", body }));
  });
  const viewerOf = (request) => {
    const session = sessionOf(request, db);
    return session ? { session, identity: identityOfSession(session, () => services.roleBook()) } : void 0;
  };
  const postedBy = (request) => {
    checkOrigin(request);
    const viewer = viewerOf(request);
    if (!viewer)
      return void 0;
    const form = formOf(request);
    checkCsrf(viewer.session, form);
    return { viewer, form };
  };
  const open = { public: true };
  const livePage = { ...open, rateLimit: { max: PAGES_PER_MINUTE, timeWindow: 6e4 } };
  app.get("/ui", { config: open }, async (_request, reply) => reply.code(308).header("location", "/ui/").send());
  app.get("/ui/console.css", { config: { ...open, rateLimit: false } }, async (_request, reply) => securityHeaders(reply).header("cache-control", "public, max-age=300").type("text/css; charset=utf-8").send(CONSOLE_CSS));
  app.get("/ui/console.js", { config: { ...open, rateLimit: false } }, async (_request, reply) => securityHeaders(reply).header("cache-control", "public, max-age=300").type("text/javascript; charset=utf-8").send(CONSOLE_JS));
  app.get("/ui/icon.svg", { config: { ...open, rateLimit: false } }, async (_request, reply) => securityHeaders(reply).header("cache-control", "public, max-age=86400").type("image/svg+xml").send(CONSOLE_ICON));
  app.get("/ui/sign-in", { config: open }, async (request, reply) => sendPage(reply, 200, signInPage(safeNext(request.query.next))));
  app.post("/ui/sign-in", { config: { ...open, rateLimit: { max: SIGN_IN_PER_MINUTE, timeWindow: 6e4 } } }, async (request, reply) => {
    checkOrigin(request);
    const form = formOf(request);
    const next = safeNext(form.get("next"));
    const key = verifyApiKey(db, form.get("key") ?? "");
    if (!key)
      return sendPage(reply, 401, signInPage(next, "That API key is unknown, revoked or mistyped."));
    const session = openSession(db, key);
    services.log.info({ actor: key.actor, keyId: key.keyId }, "console sign-in");
    return securityHeaders(reply).code(303).header("set-cookie", sessionCookie(request, session.token, SESSION_TTL_MS / 1e3)).header("location", next).send();
  });
  app.post("/ui/sign-out", { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (posted)
      closeSession(db, posted.viewer.session.token);
    return securityHeaders(reply).code(303).header("set-cookie", clearedCookies()).header("location", "/ui/sign-in").send();
  });
  app.get("/ui/", { config: livePage }, async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer)
      return signInFirst(request, reply);
    checkAct(viewer.identity, "incidents.read", "list incidents");
    const filter = listFilter(request.query, runbookNames(db));
    return sendPage(reply, 200, page({ title: "Incidents", viewer, events: "/ui/events", body: renderIncidentList(db, filter, Date.now()) }));
  });
  app.get("/ui/events", { config: livePage }, async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer)
      return reply.code(401).type("text/plain").send("sign in first");
    checkAct(viewer.identity, "incidents.read", "follow incidents");
    const incident = request.query.incident;
    if (incident !== void 0 && !INCIDENT_ID.test(incident))
      throw new RequestRejectedError(404, "not_found", "no such incident");
    streams.serve(request, reply, db, incident);
  });
  app.get("/ui/incidents/:id", { config: livePage }, async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer)
      return signInFirst(request, reply);
    const id = incidentIdOf(request);
    checkAct(viewer.identity, "incidents.read", "read incidents");
    const flash = request.query.done ? FLASH[request.query.done] : void 0;
    const { renderIncident } = await incidentPage();
    const { title, body } = await renderIncident(services, viewer, id, flash, Date.now());
    return sendPage(reply, 200, page({ title, viewer, events: `/ui/events?incident=${encodeURIComponent(id)}`, body }));
  });
  app.post("/ui/incidents/:id/decide", { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted)
      return signInFirst(request, reply);
    const { viewer, form } = posted;
    const id = incidentIdOf(request);
    const decision = form.get("decision");
    if (decision !== "approve" && decision !== "reject")
      throw new RequestRejectedError(400, "bad_form", "the decision is approve or reject");
    checkAct(viewer.identity, "gate.decide", `${decision} a gate of ${id}`);
    const step = form.get("step") ?? void 0;
    if (step !== void 0 && !STEP_ID.test(step))
      throw new RequestRejectedError(400, "bad_form", "the gate is named by a step id");
    const comment = form.get("comment")?.trim() || void 0;
    if (comment && comment.length > 2e3)
      throw new RequestRejectedError(400, "bad_form", "a comment is at most 2000 characters");
    const gate = findGate(db, id, step);
    const state = recordDecision(db, {
      incidentId: id,
      stepId: gate.id,
      approval: gate.approval,
      actor: viewer.identity.actor,
      roles: viewer.identity.roles,
      decision,
      comment,
      channel: { via: "console", key: viewer.identity.key }
    });
    const incident = getIncident(db, id);
    if (state.outcome !== void 0 && !FINAL_STATUSES.has(incident.status)) {
      pool.submit({ incidentId: incident.id, runbook: incident.runbook_name, target: incident.target ?? void 0 });
    }
    const done2 = state.outcome === "approved" ? "approved" : state.outcome === "rejected" ? "rejected" : "recorded";
    return securityHeaders(reply).code(303).header("location", `/ui/incidents/${encodeURIComponent(id)}?done=${done2}`).send();
  });
  app.post("/ui/incidents/:id/ack", { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted)
      return signInFirst(request, reply);
    const { viewer, form } = posted;
    const id = incidentIdOf(request);
    checkAct(viewer.identity, "incident.ack", `acknowledge ${id}`);
    const comment = form.get("comment")?.trim() || void 0;
    if (comment && comment.length > 2e3)
      throw new RequestRejectedError(400, "bad_form", "a comment is at most 2000 characters");
    const incident = getIncident(db, id);
    acknowledge(db, { incidentId: incident.id, actor: viewer.identity.actor, comment });
    notifier.send({
      kind: "acknowledged",
      incidentId: incident.id,
      runbook: incident.runbook_name,
      severity: incident.severity,
      target: incident.target ?? void 0,
      detail: { actor: viewer.identity.actor, comment: comment ?? null }
    });
    return securityHeaders(reply).code(303).header("location", `/ui/incidents/${encodeURIComponent(id)}?done=acknowledged`).send();
  });
  app.get("/ui/silences", { config: livePage }, async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer)
      return signInFirst(request, reply);
    checkAct(viewer.identity, "silences.read", "list silences");
    const flash = request.query.done ? FLASH[request.query.done] : void 0;
    return sendPage(reply, 200, page({ title: "Silences", viewer, events: "/ui/events", body: renderSilences(db, viewer, request.query.all === "1", flash) }));
  });
  app.post("/ui/silences", { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted)
      return signInFirst(request, reply);
    const { viewer, form } = posted;
    checkAct(viewer.identity, "silences.manage", "add a silence");
    const lines = (form.get("matchers") ?? "").split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    if (lines.length > 20)
      throw new RequestRejectedError(400, "bad_form", "a silence has at most 20 matchers");
    addSilence(db, {
      matchers: lines.map(parseMatcher),
      durationMs: parseDuration((form.get("duration") ?? "").trim().slice(0, 16)),
      comment: form.get("comment") ?? "",
      createdBy: viewer.identity.actor
    });
    return securityHeaders(reply).code(303).header("location", "/ui/silences?done=silence-added").send();
  });
  app.post("/ui/silences/:id/expire", { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted)
      return signInFirst(request, reply);
    checkAct(posted.viewer.identity, "silences.manage", `expire silence ${request.params.id}`);
    if (!SILENCE_ID.test(request.params.id))
      throw new RequestRejectedError(404, "not_found", "no such silence");
    expireSilence(db, request.params.id, posted.viewer.identity.actor);
    return securityHeaders(reply).code(303).header("location", "/ui/silences?done=silence-expired").send();
  });
  app.post("/ui/incidents/:id/report.html", { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted)
      return signInFirst(request, reply);
    const id = incidentIdOf(request);
    checkAct(posted.viewer.identity, "evidence.export", `export the report of ${id}`);
    const { buildReport, renderReport, recordExport } = await reporting();
    const report = await buildReport(db, {
      incidentId: id,
      evidenceDir: services.paths.evidenceDir,
      home: services.paths.home,
      generatedBy: posted.viewer.identity.actor
    });
    const content = renderReport(report, "html");
    if (!report.custody.ok)
      throw new IntegrityError(`the custody chain of ${id} does not verify; no report is handed out`, { hint: `irctl custody verify ${id}` });
    const sha256 = createHash("sha256").update(content).digest("hex");
    recordExport(db, services.paths.home, id, {
      act: "exported",
      actor: posted.viewer.identity.actor,
      subject: "report:html",
      details: { format: "html", file: "console download", sha256, size: Buffer.byteLength(content) }
    });
    return securityHeaders(reply, "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox").type("text/html; charset=utf-8").header("content-disposition", `inline; filename="${id}-report.html"`).send(content);
  });
  app.post("/ui/incidents/:id/bundle.tar.gz", { config: open }, async (request, reply) => {
    const posted = postedBy(request);
    if (!posted)
      return signInFirst(request, reply);
    const id = incidentIdOf(request);
    checkAct(posted.viewer.identity, "evidence.export", `export the evidence bundle of ${id}`);
    getIncident(db, id);
    const { exportBundle } = await reporting();
    const dir = await mkdtemp(join(tmpdir(), "irctl-console-bundle-"));
    try {
      const bundle = await exportBundle({
        db,
        incidentId: id,
        outFile: join(dir, `${id}.tar.gz`),
        evidenceDir: services.paths.evidenceDir,
        home: services.paths.home,
        actor: posted.viewer.identity.actor
      });
      const stream = createReadStream(bundle.path);
      stream.on("close", () => void rm(dir, { recursive: true, force: true }));
      return securityHeaders(reply).type("application/gzip").header("content-disposition", `attachment; filename="${id}.tar.gz"`).header("x-irctl-bundle-sha256", bundle.sha256).send(stream);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  });
  done();
}

// dist/server/ui/schema.js
var consoleSchema = [
  {
    id: "console-1",
    sql: `
CREATE TABLE ui_sessions (
  token_sha256 TEXT PRIMARY KEY,      -- hex SHA-256 of the cookie's token
  key_id TEXT NOT NULL REFERENCES api_keys(key_id),
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL         -- epoch ms; absolute, never extended
);
CREATE INDEX ui_sessions_expiry ON ui_sessions(expires_at);
`
  }
];

// dist/server/runner-pool.js
import { EventEmitter } from "node:events";
var RunnerPool = class extends EventEmitter {
  options;
  targets = new KeyedLock();
  containmentSlots;
  otherSlots;
  running = /* @__PURE__ */ new Set();
  driving = /* @__PURE__ */ new Set();
  /** Server shutdown: every drive stops where it stands, resumable, and is adopted again on start. */
  stopping = new AbortController();
  log;
  constructor(options) {
    super();
    this.options = options;
    this.log = options.log ?? options.services.log;
    this.containmentSlots = new Semaphore(options.concurrency);
    this.otherSlots = new Semaphore(options.concurrency);
  }
  /** Start driving an incident in the background (a second submit of one being driven is a no-op).
   *  Whatever goes wrong is logged and noted, never thrown. */
  submit(request) {
    if (this.driving.has(request.incidentId) || this.stopping.signal.aborted)
      return;
    this.driving.add(request.incidentId);
    const drive = this.drive(request).catch((error) => this.driveFailed(request, error)).finally(() => this.driving.delete(request.incidentId));
    this.running.add(drive);
    void drive.finally(() => this.running.delete(drive));
  }
  /** Incidents this pool drives now. */
  drivenIncidents() {
    return [...this.driving];
  }
  /** Stop every drive at a resumable point (shutdown) and wait for them. */
  async close() {
    this.stopping.abort("irctl serve stopping");
    await this.idle();
  }
  /** Resolves when every drive submitted so far has stopped. */
  async idle() {
    while (this.running.size > 0)
      await Promise.all([...this.running]);
  }
  /**
   * On start: take over every incident whose driver died on this host (kill -9, crash, reboot)
   * and drive it on. Finished steps are never re-run (the journal); an interrupted step that is not
   * safe to repeat stops the drive with `needs_decision` and a notification. Deadlines that passed
   * meanwhile fire once, now, in order (the gate and the incident clock fire what is due on entry).
   */
  adoptOrphans() {
    const { services } = this.options;
    const adopted = [];
    for (const incident of orphanedIncidents(services.db)) {
      this.log.info({ event: "run", transition: "adopted", incidentId: incident.id, runbook: incident.runbook_name, previousDriver: incident.runner_id }, "adopting an incident whose driver is gone");
      this.submit({ incidentId: incident.id, runbook: incident.runbook_name, target: incident.target ?? void 0 });
      adopted.push(incident.id);
    }
    return adopted;
  }
  async drive(request) {
    const { services, metrics } = this.options;
    const lockKey = await this.lockKey(request);
    await this.targets.run(lockKey, async () => {
      if (isBeingRun(services, request.incidentId))
        return;
      metrics.runsActive.inc();
      const watch = this.observer(request);
      this.logRun(request, "info", { transition: "run_started" }, "run started");
      const severity = getIncident(services.db, request.incidentId).severity;
      let outcome;
      try {
        const result = await driveIncident(services, request.incidentId, {
          stopAtHuman: true,
          stop: this.stopping.signal,
          observer: watch.observer,
          admit: this.admission(request.incidentId),
          notify: (event) => {
            if (event.kind === "opened")
              return;
            this.options.notifier.send({ ...event, runbook: request.runbook, severity, target: request.target });
          }
        });
        outcome = { incidentId: request.incidentId, result };
        this.logRunEnd(request, result);
        metrics.runsFinished.inc({ status: result.status });
        watch.containmentOver();
      } catch (error) {
        outcome = { incidentId: request.incidentId, error: error.message };
        metrics.runsFinished.inc({ status: "error" });
        this.logRun(request, "error", { transition: "run_failed", error: error.message }, "driving an alert-opened incident failed");
      } finally {
        metrics.runsActive.dec();
      }
      this.emit("settled", outcome);
    });
  }
  /**
   * A step acts when its budget has a free slot: containment's own for the containment phase and for
   * whatever the runbook runs before its first containment steps (the shipped runbooks' volatile
   * captures stand in front of isolate), the shared one for the rest.
   */
  admission(incidentId) {
    const incident = getIncident(this.options.services.db, incidentId);
    const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
    const ahead = containmentPath(runbook);
    return (stepId, work) => (ahead.has(stepId) ? this.containmentSlots : this.otherSlots).run(work);
  }
  /** A drive that failed outside driveIncident's own handling: logged and on the timeline; the incident stays resumable. */
  driveFailed(request, error) {
    const message = error instanceof Error ? error.message : String(error);
    const { services, metrics } = this.options;
    this.emit("settled", { incidentId: request.incidentId, error: message });
    metrics.runsFinished.inc({ status: "error" });
    this.logRun(request, "error", { transition: "run_failed", error: message }, "driving an alert-opened incident failed");
    try {
      addTimeline(services.db, request.incidentId, "drive_failed", {
        actor: "irctl-serve",
        detail: { error: message, resume: `irctl resume ${request.incidentId}` }
      });
    } catch (noted) {
      this.log.error({ incidentId: request.incidentId, error: noted.message }, "the failed drive could not be noted on the timeline");
    }
  }
  /** The engine's full container id when it can be had, so a name and an id of one container share a lock. */
  async lockKey(request) {
    const host = request.host ?? "local";
    if (!request.target)
      return `incident:${request.incidentId}`;
    if (request.containerId)
      return `${host}/${request.containerId}`;
    try {
      const target = await resolveContainer(this.options.services.docker, { container: request.target, host });
      return `${host}/${target.info.Id}`;
    } catch {
      return `${host}/${request.target}`;
    }
  }
  /** One log line per run transition (event "run"), with the incident, runbook and container. */
  logRun(request, level, fields, message) {
    this.log[level]({ event: "run", incidentId: request.incidentId, runbook: request.runbook, target: request.target, ...fields }, message);
  }
  /** How the drive ended: finished (succeeded, aborted, rolled back), failed, stopped, or waiting for a person. */
  logRunEnd(request, result) {
    if (result.stopped) {
      const { stepId, reason } = result.stopped;
      this.logRun(request, result.fault ? "warn" : "info", { transition: "run_stopped", status: result.status, stepId, reason, ...result.fault ? { code: result.fault.code } : {} }, `run stopped: ${reason}`);
    } else if (result.status === "failed") {
      this.logRun(request, "warn", { transition: "run_failed", status: result.status, stepId: result.failure?.stepId || void 0, error: result.failure?.message }, "run failed");
    } else if (result.status === "waiting" || result.status === "needs_decision") {
      this.logRun(request, "info", { transition: "run_waiting", status: result.status, stepId: result.waitingOn, waitingFor: result.waitingFor }, `run waits for ${result.waitingFor === "takeover" ? "a person to take over" : "a decision"}`);
    } else {
      this.logRun(request, "info", { transition: "run_finished", status: result.status }, `run ${result.status}`);
    }
  }
  /** Step durations into /metrics; the containment latency once the run leaves containment (it may then wait at a gate for hours). */
  observer(request) {
    const { metrics } = this.options;
    const actions = /* @__PURE__ */ new Map();
    let phase;
    let containedAt;
    let observed = false;
    const containmentOver = () => {
      if (observed || containedAt === void 0 || request.receivedAt === void 0)
        return;
      observed = true;
      metrics.containmentLatency.observe({ runbook: request.runbook }, (containedAt - request.receivedAt) / 1e3);
    };
    const observer = {
      phaseEntered: (entered) => {
        if (phase === "containment" && entered !== "containment")
          containmentOver();
        phase = entered;
        this.logRun(request, "info", { transition: "phase_entered", phase: entered }, `phase ${entered}`);
      },
      stepStarted: (stepId, action, _params, attempt) => {
        actions.set(stepId, action);
        this.logRun(request, "info", { transition: "step_started", stepId, action, attempt }, `step ${stepId} started`);
      },
      stepFinished: (stepId, result, durationMs) => {
        metrics.stepDuration.observe({ action: actions.get(stepId) ?? "gate", outcome: result.outcome }, durationMs / 1e3);
        if (phase === "containment" && result.outcome === "done")
          containedAt = Date.now();
        const transition = result.outcome === "done" ? "step_finished" : `step_${result.outcome}`;
        this.logRun(request, "info", { transition, stepId, action: actions.get(stepId), outcome: result.outcome, ms: Math.round(durationMs), summary: result.summary?.slice(0, 500) }, `step ${stepId} ${result.outcome}`);
      },
      stepFailed: (stepId, message, willRetry) => {
        this.logRun(request, "warn", { transition: "step_failed", stepId, action: actions.get(stepId), error: message.slice(0, 2e3), willRetry }, `step ${stepId} failed${willRetry ? "; retrying" : ""}`);
      },
      gateWaiting: (stepId, _approval, visit) => this.logRun(request, "info", { transition: "gate_waiting", stepId, visit }, `gate ${stepId} waits for approval`),
      humanNeeded: (stepId, action) => this.logRun(request, "info", { transition: "human_needed", stepId, action }, `step ${stepId} waits for a person to take over`),
      escalated: (stepId) => this.logRun(request, "warn", { transition: "escalated", stepId }, `gate ${stepId} escalated`),
      stepUndone: (stepId, action, error) => this.logRun(request, error ? "warn" : "info", { transition: error ? "undo_failed" : "step_undone", stepId, action, ...error ? { error } : {} }, `step ${stepId} ${error ? "could not be undone" : "undone"}`)
    };
    return { observer, containmentOver };
  }
};
function containmentPath(runbook) {
  const phaseOf = stepPhaseLookup(runbook);
  const steps = runbook.steps;
  const first = steps.findIndex((step) => phaseOf(step.id) === "containment");
  let end = first;
  while (first >= 0 && end + 1 < steps.length && phaseOf(steps[end + 1].id) === "containment")
    end += 1;
  const path = /* @__PURE__ */ new Set();
  steps.forEach((step, index) => {
    if (index > end && phaseOf(step.id) !== "containment")
      return;
    path.add(step.id);
    if (isParallelStep(step))
      for (const branch of step.parallel)
        path.add(branch.id);
  });
  return path;
}

// dist/server/schema.js
var serverSchema = [
  {
    id: "server-1",
    sql: `
CREATE TABLE server_alerts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  source TEXT NOT NULL,               -- falco | alertmanager | grafana | generic | docker
  fingerprint TEXT NOT NULL,
  runbook_name TEXT NOT NULL,
  target TEXT,                        -- the container the alert is about, as the alert named it
  status TEXT NOT NULL,               -- firing | resolved
  outcome TEXT NOT NULL,              -- opened | joined | resolved
  rule TEXT NOT NULL,
  received_at INTEGER NOT NULL        -- epoch ms
);
CREATE INDEX server_alerts_fingerprint ON server_alerts(runbook_name, fingerprint, received_at);
CREATE INDEX server_alerts_target ON server_alerts(runbook_name, target, received_at);
CREATE INDEX server_alerts_incident ON server_alerts(incident_id, seq);
`
  },
  {
    // a sender-chosen fingerprint means "the same alert" only from the same authenticated sender
    id: "server-2",
    sql: `
ALTER TABLE server_alerts ADD COLUMN sender TEXT NOT NULL DEFAULT '';
CREATE INDEX server_alerts_sender_fingerprint ON server_alerts(runbook_name, sender, fingerprint, received_at);
`
  }
];

// dist/server/app.js
var INTAKE_LOOKUPS = 4;
var DEFAULT_BODY_LIMIT = 1024 * 1024;
var DEFAULT_RATE_LIMIT_PER_MINUTE = 100;
var hasCredentials = (request) => request.headers.authorization !== void 0 || request.headers[SIGNATURE_HEADER] !== void 0;
async function buildServer(options) {
  const { services } = options;
  migrate(services.db, [...serverSchema, ...replaySchema, ...consoleSchema, ...alertQueueSchema]);
  const settings = services.config.server;
  const log = options.log ?? services.log;
  const metrics = createServerMetrics();
  const notifier = createNotifier(services.config, { metrics, log: services.log, fetch: options.fetch, db: services.db, retry: options.notifyRetry });
  const pool = new RunnerPool({ services, metrics, notifier, log, concurrency: options.concurrency ?? 16 });
  const intake = {
    services,
    runbooks: options.runbooks,
    metrics,
    notifier,
    pool,
    log,
    dedupeWindowMs: options.dedupeWindowMs ?? parseDuration(settings.dedupe_window),
    budget: new IncidentBudget(settings.incidents_per_minute),
    incidentsPerRequest: settings.incidents_per_request,
    lookups: new FairSemaphore(INTAKE_LOOKUPS)
  };
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const requestTimeout = options.requestTimeoutMs ?? parseDuration(settings.request_timeout);
  const app = Fastify({
    loggerInstance: log,
    // a pino logger; typed as fastify's base so routes keep the default instance type
    logController: new LogController({ disableRequestLogging: true }),
    // one line per request, written in onResponse below
    bodyLimit,
    // a slow client cannot hold a socket: the whole request (headers and body) must arrive in time,
    // and an idle connection is closed after the same time
    requestTimeout,
    connectionTimeout: requestTimeout,
    keepAliveTimeout: Math.min(5e3, requestTimeout),
    http: { headersTimeout: requestTimeout, requestTimeout, connectionsCheckingInterval: Math.max(250, Math.min(5e3, Math.floor(requestTimeout / 4))) },
    // no coercion: a string where a list belongs is a wrong type, not a list of one
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allowUnionTypes: true } },
    ...options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}
  });
  capConnectionsPerAddress(app.server, settings.connections_per_address, (address) => {
    metrics.rateLimited.inc({ limit: "connections_per_address" });
    log.warn({ event: "connection_refused", address, limit: settings.connections_per_address }, "too many open connections from one address");
  });
  acceptRawBodies(app, bodyLimit);
  app.setErrorHandler((error, request, reply) => replyWithError(metrics, error, request, reply));
  app.setNotFoundHandler((request, reply) => replyWithError(metrics, new RequestRejectedError(404, "not_found", `no route ${request.method} ${request.url.split("?")[0]}`), request, reply));
  const failedAuth = new FailedAuthGuard(settings.failed_auth_limit, options.failedAuthLockoutMs ?? parseDuration(settings.failed_auth_lockout));
  app.addHook("onRequest", async (request) => {
    const lockedFor = failedAuth.lockedFor(request.ip);
    if (lockedFor > 0) {
      throw new RequestRejectedError(429, "auth_lockout", "too many failed authentications from this address; try again later", {
        headers: { "retry-after": String(lockedFor) }
      });
    }
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    timeWindow: 6e4,
    allowList: (request) => hasCredentials(request)
  });
  const replays = new ReplayCache(services.db);
  const perKey = new KeyRateLimiter(options.keyRateLimitPerMinute ?? settings.requests_per_minute_per_key, Date.now, options.keyBurst);
  const alertQueue = new AlertQueue({ intake, limiter: perKey, perKey: options.alertQueuePerKey ?? settings.alert_queue_per_key, log });
  app.addHook("preValidation", async (request) => {
    if (request.routeOptions.config.public)
      return;
    const raw = rawBodyOf(request);
    try {
      request.identity = authenticate(request, raw, {
        db: services.db,
        roleBook: services.roleBook,
        hmacSecret: options.hmacSecret,
        replays,
        insecureNoAuthActor: options.insecureNoAuth ? services.actor : void 0
      });
    } catch (error) {
      const reason = error instanceof RequestRejectedError ? error.reason : "error";
      const lockedOut = failedAuth.recordFailure(request.ip);
      metrics.authFailures.inc({ reason });
      log.warn({ event: "auth_failed", security: true, address: request.ip, reason, method: request.method, url: request.url.slice(0, 200) }, "failed authentication");
      if (lockedOut) {
        metrics.authLockouts.inc();
        log.warn({ event: "auth_lockout", security: true, address: request.ip, limit: settings.failed_auth_limit, lockout: settings.failed_auth_lockout }, "address locked out after repeated failed authentications");
        throw new RequestRejectedError(429, "auth_lockout", "too many failed authentications from this address; try again later", {
          headers: { "retry-after": String(failedAuth.lockedFor(request.ip)) }
        });
      }
      throw error;
    }
    if (request.identity.via === "api-key" && request.routeOptions.config.alertSource === void 0)
      perKey.hit(request.identity.actor);
    request.body = decodeBody(request, raw);
  });
  app.addHook("onResponse", async (request, reply) => {
    request.log.info({
      event: "request",
      method: request.method,
      route: request.routeOptions.url ?? request.url.split("?")[0].slice(0, 200),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      actor: request.identity?.actor,
      address: request.ip,
      ...request.alertOutcome ? { outcome: request.alertOutcome } : {}
    }, "request");
  });
  registerSystemRoutes(app, metrics);
  registerAlertRoutes(app, intake, alertQueue);
  registerIncidentRoutes(app, services.db);
  registerApprovalRoutes(app, services.db, pool);
  registerOncallRoutes(app, { db: services.db, notifier, metrics });
  await app.register(registerConsole, { services, pool, notifier });
  let watcher;
  const filters = eventFiltersFor(options.runbooks.map((loaded) => loaded.runbook));
  if (options.dockerEvents && filters) {
    watcher = new DockerEventsWatcher({
      docker: options.dockerEvents,
      filters,
      metrics,
      log: services.log,
      onEvent: (event) => {
        void Promise.resolve().then(() => parseAlertPayload("docker", event)).then((notification) => addContainerFacts(notification, options.dockerEvents)).then((enriched) => takeNotification(intake, enriched, { actor: "docker-events" })).catch((error) => services.log.warn({ error: error.message }, "a Docker event could not be used"));
      }
    });
    app.addHook("onReady", async () => watcher.start());
  }
  if (options.adoptOrphans)
    app.addHook("onReady", async () => void pool.adoptOrphans());
  app.addHook("onReady", async () => alertQueue.wake());
  app.addHook("onClose", async () => {
    await watcher?.stop();
    await alertQueue.close();
    await pool.close();
    await notifier.flush();
  });
  return { app, alertQueue, metrics, pool, notifier, watcher };
}
export {
  DEFAULT_BODY_LIMIT,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  buildServer
};
