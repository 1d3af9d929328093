import { z } from 'zod';
import { durationSchema } from '../duration.js';

// The runbook language. GitHub-Actions-like so responders already know its shape.
// Defaults are applied here at load, so the compiler and runner never see a missing field.

export const STEP_ID = /^[a-z][a-z0-9_-]{0,62}$/;
const stepId = z.string().regex(STEP_ID, 'expected a step id: lower-case letters, digits, - and _, starting with a letter');

export const severitySchema = z.enum(['critical', 'high', 'medium', 'low']);
export const phaseSchema = z.enum(['containment', 'evidence', 'investigation', 'recovery']);

const inputSchema = z
  .object({
    type: z.enum(['string', 'number', 'boolean']).default('string'),
    required: z.boolean().default(false),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    description: z.string().optional(),
    pattern: z.string().optional().describe('a regular expression the value must match (strings)'),
  })
  .strict();

/** `priority: ">= warning"`, `labels: {severity: critical}`, `output_fields: {...}` — AND within one trigger. */
export const triggerSchema = z
  .object({
    source: z.enum(['falco', 'alertmanager', 'grafana', 'generic', 'docker']),
    rule: z.string().optional().describe('Falco rule, generic rule name'),
    alertname: z.string().optional().describe('Alertmanager / Grafana alertname label'),
    priority: z.string().optional().describe('comparison such as ">= warning" or "critical"'),
    event: z.string().optional().describe('Docker event action: exec_start, start, oom, die, …'),
    labels: z.record(z.string(), z.string()).optional(),
    tags: z.array(z.string()).optional(),
    output_fields: z.record(z.string(), z.string()).optional(),
    if: z.string().optional().describe('an expression over `alert` that must be true'),
    inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    dedupe_window: durationSchema.optional(),
  })
  .strict();

const retrySchema = z
  .object({
    attempts: z.number().int().min(1).max(20).default(1),
    backoff: durationSchema.default('1s'),
    factor: z.number().min(1).max(10).default(2),
  })
  .strict();

// A union rather than a refinement, so the JSON Schema made from it checks the same thing.
const onFailureSchema = z.union([z.enum(['abort', 'continue', 'rollback']), stepId]).describe('abort | continue | rollback | a step id');

const nextSchema = z.union([stepId, z.literal('end'), z.array(z.object({ if: z.string().optional(), goto: z.string() }).strict()).min(1)]);

export const escalationSchema = z
  .object({
    after: durationSchema,
    notify: z.string().describe('who to notify: a role, a person, a channel'),
  })
  .strict();

export const approvalSchema = z
  .object({
    message: z.string().optional(),
    roles: z.array(z.string()).min(1).default(['admin']),
    quorum: z.number().int().min(1).max(10).default(1),
    separate_from_initiator: z.boolean().default(false),
    timeout: durationSchema.optional(),
    on_timeout: z.string().default('abort').describe('abort | continue | a step id'),
    on_reject: z.string().default('abort').describe('abort | continue | rollback | a step id'),
    escalate: z.array(escalationSchema).default([]),
    require_comment: z.boolean().default(false),
  })
  .strict();

const commonStep = {
  id: stepId,
  name: z.string().optional(),
  phase: phaseSchema.optional().describe('defaults to the previous step’s phase (the first defaults to the action’s)'),
  if: z.string().optional().describe('expression; the step is skipped when false'),
  next: nextSchema.optional(),
  on_failure: onFailureSchema.default('abort'),
  timeout: durationSchema.optional(),
};

export const actionStepSchema = z
  .object({
    ...commonStep,
    uses: z.string().describe('an action name, e.g. docker.isolate'),
    with: z.record(z.string(), z.unknown()).default({}),
    auto: z.boolean().default(false).describe('may run without a human when an alert opens the incident'),
    retry: retrySchema.optional(),
  })
  .strict();

export const approvalStepSchema = z
  .object({
    ...commonStep,
    approval: approvalSchema,
  })
  .strict();

export const parallelStepSchema = z
  .object({
    ...commonStep,
    parallel: z.array(actionStepSchema).min(2),
  })
  .strict();

export const stepSchema = z.union([actionStepSchema, approvalStepSchema, parallelStepSchema]);

export const runbookSchema = z
  .object({
    $schema: z.string().optional(),
    apiVersion: z.literal('irctl/v1'),
    kind: z.literal('Runbook'),
    name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'expected a runbook name: lower-case letters, digits and -'),
    description: z.string().optional(),
    severity: severitySchema,
    inputs: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'expected an input name: lower-case letters, digits and _'), inputSchema).default({}),
    triggers: z.array(triggerSchema).default([]),
    steps: z.array(stepSchema).min(1),
  })
  .strict();

export type Runbook = z.output<typeof runbookSchema>;
export type Step = z.output<typeof stepSchema>;
export type ActionStep = z.output<typeof actionStepSchema>;
export type ApprovalStep = z.output<typeof approvalStepSchema>;
export type ParallelStep = z.output<typeof parallelStepSchema>;
export type Trigger = z.output<typeof triggerSchema>;
export type Approval = z.output<typeof approvalSchema>;

export const isApprovalStep = (step: Step): step is ApprovalStep => 'approval' in step;
export const isParallelStep = (step: Step): step is ParallelStep => 'parallel' in step;
export const isActionStep = (step: Step): step is ActionStep => 'uses' in step;
