import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  html
} from "./chunk-WH65N5NF.js";
import {
  computeSla,
  phaseBands,
  stepRuns
} from "./chunk-U2N7A6JM.js";
import {
  driverOf
} from "./chunk-5WDOT2WL.js";
import {
  journalFor
} from "./chunk-IN4RJBDR.js";
import {
  listCustody
} from "./chunk-5G4DN3AP.js";
import {
  PERMISSIONS
} from "./chunk-CHZ3CMJ4.js";
import {
  FINAL_STATUSES,
  listTimeline
} from "./chunk-LUHRMFHS.js";

// dist/server/ui/permits.js
function permits(identity, act) {
  return identity.roles.includes(PERMISSIONS[act]);
}

// dist/server/ui/sessions.js
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
var SESSION_TTL_MS = 12 * 36e5;
var TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
var sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");
function openSession(db, key, now = Date.now()) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = now + SESSION_TTL_MS;
  db.prepare("DELETE FROM ui_sessions WHERE expires_at <= ?").run(now);
  db.prepare("INSERT INTO ui_sessions (token_sha256, key_id, actor, created_at, expires_at) VALUES (?, ?, ?, ?, ?)").run(sha256(token), key.keyId, key.actor, new Date(now).toISOString(), expiresAt);
  return { token, actor: key.actor, keyId: key.keyId, keyRole: key.role, keyCreatedBy: key.createdBy, expiresAt };
}
function findSession(db, token, now = Date.now()) {
  if (!token || !TOKEN_SHAPE.test(token))
    return void 0;
  const row = db.prepare(`SELECT s.actor, s.key_id, s.expires_at, k.role, k.created_by FROM ui_sessions s JOIN api_keys k ON k.key_id = s.key_id
       WHERE s.token_sha256 = ? AND s.expires_at > ? AND k.revoked_at IS NULL`).get(sha256(token), now);
  if (!row)
    return void 0;
  return { token, actor: row.actor, keyId: row.key_id, keyRole: row.role, keyCreatedBy: row.created_by, expiresAt: row.expires_at };
}
function closeSession(db, token) {
  db.prepare("DELETE FROM ui_sessions WHERE token_sha256 = ?").run(sha256(token));
}
function csrfTokenOf(session) {
  return createHash("sha256").update("irctl-console-csrf\0").update(session.token).digest("base64url");
}
function csrfMatches(session, presented) {
  if (typeof presented !== "string")
    return false;
  const expected = Buffer.from(csrfTokenOf(session));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// dist/server/ui/layout.js
var CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'"
].join("; ");
function securityHeaders(reply, csp = CONSOLE_CSP) {
  return reply.headers({
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store"
  });
}
function csrfField(viewer) {
  return html`<input type="hidden" name="csrf" value="${csrfTokenOf(viewer.session)}">`;
}
function page(options) {
  const { viewer } = options;
  const nav = viewer ? html`<nav aria-label="Console">
  <a class="brand" href="/ui/">irctl</a>
  <a href="/ui/">Incidents</a>
  <a href="/ui/silences">Silences</a>
  <span class="who">Signed in as <strong>${viewer.identity.actor}</strong> (${viewer.identity.roles[0] ?? "no role"})</span>
  <form method="post" action="/ui/sign-out">${csrfField(viewer)}<button type="submit">Sign out</button></form>
</nav>` : html`<nav aria-label="Console"><a class="brand" href="/ui/">irctl</a></nav>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title} · irctl</title>
<link rel="icon" href="/ui/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/ui/console.css">
<script src="/ui/console.js" defer></script>
</head>
<body${options.events ? html` data-events="${options.events}"` : ""}>
<a class="skip" href="#main">Skip to content</a>
<header>${nav}</header>
<main id="main" tabindex="-1">
${options.body}
<p id="live-status" class="live-status" role="status" aria-live="polite"></p>
</main>
</body>
</html>
`.value;
}
function clockText(deadlineIso, now) {
  const left = Date.parse(deadlineIso) - now;
  const minutes = Math.round(Math.abs(left) / 6e4);
  const text = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return left >= 0 ? `${text} left` : `${text} over`;
}
function when(iso) {
  if (!iso)
    return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${iso.replace("T", " ").replace(/\.\d+Z$/, "Z")}</time>`;
}
function bytes(size) {
  if (size < 1024)
    return `${size} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

// dist/server/ui/incident-facts.js
var AT_RISK_SHARE = 0.25;
function slaView(db, incident, now) {
  const entries = listTimeline(db, incident.id);
  const bands = phaseBands(entries);
  const sla = computeSla(incident, bands, stepRuns(journalFor(db, incident.id), bands), listCustody(db, incident.id), new Date(now));
  if (sla.state !== "pending")
    return { sla, clock: sla.state };
  const left = Date.parse(sla.deadline) - now;
  return { sla, clock: left < sla.budgetMs * AT_RISK_SHARE ? "at-risk" : "on-track" };
}
function waitingGate(db, incident) {
  if (incident.status !== "waiting" || !incident.current_step)
    return void 0;
  const row = db.prepare("SELECT at FROM timeline WHERE incident_id = ? AND kind = 'gate_waiting' AND step_id = ? ORDER BY seq DESC LIMIT 1").get(incident.id, incident.current_step);
  return row ? { stepId: incident.current_step, since: row.at } : void 0;
}
function driverOf2(incident, now) {
  if (FINAL_STATUSES.has(incident.status))
    return "nobody (closed)";
  const driver = driverOf(incident, now);
  if (driver)
    return `process ${driver}`;
  if (incident.auto_only === 1)
    return "automation (auto steps only) \u2014 a person must take over";
  return "nobody right now \u2014 waiting for a person";
}
var isOpen = (incident) => !FINAL_STATUSES.has(incident.status);

export {
  permits,
  SESSION_TTL_MS,
  openSession,
  findSession,
  closeSession,
  csrfMatches,
  CONSOLE_CSP,
  securityHeaders,
  csrfField,
  page,
  clockText,
  when,
  bytes,
  slaView,
  waitingGate,
  driverOf2 as driverOf,
  isOpen
};
