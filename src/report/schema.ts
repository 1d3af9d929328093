import { z } from 'zod';

// The report model. The JSON report IS this model, and docs/report.schema.json is generated from
// it, so tooling reading the JSON and the writers rendering Markdown and HTML see the same thing.

export const REPORT_FORMAT = 'irctl-report/1';

const iso = z.string().describe('UTC time, ISO 8601 with milliseconds');
const ms = z.number().int().nonnegative().describe('milliseconds');
const json = z.json();

export const slaStateSchema = z.enum(['met', 'breached', 'pending']);

export const slaSchema = z.object({
  severity: z.string(),
  budgetMs: ms.describe('the response SLA for the severity: critical 4 h, high 24 h, medium 1 week, low 1 month'),
  budget: z.string().describe('the budget, for people: "4 h"'),
  deadline: iso,
  state: slaStateSchema.describe(
    'met: resolved within the budget · breached: resolved late, or unresolved past the deadline · pending: unresolved, deadline ahead',
  ),
  resolvedAt: iso.nullable().describe('recovery phase finished, else the incident closed as succeeded'),
  timeToResolveMs: ms.nullable(),
  containedAt: iso.nullable(),
  containedBy: z.string().nullable().describe('what marked containment: custody record N (contained), or step S finished'),
  timeToContainMs: ms.nullable(),
  recoveredAt: iso.nullable(),
  timeToRecoverMs: ms.nullable(),
});

export const pagingSchema = z
  .object({
    acknowledgements: z.array(z.object({ at: iso, actor: z.string(), comment: z.string().nullable() })),
    escalations: z
      .array(
        z.object({
          at: iso,
          source: z.enum(['oncall', 'gate']).describe("oncall: the incident's page climbing the ladder; gate: a gate's own escalate"),
          stepId: z.string().nullable(),
          notify: z.array(z.string()),
          level: z.number().int().nullable(),
        }),
      )
      .describe('escalations sent'),
    slaAtRiskAt: iso.nullable().describe('when 75 % of the SLA was gone without recovery'),
    slaBreachedAt: iso.nullable(),
    failedNotifications: z
      .array(z.object({ at: iso, event: z.string(), channel: z.string(), error: z.string() }))
      .describe('messages that could not be delivered after every retry'),
  })
  .describe('paging: escalations sent, acknowledgements, SLA marks, failed notifications');

export const timelineCategorySchema = z.enum([
  'alert',
  'incident',
  'phase',
  'step',
  'approval',
  'escalation',
  'failure',
  'rollback',
  'evidence',
  'review',
  'other',
]);

export const timelineEventSchema = z.object({
  seq: z.number().int(),
  at: iso,
  kind: z.string().describe('the engine timeline kind: alert_received, step_started, approval, escalated, …'),
  category: timelineCategorySchema,
  phase: z.string().nullable().describe('the phase the incident was in'),
  stepId: z.string().nullable(),
  actor: z.string().nullable(),
  summary: z.string().describe('one sentence, redacted'),
  comment: z.string().nullable().describe("an approver's comment, redacted"),
  durationMs: ms.nullable(),
});

export const phaseBandSchema = z.object({ phase: z.string(), startedAt: iso, endedAt: iso.nullable() });

export const stepRunSchema = z.object({
  stepId: z.string(),
  attempt: z.number().int(),
  action: z.string().nullable(),
  phase: z.string().nullable(),
  status: z.string().describe('started | finished | failed | skipped | interrupted | undone'),
  startedAt: iso,
  endedAt: iso.nullable(),
  durationMs: ms.nullable(),
  summary: z.string().nullable(),
  error: z.string().nullable(),
});

export const gateSchema = z.object({
  stepId: z.string(),
  visit: z.number().int().min(1).describe('which arrival at the gate: a run that loops back through it decides it again'),
  outcome: z.string().nullable().describe('approved | rejected | timed_out, null while open'),
  decidedAt: iso.nullable(),
  decisions: z.array(
    z.object({
      actor: z.string(),
      role: z.string().nullable(),
      decision: z.string(),
      comment: z.string().nullable(),
      at: iso,
      via: z
        .string()
        .nullable()
        .describe('how the decision came in: cli (no key) | api-key | console (signed in with a key) | insecure-no-auth; null: recorded before irctl kept it'),
      keyId: z.string().nullable().describe('the API key it came through (its id, never the key); null: no key'),
      keyCreatedBy: z.string().nullable().describe('who made that key: a quorum counts them and the key holder as one person'),
    }),
  ),
});

