import { getIncident, listTimeline, type IncidentRow } from '../engine/incidents.js';
import { journalFor } from '../engine/journal.js';
import { approvalHistory } from '../engine/approvals.js';
import { listEvidence } from '../evidence/records.js';
import type { Db } from '../store/db.js';
import { reviewOf } from './annotations.js';
import { containmentActs, reportCustody } from './model-custody.js';
import { evidenceItems, findingItems } from './model-evidence.js';
import { computeSla } from './model-sla.js';
import { pagingOf } from './model-paging.js';
import { phaseBands, stepRuns, timelineEvents } from './model-timeline.js';
import { redactDeep, redactText } from './redact.js';
import { REPORT_FORMAT, reportSchema, type Gate, type Report } from './schema.js';

export interface BuildReportOptions {
  incidentId: string;
  evidenceDir: string;
  home: string; // state directory: the signing key checkpoints are checked with
  generatedBy: string;
  now?: Date;
}

/**
 * Read everything the store knows about one incident into the report model. Reading only: the
 * evidence files are re-hashed and the chain re-derived, so the report states what holds now.
 */
export async function buildReport(db: Db, options: BuildReportOptions): Promise<Report> {
  const { incidentId } = options;
  const now = options.now ?? new Date();
  const incident = getIncident(db, incidentId);
  const entries = listTimeline(db, incidentId);
  const bands = phaseBands(entries);
  const steps = stepRuns(journalFor(db, incidentId), bands);
  // the chain is walked once, by verify, which also hands back the containment acts and who recorded
  const custody = await reportCustody(db, incidentId, options.evidenceDir, options.home);
  const acts = custody.acts;
  const gates = gatesOf(db, incidentId);

  const report: Report = {
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
      inputs: redactDeep(parseObject(incident.inputs)),
    },
    involved: involved(
      incident,
      entries.map((e) => e.actor),
      gates,
      custody.actors,
    ),
    sla: computeSla(incident, bands, steps, acts, now),
    paging: pagingOf(entries),
    phases: bands,
    steps,
    gates,
    timeline: timelineEvents(entries, bands),
    containment: containmentActs(acts),
    evidence: await evidenceItems(options.evidenceDir, listEvidence(db, incidentId)),
    findings: findingItems(db, incidentId),
    custody: custody.summary,
    review: reviewOf(incident),
  };
  // the writers trust the model: check it against the published schema once, here
  return reportSchema.parse(report);
}

function gatesOf(db: Db, incidentId: string): Gate[] {
  const { decisions, decided } = approvalHistory(db, incidentId);
  // one entry per visit: a run that loops back through a gate decides it again, each round on its own
  const rounds = [...new Map([...decisions, ...decided].map((row) => [`${row.visit}:${row.step_id}`, { stepId: row.step_id, visit: row.visit }])).values()];
  return rounds.map(({ stepId, visit }) => {
    const gate = decided.find((g) => g.step_id === stepId && g.visit === visit);
    return {
      stepId,
      visit,
      outcome: gate?.outcome ?? null,
      decidedAt: gate?.decided_at ?? null,
      decisions: decisions
        .filter((d) => d.step_id === stepId && d.visit === visit)
        .map((d) => ({
          actor: d.actor,
          role: d.role,
          decision: d.decision,
          comment: d.comment === null ? null : redactText(d.comment),
          at: d.at,
          via: d.via,
          keyId: d.key_id,
          keyCreatedBy: d.key_created_by,
        })),
    };
  });
}

type Role = Report['involved'][number]['as'][number];

/** Everyone who appears anywhere, in order of first appearance, with how they took part. */
function involved(incident: IncidentRow, timelineActors: (string | null)[], gates: Gate[], custodyActors: string[]): Report['involved'] {
  const roles = new Map<string, Set<Role>>();
  const add = (actor: string | null, role: Role) => {
    if (!actor) return;
    if (!roles.has(actor)) roles.set(actor, new Set());
    roles.get(actor)!.add(role);
  };
  add(incident.initiator, 'initiator');
  timelineActors.forEach((actor) => add(actor, 'responder'));
  gates.forEach((gate) => gate.decisions.forEach((decision) => add(decision.actor, 'approver')));
  custodyActors.forEach((actor) => add(actor, 'custody'));
  const order: Role[] = ['initiator', 'responder', 'approver', 'custody'];
  return [...roles].map(([actor, as]) => ({ actor, as: order.filter((role) => as.has(role)) }));
}

function parseObject(text: string | null): Record<string, NonNullable<Report['incident']['inputs'][string]>> {
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, never>) : {};
  } catch {
    return {};
  }
}

function alertOf(incident: IncidentRow): Report['incident']['alert'] {
  if (!incident.alert) return null;
  const alert = parseObject(incident.alert) as Record<string, unknown>;
  const field = (value: unknown) => (typeof value === 'string' ? redactText(value) : null);
  return { source: field(alert.source), rule: field(alert.rule), summary: field(alert.summary) };
}
