import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  reviewOf
} from "./chunk-RBUMQWAE.js";
import {
  computeSla,
  phaseBands,
  redactDeep,
  redactEnvEntry,
  redactText,
  stepRuns,
  timelineEvents
} from "./chunk-U2N7A6JM.js";
import {
  verifyCustody
} from "./chunk-E34VK4DJ.js";
import {
  listCheckpoints
} from "./chunk-HYS6PUCY.js";
import {
  approvalHistory,
  journalFor
} from "./chunk-IN4RJBDR.js";
import {
  listEvidence,
  verifyEvidenceFile
} from "./chunk-WANTOCUW.js";
import {
  custodyActors,
  listCustodyActs
} from "./chunk-5G4DN3AP.js";
import {
  listFindings
} from "./chunk-LMXY6P3R.js";
import {
  external_exports
} from "./chunk-6GUQTYHU.js";
import {
  getIncident,
  listTimeline
} from "./chunk-LUHRMFHS.js";

// dist/report/model-custody.js
async function custodySummary(db, incidentId, evidenceDir, home) {
  const result = await verifyCustody(db, { incidentId, evidenceDir, home });
  const newest = listCheckpoints(db, incidentId).at(-1);
  return {
    ok: result.ok,
    records: result.records,
    headHash: result.headHash,
    artifacts: result.artifacts,
    checkpoints: result.checkpoints,
    problems: result.problems.map(({ seq, kind, message }) => ({ seq, kind, message })),
    signedHead: newest ? {
      seq: newest.seq,
      hash: newest.head_hash,
      signature: newest.signature,
      keyFingerprint: newest.key_id,
      reason: newest.reason,
      signedAt: newest.created_at,
      note: newest.note
    } : null
  };
}
var field = (value) => typeof value === "string" ? value : null;
function containmentActs(records) {
  return records.filter((record) => record.act === "contained" || record.act === "released").map((record) => ({
    seq: record.seq,
    at: record.recordedAt,
    kind: record.act === "contained" ? "taken" : "undone",
    actor: record.actor,
    action: field(record.how?.action),
    subject: record.subject,
    host: field(record.where?.host)
  }));
}

