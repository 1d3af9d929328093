import type { ActionContext, ActionServices, ProgressReporter } from '../actions/contract.js';
import { custodyAppender } from '../custody/ledger.js';
import type { IncidentScope } from '../docker/scope.js';
import { EvidenceStore } from '../evidence/store.js';
import type { Logger } from '../log.js';

export interface StepContextOptions<P> {
  services: ActionServices;
  log: Logger;
  params: P;
  incidentId: string;
  stepId: string;
  attempt: number;
  /** The visit of the step (default 1: a release or rollback outside the run's loop). */
  visit?: number;
  actor: string;
  /** The incident's recorded scope (alert-opened incidents): every container a step names must be in it. */
  scope?: IncidentScope;
  signal: AbortSignal;
  progress?: ProgressReporter;
}

/** The context one action run receives: ledger and evidence store bound to the incident and step. */
export function buildActionContext<P>(options: StepContextOptions<P>): ActionContext<P> {
  const custody = custodyAppender(options.services.db, options.incidentId);
  return {
    params: options.params,
    incidentId: options.incidentId,
    stepId: options.stepId,
    attempt: options.attempt,
    visit: options.visit ?? 1,
    actor: options.actor,
    ...(options.scope ? { scope: options.scope } : {}),
    services: options.services,
    custody,
    evidence: new EvidenceStore({
      db: options.services.db,
      evidenceDir: options.services.evidenceDir,
      incidentId: options.incidentId,
      stepId: options.stepId,
      actor: options.actor,
      custody,
      signal: options.signal,
    }),
    log: options.log.child({ incidentId: options.incidentId, stepId: options.stepId }),
    signal: options.signal,
    progress: options.progress ?? { update: () => undefined },
  };
}
