import {
  computeSla,
  phaseBands,
  redactDeep,
  redactEnvEntry,
  redactText,
  stepRuns,
  timelineEvents
} from "./chunk-JMMGUXVQ.js";
import {
  verifyCustody
} from "./chunk-KT6XSSTL.js";
import {
  reviewOf
} from "./chunk-DSDNAXDN.js";
import {
  approvalHistory,
  journalFor
} from "./chunk-OGRVB2BJ.js";
import {
  listCheckpoints
} from "./chunk-JOVG2KOV.js";
import {
  listEvidence,
  verifyEvidenceFile
} from "./chunk-NTHYNA2H.js";
import {
  listFindings
} from "./chunk-VMLQRVIN.js";
import {
  custodyActors,
  listCustodyActs
} from "./chunk-72I7VOGQ.js";
import {
  getIncident,
  listTimeline
} from "./chunk-GCLPYPTX.js";

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
import { z } from "zod";
var REPORT_FORMAT = "irctl-report/1";
var iso = z.string().describe("UTC time, ISO 8601 with milliseconds");
var ms = z.number().int().nonnegative().describe("milliseconds");
var json = z.json();
var slaStateSchema = z.enum(["met", "breached", "pending"]);
var slaSchema = z.object({
  severity: z.string(),
  budgetMs: ms.describe("the response SLA for the severity: critical 4 h, high 24 h, medium 1 week, low 1 month"),
  budget: z.string().describe('the budget, for people: "4 h"'),
  deadline: iso,
  state: slaStateSchema.describe("met: resolved within the budget \xB7 breached: resolved late, or unresolved past the deadline \xB7 pending: unresolved, deadline ahead"),
  resolvedAt: iso.nullable().describe("recovery phase finished, else the incident closed as succeeded"),
  timeToResolveMs: ms.nullable(),
  containedAt: iso.nullable(),
  containedBy: z.string().nullable().describe("what marked containment: custody record N (contained), or step S finished"),
  timeToContainMs: ms.nullable(),
  recoveredAt: iso.nullable(),
  timeToRecoverMs: ms.nullable()
});
var pagingSchema = z.object({
  acknowledgements: z.array(z.object({ at: iso, actor: z.string(), comment: z.string().nullable() })),
  escalations: z.array(z.object({
    at: iso,
    source: z.enum(["oncall", "gate"]).describe("oncall: the incident's page climbing the ladder; gate: a gate's own escalate"),
    stepId: z.string().nullable(),
    notify: z.array(z.string()),
    level: z.number().int().nullable()
  })).describe("escalations sent"),
  slaAtRiskAt: iso.nullable().describe("when 75 % of the SLA was gone without recovery"),
  slaBreachedAt: iso.nullable(),
  failedNotifications: z.array(z.object({ at: iso, event: z.string(), channel: z.string(), error: z.string() })).describe("messages that could not be delivered after every retry")
}).describe("paging: escalations sent, acknowledgements, SLA marks, failed notifications");
var timelineCategorySchema = z.enum([
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
var timelineEventSchema = z.object({
  seq: z.number().int(),
  at: iso,
  kind: z.string().describe("the engine timeline kind: alert_received, step_started, approval, escalated, \u2026"),
  category: timelineCategorySchema,
  phase: z.string().nullable().describe("the phase the incident was in"),
  stepId: z.string().nullable(),
  actor: z.string().nullable(),
  summary: z.string().describe("one sentence, redacted"),
  comment: z.string().nullable().describe("an approver's comment, redacted"),
  durationMs: ms.nullable()
});
var phaseBandSchema = z.object({ phase: z.string(), startedAt: iso, endedAt: iso.nullable() });
var stepRunSchema = z.object({
  stepId: z.string(),
  attempt: z.number().int(),
  action: z.string().nullable(),
  phase: z.string().nullable(),
  status: z.string().describe("started | finished | failed | skipped | interrupted | undone"),
  startedAt: iso,
  endedAt: iso.nullable(),
  durationMs: ms.nullable(),
  summary: z.string().nullable(),
  error: z.string().nullable()
});
var gateSchema = z.object({
  stepId: z.string(),
  visit: z.number().int().min(1).describe("which arrival at the gate: a run that loops back through it decides it again"),
  outcome: z.string().nullable().describe("approved | rejected | timed_out, null while open"),
  decidedAt: iso.nullable(),
  decisions: z.array(z.object({
    actor: z.string(),
    role: z.string().nullable(),
    decision: z.string(),
    comment: z.string().nullable(),
    at: iso,
    via: z.string().nullable().describe("how the decision came in: cli (no key) | api-key | console (signed in with a key) | insecure-no-auth; null: recorded before irctl kept it"),
    keyId: z.string().nullable().describe("the API key it came through (its id, never the key); null: no key"),
    keyCreatedBy: z.string().nullable().describe("who made that key: a quorum counts them and the key holder as one person")
  }))
});
var containmentActSchema = z.object({
  seq: z.number().int().describe("custody record"),
  at: iso,
  kind: z.enum(["taken", "undone"]),
  actor: z.string(),
  action: z.string().nullable(),
  subject: z.string().describe("the container id"),
  host: z.string().nullable()
});
var containerConfigSchema = z.object({
  image: z.string().nullable(),
  command: z.array(z.string()),
  env: z.array(z.string()).describe("NAME=\u2039redacted\u203A: names only, values never shown")
});
var evidenceItemSchema = z.object({
  evidenceId: z.string(),
  name: z.string(),
  kind: z.string(),
  mediaType: z.string(),
  size: z.number().int().nonnegative().describe("bytes"),
  sha256: z.string().nullable(),
  capturedAt: iso,
  capturedBy: z.string(),
  stepId: z.string(),
  subject: z.string(),
  status: z.enum(["complete", "incomplete"]),
  verification: z.enum(["ok", "modified", "missing", "incomplete"]).describe("the file re-hashed when the report was written"),
  error: z.string().nullable(),
  containerConfig: containerConfigSchema.nullable().describe("inspect evidence: what the container ran, environment redacted")
});
var findingSchema = z.object({
  stepId: z.string(),
  severity: z.string(),
  kind: z.string(),
  evidenceId: z.string().nullable(),
  detail: json.describe("what matched and where, redacted"),
  createdAt: iso
});
var signedHeadSchema = z.object({
  seq: z.number().int().describe("records the checkpoint pins"),
  hash: z.string().describe("hex SHA-256 of record seq"),
  signature: z.string().describe("base64(key hash \u2016 ed25519 signature), as in the note"),
  keyFingerprint: z.string().describe("first 16 hex of SHA-256 of the raw public key"),
  reason: z.string(),
  signedAt: iso,
  note: z.string().describe("the whole C2SP signed note: keep it elsewhere to anchor the chain")
});
var custodySummarySchema = z.object({
  ok: z.boolean(),
  records: z.number().int(),
  headHash: z.string().nullable(),
  artifacts: z.number().int().describe("distinct evidence files re-hashed"),
  checkpoints: z.number().int(),
  problems: z.array(z.object({ seq: z.number().int().nullable(), kind: z.string(), message: z.string() })),
  signedHead: signedHeadSchema.nullable().describe("the newest signed checkpoint")
});
var reviewSchema = z.object({
  rootCause: z.string().nullable(),
  wentWell: z.string().nullable(),
  toChange: z.string().nullable(),
  controls: z.string().nullable().describe("controls to update"),
  updatedAt: iso.nullable(),
  updatedBy: z.string().nullable()
});
var reportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  generatedAt: iso,
  generatedBy: z.string(),
  incident: z.object({
    id: z.string(),
    runbook: z.string(),
    runbookFile: z.string(),
    target: z.string().nullable(),
    severity: z.string(),
    status: z.string(),
    phase: z.string().nullable(),
    initiator: z.string(),
    openedAt: iso,
    closedAt: iso.nullable(),
    alert: z.object({ source: z.string().nullable(), rule: z.string().nullable(), summary: z.string().nullable() }).nullable(),
    inputs: z.record(z.string(), json).describe("run inputs, redacted")
  }),
  involved: z.array(z.object({ actor: z.string(), as: z.array(z.enum(["initiator", "responder", "approver", "custody"])) })),
  sla: slaSchema,
  paging: pagingSchema,
  phases: z.array(phaseBandSchema),
  steps: z.array(stepRunSchema),
  gates: z.array(gateSchema),
  timeline: z.array(timelineEventSchema),
  containment: z.array(containmentActSchema),
  evidence: z.array(evidenceItemSchema),
  findings: z.object({ available: z.boolean().describe("false: this store has no findings table"), items: z.array(findingSchema) }),
  custody: custodySummarySchema,
  review: reviewSchema
}).describe("irctl post-incident report");
function reportJsonSchema() {
  return {
    ...z.toJSONSchema(reportSchema, { target: "draft-2020-12", unrepresentable: "any" }),
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
