import type { ActionServices } from '../actions/contract.js';
import type { Logger } from '../log.js';
import { isActionStep, isParallelStep, type ActionStep, type Runbook } from '../runbook/schema.js';
import type { Db } from '../store/db.js';
import type { RunObserver } from './observer.js';

/** What the engine's actors share for one incident's run. */
export interface EngineDeps {
  db: Db;
  services: ActionServices;
  log: Logger;
  runbook: Runbook;
  runAs: string; // the identity driving the run now (the command's actor; serve: the alert's identity)
  observer: RunObserver;
  /** Escalations and gate notifications go here (webhooks, chat); default: timeline only. */
  notify?(event: { kind: string; incidentId: string; stepId: string; detail: Record<string, unknown> }): void;
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
