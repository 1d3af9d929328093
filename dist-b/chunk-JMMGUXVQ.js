import {
  SLA_BUDGETS
} from "./chunk-PPE2D4RA.js";

// dist/report/model-sla.js
var since = (from, to) => to === null ? null : Math.max(0, Date.parse(to) - Date.parse(from));
function computeSla(incident, bands, steps, custody, now) {
  const budget = SLA_BUDGETS[incident.severity] ?? SLA_BUDGETS.low;
  const openedAt = incident.created_at;
  const deadline = new Date(Date.parse(openedAt) + budget.ms).toISOString();
  const candidates = [];
  const act = custody.find((record) => record.act === "contained");
  if (act)
    candidates.push({ at: act.recordedAt, by: `custody record ${act.seq} (contained)` });
  const step = steps.find((run) => run.phase === "containment" && run.status === "finished" && run.endedAt !== null && !run.action?.startsWith("core."));
  if (step)
    candidates.push({ at: step.endedAt, by: `step ${step.stepId} finished` });
  const contained = candidates.sort((a, b) => a.at.localeCompare(b.at))[0];
  const failedEnd = ["failed", "aborted", "rolled_back"].includes(incident.status) ? incident.finished_at : null;
  const recovery = bands.find((band) => band.phase === "recovery" && band.endedAt !== null && band.endedAt !== failedEnd);
  const recoveredAt = recovery?.endedAt ?? null;
  const resolvedAt = recoveredAt ?? (incident.status === "succeeded" ? incident.finished_at : null);
  const timeToResolveMs = since(openedAt, resolvedAt);
  const state = timeToResolveMs !== null ? timeToResolveMs <= budget.ms ? "met" : "breached" : now.getTime() > Date.parse(deadline) ? "breached" : "pending";
  return {
    severity: incident.severity,
    budgetMs: budget.ms,
    budget: budget.label,
    deadline,
    state,
    resolvedAt,
    timeToResolveMs,
    containedAt: contained?.at ?? null,
    containedBy: contained?.by ?? null,
    timeToContainMs: since(openedAt, contained?.at ?? null),
    recoveredAt,
    timeToRecoverMs: since(openedAt, recoveredAt)
  };
}

// dist/report/redact.js
var REDACTED = "\u2039redacted\u203A";
var SECRET_NAME = /(?:KEY|TOKEN|PASSWORD|PASSWD|PASSPHRASE|SECRET|CREDENTIALS?|AUTH)/i;
var ASSIGNMENT = /(^|[^A-Za-z0-9_+/=-])([A-Za-z_][A-Za-z0-9_.-]*)=("[^"]*"|'[^']*'|[^\s"',;&]*)/g;
var AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g;
var BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/g;
var FLAG = /(^|\s)(--[A-Za-z][A-Za-z0-9_-]*)(=|\s+)("[^"]*"|'[^']*'|[^\s"']+)/g;
var JSON_FIELD = /("([A-Za-z0-9_.-]*)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
var JWT = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
var PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
function isSecretName(name) {
  return SECRET_NAME.test(name);
}
function redactText(text2) {
  return text2.replace(PRIVATE_KEY_BLOCK, (_match, kind) => `-----BEGIN ${kind}PRIVATE KEY----- ${REDACTED} -----END ${kind}PRIVATE KEY-----`).replace(JWT, REDACTED).replace(FLAG, (match, before, flag, separator, value) => isSecretName(flag) && value !== REDACTED && !value.startsWith("--") ? `${before}${flag}${separator}${REDACTED}` : match).replace(JSON_FIELD, (match, head, name, value) => isSecretName(name) && value.length > 0 && value !== REDACTED ? `${head}"${REDACTED}"` : match).replace(ASSIGNMENT, (match, before, name, value) => isSecretName(name) && value !== REDACTED && value.length > 0 ? `${before}${name}=${REDACTED}` : match).replace(AWS_ACCESS_KEY_ID, REDACTED).replace(BEARER, (_match, scheme) => `${scheme} ${REDACTED}`);
}
function redactEnvEntry(entry) {
  const equals = entry.indexOf("=");
  return equals < 0 ? entry : `${entry.slice(0, equals)}=${REDACTED}`;
}
function redactDeep(value) {
  return redactValue(value, void 0);
}
function redactValue(value, key) {
  if (typeof value === "string")
    return key !== void 0 && isSecretName(key) && value.length > 0 ? REDACTED : redactText(value);
  if (Array.isArray(value)) {
    if (key !== void 0 && /^env$/i.test(key))
      return value.map((item) => typeof item === "string" ? redactEnvEntry(item) : redactValue(item, void 0));
    return value.map((item) => redactValue(item, void 0));
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, redactValue(inner, name)]));
  }
  return value;
}