// dist/report/model-evidence.js
import { open } from "node:fs/promises";
import { join } from "node:path";
var MAX_INSPECT_BYTES = 16 * 1024 * 1024;
var strings = (value) => Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
async function containerConfig(evidenceDir, row) {
  if (row.kind !== "inspect" || row.status !== "complete" || row.size > MAX_INSPECT_BYTES)
    return null;
  let handle;
  try {
    handle = await open(join(evidenceDir, row.path), "r");
    const document = JSON.parse(await handle.readFile("utf8"));
    const config = document.Config ?? {};
    return {
      image: typeof config.Image === "string" ? redactText(config.Image) : null,
      command: [...strings(config.Entrypoint), ...strings(config.Cmd)].map(redactText),
      env: strings(config.Env).map(redactEnvEntry)
    };
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
async function evidenceItems(evidenceDir, rows) {
  const items = [];
  for (const row of rows) {
    items.push({
      evidenceId: row.id,
      name: row.name,
      kind: row.kind,
      mediaType: row.media_type,
      size: row.size,
      sha256: row.sha256,
      capturedAt: row.captured_at,
      capturedBy: row.captured_by,
      stepId: row.step_id,
      subject: redactText(row.subject),
      status: row.status,
      verification: (await verifyEvidenceFile(evidenceDir, row)).state,
      error: row.error === null ? null : redactText(row.error),
      containerConfig: await containerConfig(evidenceDir, row)
    });
  }
  return items;
}
function findingItems(db, incidentId) {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'findings'").get();
  if (!table)
    return { available: false, items: [] };
  return {
    available: true,
    items: listFindings(db, incidentId).map((row) => ({
      stepId: row.step_id,
      severity: row.severity,
      kind: row.kind,
      evidenceId: row.evidence_id,
      detail: redactDeep(parseJson(row.detail)),
      createdAt: row.created_at
    }))
  };
}
function parseJson(text2) {
  try {
    return JSON.parse(text2);
  } catch {
    return text2;
  }
}

// dist/report/model-paging.js
var detailOf = (entry) => JSON.parse(entry.detail);
var text = (value) => typeof value === "string" ? redactText(value) : null;
function pagingOf(entries) {
  const paging = { acknowledgements: [], escalations: [], slaAtRiskAt: null, slaBreachedAt: null, failedNotifications: [] };
  for (const entry of entries) {
    const detail = detailOf(entry);
    if (entry.kind === "acknowledged")
      paging.acknowledgements.push({ at: entry.at, actor: entry.actor ?? "unknown", comment: text(detail.comment) });
    if (entry.kind === "escalated") {
      const notify = Array.isArray(detail.notify) ? detail.notify.map(String) : typeof detail.notify === "string" ? [detail.notify] : [];
      paging.escalations.push({
        at: entry.at,
        source: detail.source === "oncall" ? "oncall" : "gate",
        stepId: entry.step_id,
        notify,
        level: typeof detail.level === "number" ? detail.level : null
      });
    }
    if (entry.kind === "sla_at_risk")
      paging.slaAtRiskAt ??= entry.at;
    if (entry.kind === "sla_breached")
      paging.slaBreachedAt ??= entry.at;
    if (entry.kind === "notification_failed") {
      paging.failedNotifications.push({ at: entry.at, event: text(detail.event) ?? "", channel: text(detail.channel) ?? "", error: text(detail.error) ?? "" });
    }
  }
  return paging;
}

// dist/report/schema.js
var REPORT_FORMAT = "irctl-report/1";
var iso = external_exports.string().describe("UTC time, ISO 8601 with milliseconds");
var ms = external_exports.number().int().nonnegative().describe("milliseconds");
var json = external_exports.json();
var slaStateSchema = external_exports.enum(["met", "breached", "pending"]);
var slaSchema = external_exports.object({
  severity: external_exports.string(),
  budgetMs: ms.describe("the response SLA for the severity: critical 4 h, high 24 h, medium 1 week, low 1 month"),
  budget: external_exports.string().describe('the budget, for people: "4 h"'),
  deadline: iso,
  state: slaStateSchema.describe("met: resolved within the budget \xB7 breached: resolved late, or unresolved past the deadline \xB7 pending: unresolved, deadline ahead"),
  resolvedAt: iso.nullable().describe("recovery phase finished, else the incident closed as succeeded"),
  timeToResolveMs: ms.nullable(),
  containedAt: iso.nullable(),
  containedBy: external_exports.string().nullable().describe("what marked containment: custody record N (contained), or step S finished"),
  timeToContainMs: ms.nullable(),
  recoveredAt: iso.nullable(),
  timeToRecoverMs: ms.nullable()
});
var pagingSchema = external_exports.object({
  acknowledgements: external_exports.array(external_exports.object({ at: iso, actor: external_exports.string(), comment: external_exports.string().nullable() })),
  escalations: external_exports.array(external_exports.object({
    at: iso,
    source: external_exports.enum(["oncall", "gate"]).describe("oncall: the incident's page climbing the ladder; gate: a gate's own escalate"),
    stepId: external_exports.string().nullable(),
    notify: external_exports.array(external_exports.string()),
    level: external_exports.number().int().nullable()
  })).describe("escalations sent"),
  slaAtRiskAt: iso.nullable().describe("when 75 % of the SLA was gone without recovery"),
  slaBreachedAt: iso.nullable(),
  failedNotifications: external_exports.array(external_exports.object({ at: iso, event: external_exports.string(), channel: external_exports.string(), error: external_exports.string() })).describe("messages that could not be delivered after every retry")
}).describe("paging: escalations sent, acknowledgements, SLA marks, failed notifications");
var timelineCategorySchema = external_exports.enum([
  "alert",
  "incident",
  "phase",
  "step",
  "approval",
  "escalation",
  "failure",
  "rollback",
  "evidence",
  "review",
  "other"
]);
var timelineEventSchema = external_exports.object({
  seq: external_exports.number().int(),
  at: iso,
  kind: external_exports.string().describe("the engine timeline kind: alert_received, step_started, approval, escalated, \u2026"),
  category: timelineCategorySchema,
  phase: external_exports.string().nullable().describe("the phase the incident was in"),
  stepId: external_exports.string().nullable(),
  actor: external_exports.string().nullable(),
  summary: external_exports.string().describe("one sentence, redacted"),
  comment: external_exports.string().nullable().describe("an approver's comment, redacted"),
  durationMs: ms.nullable()
});
var phaseBandSchema = external_exports.object({ phase: external_exports.string(), startedAt: iso, endedAt: iso.nullable() });
var stepRunSchema = external_exports.object({
  stepId: external_exports.string(),
  attempt: external_exports.number().int(),
  action: external_exports.string().nullable(),
  phase: external_exports.string().nullable(),
  status: external_exports.string().describe("started | finished | failed | skipped | interrupted | undone"),
  startedAt: iso,
  endedAt: iso.nullable(),
  durationMs: ms.nullable(),
  summary: external_exports.string().nullable(),
  error: external_exports.string().nullable()
});
var gateSchema = external_exports.object({
  stepId: external_exports.string(),
  visit: external_exports.number().int().min(1).describe("which arrival at the gate: a run that loops back through it decides it again"),
  outcome: external_exports.string().nullable().describe("approved | rejected | timed_out, null while open"),
  decidedAt: iso.nullable(),
  decisions: external_exports.array(external_exports.object({
    actor: external_exports.string(),
    role: external_exports.string().nullable(),
    decision: external_exports.string(),
    comment: external_exports.string().nullable(),
    at: iso,
    via: external_exports.string().nullable().describe("how the decision came in: cli (no key) | api-key | console (signed in with a key) | insecure-no-auth; null: recorded before irctl kept it"),
    keyId: external_exports.string().nullable().describe("the API key it came through (its id, never the key); null: no key"),
    keyCreatedBy: external_exports.string().nullable().describe("who made that key: a quorum counts them and the key holder as one person")
  }))
});
var containmentActSchema = external_exports.object({
  seq: external_exports.number().int().describe("custody record"),
  at: iso,
  kind: external_exports.enum(["taken", "undone"]),
  actor: external_exports.string(),
  action: external_exports.string().nullable(),
  subject: external_exports.string().describe("the container id"),
  host: external_exports.string().nullable()
});
var containerConfigSchema = external_exports.object({
  image: external_exports.string().nullable(),
  command: external_exports.array(external_exports.string()),
  env: external_exports.array(external_exports.string()).describe("NAME=\u2039redacted\u203A: names only, values never shown")
});
var evidenceItemSchema = external_exports.object({
  evidenceId: external_exports.string(),
  name: external_exports.string(),
  kind: external_exports.string(),
  mediaType: external_exports.string(),
  size: external_exports.number().int().nonnegative().describe("bytes"),
  sha256: external_exports.string().nullable(),
  capturedAt: iso,
  capturedBy: external_exports.string(),
  stepId: external_exports.string(),
  subject: external_exports.string(),
  status: external_exports.enum(["complete", "incomplete"]),
  verification: external_exports.enum(["ok", "modified", "missing", "incomplete"]).describe("the file re-hashed when the report was written"),
  error: external_exports.string().nullable(),
  containerConfig: containerConfigSchema.nullable().describe("inspect evidence: what the container ran, environment redacted")
});
var findingSchema = external_exports.object({
  stepId: external_exports.string(),
  severity: external_exports.string(),
  kind: external_exports.string(),
  evidenceId: external_exports.string().nullable(),
  detail: json.describe("what matched and where, redacted"),
  createdAt: iso
});
var signedHeadSchema = external_exports.object({
  seq: external_exports.number().int().describe("records the checkpoint pins"),
  hash: external_exports.string().describe("hex SHA-256 of record seq"),
  signature: external_exports.string().describe("base64(key hash \u2016 ed25519 signature), as in the note"),
  keyFingerprint: external_exports.string().describe("first 16 hex of SHA-256 of the raw public key"),
  reason: external_exports.string(),
  signedAt: iso,
  note: external_exports.string().describe("the whole C2SP signed note: keep it elsewhere to anchor the chain")
});
var custodySummarySchema = external_exports.object({
  ok: external_exports.boolean(),
  records: external_exports.number().int(),
  headHash: external_exports.string().nullable(),
  artifacts: external_exports.number().int().describe("distinct evidence files re-hashed"),
  checkpoints: external_exports.number().int(),
  problems: external_exports.array(external_exports.object({ seq: external_exports.number().int().nullable(), kind: external_exports.string(), message: external_exports.string() })),
  signedHead: signedHeadSchema.nullable().describe("the newest signed checkpoint")
});
var reviewSchema = external_exports.object({
  rootCause: external_exports.string().nullable(),
  wentWell: external_exports.string().nullable(),
  toChange: external_exports.string().nullable(),
  controls: external_exports.string().nullable().describe("controls to update"),
  updatedAt: iso.nullable(),
  updatedBy: external_exports.string().nullable()
});
var reportSchema = external_exports.object({
  format: external_exports.literal(REPORT_FORMAT),
  generatedAt: iso,
  generatedBy: external_exports.string(),
  incident: external_exports.object({
    id: external_exports.string(),
    runbook: external_exports.string(),
    runbookFile: external_exports.string(),
    target: external_exports.string().nullable(),
    severity: external_exports.string(),
    status: external_exports.string(),
    phase: external_exports.string().nullable(),
    initiator: external_exports.string(),
    openedAt: iso,
    closedAt: iso.nullable(),
    alert: external_exports.object({ source: external_exports.string().nullable(), rule: external_exports.string().nullable(), summary: external_exports.string().nullable() }).nullable(),
    inputs: external_exports.record(external_exports.string(), json).describe("run inputs, redacted")
  }),
  involved: external_exports.array(external_exports.object({ actor: external_exports.string(), as: external_exports.array(external_exports.enum(["initiator", "responder", "approver", "custody"])) })),
  sla: slaSchema,
  paging: pagingSchema,
  phases: external_exports.array(phaseBandSchema),
  steps: external_exports.array(stepRunSchema),
  gates: external_exports.array(gateSchema),
  timeline: external_exports.array(timelineEventSchema),
  containment: external_exports.array(containmentActSchema),
  evidence: external_exports.array(evidenceItemSchema),
  findings: external_exports.object({ available: external_exports.boolean().describe("false: this store has no findings table"), items: external_exports.array(findingSchema) }),
  custody: custodySummarySchema,
  review: reviewSchema
}).describe("irctl post-incident report");
function reportJsonSchema() {
  return {
    ...external_exports.toJSONSchema(reportSchema, { target: "draft-2020-12", unrepresentable: "any" }),
    $id: "https://irctl.dev/schemas/report.schema.json",
    title: "irctl post-incident report"
  };
}

// dist/report/model.js
async function buildReport(db, options) {
  const { incidentId } = options;
  const now = options.now ?? /* @__PURE__ */ new Date();
  const incident = getIncident(db, incidentId);
  const entries = listTimeline(db, incidentId);
  const bands = phaseBands(entries);
  const steps = stepRuns(journalFor(db, incidentId), bands);
  const acts = listCustodyActs(db, incidentId, ["contained", "released"]);
  const gates = gatesOf(db, incidentId);
  const report = {
    format: REPORT_FORMAT,
    generatedAt: now.toISOString(),
    generatedBy: options.generatedBy,
    incident: {
      id: incident.id,
      runbook: incident.runbook_name,
      runbookFile: incident.runbook_file,
      target: incident.target,
      severity: incident.severity,
      status: incident.status,
      phase: incident.phase,
      initiator: incident.initiator,
      openedAt: incident.created_at,
      closedAt: incident.finished_at,
      alert: alertOf(incident),
      inputs: redactDeep(parseObject(incident.inputs))
    },
    involved: involved(incident, entries.map((e) => e.actor), gates, custodyActors(db, incidentId)),
    sla: computeSla(incident, bands, steps, acts, now),
    paging: pagingOf(entries),
    phases: bands,
    steps,
    gates,
    timeline: timelineEvents(entries, bands),
    containment: containmentActs(acts),
    evidence: await evidenceItems(options.evidenceDir, listEvidence(db, incidentId)),
    findings: findingItems(db, incidentId),
    custody: await custodySummary(db, incidentId, options.evidenceDir, options.home),
    review: reviewOf(incident)
  };
  return reportSchema.parse(report);
}
function gatesOf(db, incidentId) {
  const { decisions, decided } = approvalHistory(db, incidentId);
  const rounds = [...new Map([...decisions, ...decided].map((row) => [`${row.visit}:${row.step_id}`, { stepId: row.step_id, visit: row.visit }])).values()];
  return rounds.map(({ stepId, visit }) => {
    const gate = decided.find((g) => g.step_id === stepId && g.visit === visit);
    return {
      stepId,
      visit,
      outcome: gate?.outcome ?? null,
      decidedAt: gate?.decided_at ?? null,
      decisions: decisions.filter((d) => d.step_id === stepId && d.visit === visit).map((d) => ({
        actor: d.actor,
        role: d.role,
        decision: d.decision,
        comment: d.comment === null ? null : redactText(d.comment),
        at: d.at,
        via: d.via,
        keyId: d.key_id,
        keyCreatedBy: d.key_created_by
      }))
    };
  });
}
function involved(incident, timelineActors, gates, custodyActors2) {
  const roles = /* @__PURE__ */ new Map();
  const add = (actor, role) => {
    if (!actor)
      return;
    if (!roles.has(actor))
      roles.set(actor, /* @__PURE__ */ new Set());
    roles.get(actor).add(role);
  };
  add(incident.initiator, "initiator");
  timelineActors.forEach((actor) => add(actor, "responder"));
  gates.forEach((gate) => gate.decisions.forEach((decision) => add(decision.actor, "approver")));
  custodyActors2.forEach((actor) => add(actor, "custody"));
  const order = ["initiator", "responder", "approver", "custody"];
  return [...roles].map(([actor, as]) => ({ actor, as: order.filter((role) => as.has(role)) }));
}
function parseObject(text2) {
  if (!text2)
    return {};
  try {
    const parsed = JSON.parse(text2);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
function alertOf(incident) {
  if (!incident.alert)
    return null;
  const alert = parseObject(incident.alert);
  const field2 = (value) => typeof value === "string" ? redactText(value) : null;
  return { source: field2(alert.source), rule: field2(alert.rule), summary: field2(alert.summary) };
}

export {
  reportJsonSchema,
  buildReport
};