export const containmentActSchema = z.object({
  seq: z.number().int().describe('custody record'),
  at: iso,
  kind: z.enum(['taken', 'undone']),
  actor: z.string(),
  action: z.string().nullable(),
  subject: z.string().describe('the container id'),
  host: z.string().nullable(),
});

export const containerConfigSchema = z.object({
  image: z.string().nullable(),
  command: z.array(z.string()),
  env: z.array(z.string()).describe('NAME=‹redacted›: names only, values never shown'),
});

export const evidenceItemSchema = z.object({
  evidenceId: z.string(),
  name: z.string(),
  kind: z.string(),
  mediaType: z.string(),
  size: z.number().int().nonnegative().describe('bytes'),
  sha256: z.string().nullable(),
  capturedAt: iso,
  capturedBy: z.string(),
  stepId: z.string(),
  subject: z.string(),
  status: z.enum(['complete', 'incomplete']),
  verification: z.enum(['ok', 'modified', 'missing', 'incomplete']).describe('the file re-hashed when the report was written'),
  error: z.string().nullable(),
  containerConfig: containerConfigSchema.nullable().describe('inspect evidence: what the container ran, environment redacted'),
});

export const findingSchema = z.object({
  stepId: z.string(),
  severity: z.string(),
  kind: z.string(),
  evidenceId: z.string().nullable(),
  detail: json.describe('what matched and where, redacted'),
  createdAt: iso,
});

export const signedHeadSchema = z.object({
  seq: z.number().int().describe('records the checkpoint pins'),
  hash: z.string().describe('hex SHA-256 of record seq'),
  signature: z.string().describe('base64(key hash ‖ ed25519 signature), as in the note'),
  keyFingerprint: z.string().describe('first 16 hex of SHA-256 of the raw public key'),
  reason: z.string(),
  signedAt: iso,
  note: z.string().describe('the whole C2SP signed note: keep it elsewhere to anchor the chain'),
});

export const custodySummarySchema = z.object({
  ok: z.boolean(),
  records: z.number().int(),
  headHash: z.string().nullable(),
  artifacts: z.number().int().describe('distinct evidence files re-hashed'),
  checkpoints: z.number().int(),
  problems: z.array(z.object({ seq: z.number().int().nullable(), kind: z.string(), message: z.string() })),
  warnings: z.array(z.string()).describe('what is not a break but weakens the result, e.g. records no signed checkpoint pins'),
  signedHead: signedHeadSchema.nullable().describe('the newest signed checkpoint'),
});

export const reviewSchema = z.object({
  rootCause: z.string().nullable(),
  wentWell: z.string().nullable(),
  toChange: z.string().nullable(),
  controls: z.string().nullable().describe('controls to update'),
  updatedAt: iso.nullable(),
  updatedBy: z.string().nullable(),
});

export const reportSchema = z
  .object({
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
      inputs: z.record(z.string(), json).describe('run inputs, redacted'),
    }),
    involved: z.array(z.object({ actor: z.string(), as: z.array(z.enum(['initiator', 'responder', 'approver', 'custody'])) })),
    sla: slaSchema,
    paging: pagingSchema,
    phases: z.array(phaseBandSchema),
    steps: z.array(stepRunSchema),
    gates: z.array(gateSchema),
    timeline: z.array(timelineEventSchema),
    containment: z.array(containmentActSchema),
    evidence: z.array(evidenceItemSchema),
    findings: z.object({ available: z.boolean().describe('false: this store has no findings table'), items: z.array(findingSchema) }),
    custody: custodySummarySchema,
    review: reviewSchema,
  })
  .describe('irctl post-incident report');

export type Report = z.output<typeof reportSchema>;
export type TimelineEvent = z.output<typeof timelineEventSchema>;
export type PhaseBand = z.output<typeof phaseBandSchema>;
export type StepRun = z.output<typeof stepRunSchema>;
export type Sla = z.output<typeof slaSchema>;
export type Paging = z.output<typeof pagingSchema>;
export type EvidenceItem = z.output<typeof evidenceItemSchema>;
export type Review = z.output<typeof reviewSchema>;
export type ContainmentAct = z.output<typeof containmentActSchema>;
export type Gate = z.output<typeof gateSchema>;
export type CustodySummary = z.output<typeof custodySummarySchema>;

/** The published JSON Schema of the JSON report (docs/report.schema.json). */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(reportSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>),
    $id: 'https://irctl.dev/schemas/report.schema.json',
    title: 'irctl post-incident report',
  };
}