// dist/report/model-timeline.js
var CATEGORY = {
  alert_received: "alert",
  alert_joined: "alert",
  alert_resolved: "alert",
  incident_opened: "incident",
  run_started: "incident",
  run_resumed: "incident",
  run_stopped: "incident",
  incident_closed: "incident",
  human_took_over: "incident",
  human_needed: "incident",
  abort_requested: "incident",
  phase_entered: "phase",
  step_started: "step",
  step_finished: "step",
  step_skipped: "step",
  step_interrupted: "failure",
  step_failed: "failure",
  undo_failed: "failure",
  out_of_scope: "failure",
  approval: "approval",
  rejection: "approval",
  gate_waiting: "approval",
  gate_decided: "approval",
  escalated: "escalation",
  rollback_started: "rollback",
  rollback_finished: "rollback",
  step_undone: "rollback",
  review_annotated: "review",
  image_removed: "evidence"
};
var text = (value) => value === null || value === void 0 ? "" : typeof value === "string" ? value : JSON.stringify(value);
function sentence(entry, detail) {
  const step = entry.step_id ? `step ${entry.step_id}` : "a step";
  const gate = `gate ${entry.step_id ?? ""}${typeof detail.visit === "number" && detail.visit > 1 ? ` (visit ${detail.visit})` : ""}`;
  switch (entry.kind) {
    case "alert_received":
      return `alert received from ${text(detail.source)}: ${text(detail.rule)}${detail.summary ? ` (${text(detail.summary)})` : ""}`;
    case "alert_joined":
      return `another ${text(detail.source)} alert joined the incident: ${text(detail.rule)}`;
    case "alert_resolved":
      return `${text(detail.source)} reported the alert resolved: ${text(detail.rule)}`;
    case "incident_opened":
      return `incident opened with runbook ${text(detail.runbook)}`;
    case "run_started":
      return "run started";
    case "run_resumed":
      return "run resumed";
    case "run_stopped":
      return `run stopped${entry.step_id ? ` at step ${entry.step_id}` : ""}${detail.reason === "detach" ? ": the responder detached" : detail.reason ? ` by ${text(detail.reason)}` : ""}; irctl resume continues it`;
    case "incident_closed":
      return `incident closed: ${text(detail.status)}${detail.error ? ` (${text(detail.error)})` : ""}`;
    case "human_took_over":
      return "a responder took over from automatic containment";
    case "human_needed":
      return `${step} waits for a responder`;
    case "abort_requested":
      return "abort requested";
    case "phase_entered":
      return `${text(detail.phase)} phase entered`;
    case "step_started":
      return `${step} started (${text(detail.action)}, attempt ${text(detail.attempt)})`;
    case "step_finished":
      return `${step} finished${detail.summary ? `: ${text(detail.summary)}` : ""}`;
    case "step_skipped":
      return `${step} skipped${detail.reason ? `: ${text(detail.reason)}` : detail.summary ? `: ${text(detail.summary)}` : ""}`;
    case "step_interrupted":
      return `${step} was interrupted mid-run (attempt ${text(detail.attempt)}, re-run ${text(detail.rerun)})`;
    case "step_failed":
      return `${step} failed: ${text(detail.error)}`;
    case "undo_failed":
      return `undo of ${step} failed: ${text(detail.error)}`;
    case "out_of_scope":
      return `${step} refused: container ${text(detail.container_name)} on host ${text(detail.host)} is outside the scope this alert-opened incident acts within`;
    case "approval":
      return `${gate} approved by ${entry.actor ?? "someone"}${detail.role ? ` (${text(detail.role)})` : ""}`;
    case "rejection":
      return `${gate} rejected by ${entry.actor ?? "someone"}${detail.role ? ` (${text(detail.role)})` : ""}`;
    case "gate_waiting":
      return `${gate} waits for ${text(detail.quorum)} approval(s) from ${Array.isArray(detail.roles) ? detail.roles.join(", ") : text(detail.roles)}`;
    case "gate_decided":
      return `${gate} decided: ${text(detail.outcome)}`;
    case "escalated":
      return `${gate} escalated after ${text(detail.after)} to ${Array.isArray(detail.notify) ? detail.notify.join(", ") : text(detail.notify)}`;
    case "rollback_started":
      return `rollback started${detail.failed_step ? ` after step ${text(detail.failed_step)} failed` : ""}`;
    case "rollback_finished":
      return "rollback finished";
    case "step_undone":
      return `${step} undone (${text(detail.action)})`;
    case "image_removed":
      return `forensic image ${text(detail.image_ref)} removed from the engine on ${text(detail.host)} (its saved copy verified)`;
    case "review_annotated":
      return `post-incident review updated: ${Array.isArray(detail.fields) ? detail.fields.join(", ") : ""}`;
    default:
      return `${entry.kind.replace(/_/g, " ")}${Object.keys(detail).length ? `: ${JSON.stringify(detail)}` : ""}`;
  }
}
function parseDetail(raw) {
  try {
    const parsed = JSON.parse(raw);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? redactDeep(parsed) : {};
  } catch {
    return {};
  }
}
function phaseBands(entries) {
  const bands = [];
  for (const entry of entries) {
    if (entry.kind !== "phase_entered" && entry.kind !== "incident_closed")
      continue;
    const open = bands.at(-1)?.endedAt === null ? bands.at(-1) : void 0;
    const phase = entry.kind === "phase_entered" ? String(parseDetail(entry.detail).phase ?? "unknown") : void 0;
    if (open && phase === open.phase)
      continue;
    if (open)
      open.endedAt = entry.at;
    if (phase)
      bands.push({ phase, startedAt: entry.at, endedAt: null });
  }
  return bands;
}
function phaseAt(bands, at) {
  for (let i = bands.length - 1; i >= 0; i--) {
    const band = bands[i];
    if (band.startedAt <= at && (band.endedAt === null || at <= band.endedAt))
      return band.phase;
  }
  return null;
}
function timelineEvents(entries, bands) {
  return entries.map((entry) => {
    const detail = parseDetail(entry.detail);
    const duration = typeof detail.duration_ms === "number" && detail.duration_ms >= 0 ? Math.round(detail.duration_ms) : null;
    const comment = typeof detail.comment === "string" ? detail.comment : null;
    return {
      seq: entry.seq,
      at: entry.at,
      kind: entry.kind,
      category: CATEGORY[entry.kind] ?? "other",
      phase: entry.kind === "phase_entered" ? String(detail.phase ?? "") || null : phaseAt(bands, entry.at),
      stepId: entry.step_id,
      actor: entry.actor,
      summary: redactText(sentence(entry, detail)),
      comment,
      durationMs: duration
    };
  });
}
function stepRuns(rows, bands) {
  return rows.map((row) => {
    const duration = row.ended_at ? Date.parse(row.ended_at) - Date.parse(row.started_at) : null;
    return {
      stepId: row.step_id,
      attempt: row.attempt,
      action: row.action,
      phase: phaseAt(bands, row.started_at),
      status: row.status,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      durationMs: duration !== null && duration >= 0 ? duration : null,
      summary: row.summary === null ? null : redactText(row.summary),
      error: row.error === null ? null : redactText(row.error)
    };
  });
}

export {
  computeSla,
  redactText,
  redactEnvEntry,
  redactDeep,
  phaseBands,
  timelineEvents,
  stepRuns
};
