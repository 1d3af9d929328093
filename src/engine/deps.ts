import type { ActionServices } from '../actions/contract.js';
import type { IncidentScope } from '../docker/scope.js';
import type { Logger } from '../log.js';
import { isActionStep, isParallelStep, type ActionStep, type Runbook } from '../runbook/schema.js';
import type { Db } from '../store/db.js';
import type { RunObserver } from './observer.js';
import type { Clock } from './wakeups.js';

/** Every moment of an incident's life that people are told about (src/server/notify.ts delivers them). */
export const LIFECYCLE_KINDS = [
  'opened',
  'contained',
  'gate_waiting',
  'escalated',
  'acknowledged',
  'approved',
  'rejected',
  'timed_out',
  'human_needed',
  'decision_needed',
  'failed',
  'aborted',
  'rolled_back',
  'released',
  'closed',
  'sla_at_risk',
  'sla_breached',
] as const;
export type LifecycleKind = (typeof LIFECYCLE_KINDS)[number];

export interface LifecycleEvent {
  kind: LifecycleKind;
  incidentId: string;
  stepId?: string;
  detail?: Record<string, unknown>;
  /** On-call contacts (or gate escalation targets) this event is addressed to; default: the default channels. */
  to?: string[];
}

/** What the engine's actors share for one incident's run. */
export interface EngineDeps {
  db: Db;
  services: ActionServices;
  log: Logger;
  runbook: Runbook;
  runAs: string; // the identity driving the run now (the command's actor; serve: the alert's identity)
  /** An alert-opened incident's scope (recorded when it opened): steps act only on containers inside it. */
  scope?: IncidentScope;
  observer: RunObserver;
  /** Lifecycle events go here (webhooks, chat); default: timeline only. */
  notify?(event: LifecycleEvent): void;
  /** Time for gates and deadlines; default the system clock (tests pass fake time). */
  clock?: Clock;
  /** Run a step's work when its phase has a free slot (serve: containment never waits behind other work). */
  admit?<T>(stepId: string, work: () => Promise<T>): Promise<T>;
  /** Step runs still settling; the runner waits for them before it lets the store close. */
  inflight: Set<Promise<unknown>>;
}

/** Every action step by id, including the branches of parallel groups. */
export function actionStepsById(runbook: Runbook): Map<string, ActionStep> {
  const steps = new Map<string, ActionStep>();
  for (const step of runbook.steps) {
    if (isActionStep(step)) steps.set(step.id, step);
    if (isParallelStep(step)) for (const branch of step.parallel) steps.set(branch.id, branch);
  }
  return steps;
}
