import { setLongTimeout, sleep } from '../long-timers.js';
import { fromPromise } from 'xstate';
import type { ActionDefinition } from '../actions/contract.js';
import { findAction } from '../actions/registry.js';
import { OutOfScopeError } from '../docker/scope.js';
import { appendCustody } from '../custody/ledger.js';
import { ActionFailedError, IrctlError, isResumableFault, isStoreDiskFailure, StoreDiskError, storeDiskError, WaitingError } from '../errors.js';
import { evaluate, interpolate, isTruthy } from '../runbook/expressions.js';
import { parseDuration } from '../duration.js';
import type { ActionStep } from '../runbook/schema.js';
import { buildActionContext } from './action-context.js';
import type { StepInput, StepResult } from './compile.js';
import { cancelDeadlines, ensureDeadline } from './deadlines.js';
import { actionStepsById, type EngineDeps } from './deps.js';
import { addTimeline, awaitsHuman } from './incidents.js';
import { failedAttempts, lastAttempt, recordEnd, recordStart, takeDecision } from './journal.js';
import { decisionHint, stepsReadingOutputs } from './skip-rule.js';
import { wakeupsFor } from './wakeups.js';
import { writeDurably, writeUnsynced } from '../store/db.js';

/**
 * The engine's deps, plus the runner's stop signal (a step cut off by it ends as interrupted, not
 * failed) and where a step reports a fault of its surroundings (engine gone, evidence disk full):
 * the runner stops there, resumable, instead of routing the step's failure.
 */
type StepDeps = EngineDeps & { stop?: AbortSignal; fault?: StepFaultHandler };
export type StepFaultHandler = (stepId: string, error: IrctlError) => void;

const parseJson = (text: string | null): Record<string, unknown> => (text ? (JSON.parse(text) as Record<string, unknown>) : {});

/**
 * The one generic step actor. Before acting it asks the journal: a step already finished in this
 * visit returns its recorded outputs (XState re-invokes running steps on restore); a step
 * interrupted mid-run runs again only if its action is idempotent or a human said retry.
 */
export function makeRunStep(deps: EngineDeps, stop?: AbortSignal, fault?: StepFaultHandler) {
  const steps = actionStepsById(deps.runbook);
  return fromPromise<StepResult, StepInput>(({ input, signal }) => {
    // a store write refused by its disk anywhere in the step stops the run, before the rejection can route on_failure
    const running = runStep({ ...deps, stop, fault }, steps, input, signal).catch((error: unknown) => {
      throw asStoreFault({ ...deps, fault }, input, error);
    });
    deps.inflight.add(running);
    void running.catch(() => undefined).finally(() => deps.inflight.delete(running));
    return running;
  });
}

/** A store write its disk refused (full, failing): reported to the runner as a fault, once, and thrown as one. */
function asStoreFault(deps: StepDeps, input: StepInput, error: unknown): unknown {
  if (!isStoreDiskFailure(error)) return error;
  const fault = storeDiskError(error, deps.db.name, input.incidentId);
  deps.fault?.(input.stepId, fault);
  return fault;
}

async function runStep(deps: StepDeps, steps: Map<string, ActionStep>, input: StepInput, signal: AbortSignal): Promise<StepResult> {
  const step = steps.get(input.stepId);
  if (!step) throw new ActionFailedError(`step "${input.stepId}" is not in the runbook`);
  const action = findAction(step.uses);
  if (!action) throw new ActionFailedError(`step "${step.id}" uses unknown action "${step.uses}"`);

  const replay = replayFromJournal(deps, input, action);
  if (replay) return replay;
  if (!step.auto || !action.auto) await waitForHuman(deps, input, step.uses, signal);

  if (step.if !== undefined && !isTruthy(evaluate(step.if, input.scope))) {
    const attempt = recordStart(deps.db, { incidentId: input.incidentId, stepId: step.id, visit: input.visit, action: action.name, params: null });
    const result: StepResult = { outcome: 'skipped', outputs: {}, summary: `condition false: ${step.if}` };
    recordEnd(deps.db, { incidentId: input.incidentId, stepId: step.id, attempt }, { status: 'skipped', summary: result.summary, outputs: {} });
    addTimeline(deps.db, input.incidentId, 'step_skipped', { stepId: step.id, detail: { reason: result.summary } });
    deps.observer.stepFinished?.(step.id, result, 0);
    return result;
  }
  // only the acting takes a slot (serve's pool): replays and waits for a human take none
  const act = () => runWithRetries(deps, input, step, action, signal);
  return deps.admit ? deps.admit(step.id, act) : act();
}

/**
 * An incident opened by an alert runs only steps marked `auto` (whose action allows it) on its own;
 * at the first other step it waits until a human takes over (`irctl resume`, an approval, the API).
 */
async function waitForHuman(deps: EngineDeps, input: StepInput, action: string, signal: AbortSignal): Promise<void> {
  // An approved gate is a human taking over too: after it, the run no longer waits here.
  const autoOnly = () => awaitsHuman(deps.db, input.incidentId);
  if (!autoOnly()) return;
  addTimeline(deps.db, input.incidentId, 'human_needed', { stepId: input.stepId, detail: { action } });
  deps.observer.humanNeeded?.(input.stepId, action);
  deps.notify?.({ kind: 'human_needed', incidentId: input.incidentId, stepId: input.stepId, detail: { action } });
  // woken by a takeover or an approval in this process, or another process's commit (wakeups.ts)
  const waiter = wakeupsFor(deps.db, deps.clock).subscribe(input.incidentId);
  try {
    while (autoOnly()) await waiter.next(signal);
  } finally {
    waiter.close();
  }
}

function replayFromJournal(deps: EngineDeps, input: StepInput, action: ActionDefinition): StepResult | undefined {
  const last = lastAttempt(deps.db, input.incidentId, input.stepId, input.visit);
  if (!last) return undefined;
  const key = { incidentId: input.incidentId, stepId: input.stepId, attempt: last.attempt };
  switch (last.status) {
    case 'finished':
      return { outcome: 'done', outputs: parseJson(last.outputs), summary: last.summary ?? undefined };
    case 'skipped':
      return { outcome: 'skipped', outputs: parseJson(last.outputs), summary: last.summary ?? undefined };
    case 'started':
    case 'interrupted': {
      // 'interrupted': stopped by Ctrl-C, which journaled the end itself; same rules as a crash
      const decision = takeDecision(deps.db, input.incidentId, input.stepId);
      if (decision?.decision === 'skip') {
        const summary = `skipped by ${decision.actor} after an interrupted run`;
        recordEnd(deps.db, key, { status: 'skipped', summary, outputs: {} });
        addTimeline(deps.db, input.incidentId, 'step_skipped', { stepId: input.stepId, actor: decision.actor, detail: { reason: summary } });
        return { outcome: 'skipped', outputs: {}, summary };
      }
      if (!action.idempotent && !decision) {
        throw new WaitingError(`step "${input.stepId}" (${action.name}) was interrupted and is not safe to repeat`, {
          hint: decisionHint(input.incidentId, input.stepId, stepsReadingOutputs(deps.runbook, input.stepId)),
        });
      }
      if (last.status === 'started') {
        recordEnd(deps.db, key, { status: 'interrupted', error: 'the process stopped during this attempt' });
        addTimeline(deps.db, input.incidentId, 'step_interrupted', {
          stepId: input.stepId,
          detail: { attempt: last.attempt, rerun: decision ? 'by decision' : 'idempotent' },
        });
      }
      return undefined;
    }
    default:
      return undefined; // failed attempts are retried by the retry loop's own count below
  }
}

function failedAttemptsThisVisit(deps: EngineDeps, input: StepInput): number {
  return failedAttempts(deps.db, input.incidentId, input.stepId, input.visit);
}

async function runWithRetries(deps: StepDeps, input: StepInput, step: ActionStep, action: ActionDefinition, signal: AbortSignal): Promise<StepResult> {
  const maxAttempts = step.retry?.attempts ?? 1;
  const timeoutAt = step.timeout
    ? ensureDeadline(deps.db, input.incidentId, step.id, 'step_timeout', `visit-${input.visit}`, Date.now() + parseDuration(step.timeout)).due_at
    : undefined;
  try {
    for (let failures = failedAttemptsThisVisit(deps, input); ;) {
      try {
        // a fault of the surroundings stops the run resumably only once the step's own retries are spent
        return await runOnce(deps, input, step, action, signal, failures + 1 >= maxAttempts, timeoutAt);
      } catch (error) {
        failures++;
        // stopped, not failed: nothing to report or retry; a store that cannot be written is not retried
        if (deps.stop?.aborted || isStoreDiskFailure(error)) throw error;
        const retry = failures < maxAttempts && !signal.aborted && !(error instanceof WaitingError) && !isTimeout(error);
        deps.observer.stepFailed?.(step.id, (error as Error).message, retry);
        if (!retry) throw error;
        const backoff = parseDuration(step.retry!.backoff) * step.retry!.factor ** (failures - 1);
        await sleep(backoff, signal);
      }
    }
  } finally {
    if (step.timeout) cancelDeadlines(deps.db, input.incidentId, step.id, 'step_timeout');
  }
}

class StepTimeoutError extends ActionFailedError {}
const isTimeout = (error: unknown) => error instanceof StepTimeoutError;

async function runOnce(
  deps: StepDeps,
  input: StepInput,
  step: ActionStep,
  action: ActionDefinition,
  outer: AbortSignal,
  lastAttempt: boolean,
  timeoutAt?: number,
): Promise<StepResult> {
  let params: unknown;
  try {
    const resolved = interpolate(step.with, input.scope);
    const parsed = action.params.safeParse(resolved);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(with)'}: ${issue.message}`).join('; ');
      throw new ActionFailedError(`step "${step.id}": parameters for ${action.name} are invalid after resolving expressions: ${problems}`);
    }
    params = parsed.data;
  } catch (error) {
    const attempt = recordStart(deps.db, { incidentId: input.incidentId, stepId: step.id, visit: input.visit, action: action.name, params: null });
    recordEnd(deps.db, { incidentId: input.incidentId, stepId: step.id, attempt }, { status: 'failed', error: (error as Error).message });
    addTimeline(deps.db, input.incidentId, 'step_failed', { stepId: step.id, detail: { error: (error as Error).message } });
    throw error instanceof IrctlError ? error : new ActionFailedError(`step "${step.id}": ${(error as Error).message}`);
  }

  // the journal row and the timeline line in one commit (here and at the end): a step's bookkeeping
  // stands between an alert and isolate; durable before the action runs, synced off the event loop
  const attempt = await writeDurably(deps.db, () => {
    const started = recordStart(deps.db, { incidentId: input.incidentId, stepId: step.id, visit: input.visit, action: action.name, params });
    addTimeline(deps.db, input.incidentId, 'step_started', { stepId: step.id, actor: deps.runAs, detail: { action: action.name, attempt: started } });
    return started;
  });
  const key = { incidentId: input.incidentId, stepId: step.id, attempt };
  deps.observer.stepStarted?.(step.id, action.name, params, attempt);

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onOuterAbort, { once: true });
  if (outer.aborted) onOuterAbort(); // stopped while the start was being synced: the listener came too late
  let cancelTimer: (() => void) | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    if (timeoutAt === undefined) return;
    cancelTimer = setLongTimeout(() => {
      const error = new StepTimeoutError(`step "${step.id}" timed out after ${step.timeout}`);
      controller.abort(error);
      reject(error);
    }, timeoutAt - Date.now());
  });
  timedOut.catch(() => undefined);

  const started = Date.now();
  try {
    controller.signal.throwIfAborted(); // never start an action already cut off: journaled below as interrupted
    const ctx = buildActionContext({
      services: deps.services,
      log: deps.log,
      params,
      incidentId: input.incidentId,
      stepId: step.id,
      attempt,
      visit: input.visit,
      actor: deps.runAs,
      scope: deps.scope,
      signal: controller.signal,
      progress: { update: (done, total, label) => deps.observer.progress?.(step.id, done, total, label) },
    });
    const work = (async () => {
      await action.check?.(ctx);
      return action.run(ctx);
    })();
    const outcome = await Promise.race([work, timedOut]);
    const result: StepResult =
      outcome.kind === 'done'
        ? {
            outcome: 'done',
            outputs: { ...(outcome.outputs ?? {}), ...(outcome.evidenceIds ? { evidence_ids: outcome.evidenceIds } : {}) },
            summary: outcome.summary,
          }
        : { outcome: 'skipped', outputs: {}, summary: outcome.reason };
    // bookkeeping: the act itself was made durable by the action (intent, custody record)
    writeUnsynced(deps.db, () => {
      recordEnd(deps.db, key, { status: outcome.kind === 'done' ? 'finished' : 'skipped', outputs: result.outputs, summary: result.summary });
      addTimeline(deps.db, input.incidentId, outcome.kind === 'done' ? 'step_finished' : 'step_skipped', {
        stepId: step.id,
        actor: deps.runAs,
        detail: { summary: result.summary ?? '', duration_ms: Date.now() - started },
      });
    });
    deps.observer.stepFinished?.(step.id, result, Date.now() - started);
    return result;
  } catch (caught) {
    // the action's or this bookkeeping's store write refused by the store's disk: a fault, at once
    const error = isStoreDiskFailure(caught) ? storeDiskError(caught, deps.db.name, input.incidentId) : caught;
    if (deps.fault && (lastAttempt || error instanceof StoreDiskError) && !deps.stop?.aborted && isResumableFault(error)) {
      // a fault of the surroundings: stop the run here first (before this rejection can route the
      // step's on_failure), then journal the attempt as interrupted with its cause
      deps.fault(step.id, error);
      const reason = `${error.message}${error.hint ? ` (${error.hint})` : ''}`;
      try {
        recordEnd(deps.db, key, { status: 'interrupted', error: reason });
        addTimeline(deps.db, input.incidentId, 'step_interrupted', {
          stepId: step.id,
          actor: deps.runAs,
          detail: { attempt, reason, code: error.code, duration_ms: Date.now() - started },
        });
        appendCustody(deps.db, input.incidentId, {
          act: 'attempt-interrupted',
          actor: deps.runAs,
          subject: step.id,
          how: { action: action.name, step: step.id, attempt },
          details: { code: error.code, cause: error.message },
        });
      } catch (journalError) {
        // the store is full: what did not fit stays out; an attempt left `started` is an interrupted one to resume
        if (!isStoreDiskFailure(journalError)) throw journalError;
      }
      throw error;
    }
    if (deps.stop?.aborted) {
      const reason = `stopped by ${String(deps.stop.reason ?? 'the runner')}; irctl resume continues`;
      recordEnd(deps.db, key, { status: 'interrupted', error: reason });
      addTimeline(deps.db, input.incidentId, 'step_interrupted', {
        stepId: step.id,
        actor: deps.runAs,
        detail: { attempt, reason, duration_ms: Date.now() - started },
      });
      throw error;
    }
    const message = (error as Error)?.message ?? String(error);
    recordEnd(deps.db, key, { status: 'failed', error: message });
    if (error instanceof OutOfScopeError) {
      addTimeline(deps.db, input.incidentId, 'out_of_scope', { stepId: step.id, actor: deps.runAs, detail: { action: action.name, ...error.details } });
    }
    addTimeline(deps.db, input.incidentId, 'step_failed', {
      stepId: step.id,
      actor: deps.runAs,
      detail: { error: message, duration_ms: Date.now() - started },
    });
    throw error;
  } finally {
    cancelTimer?.();
    outer.removeEventListener('abort', onOuterAbort);
  }
}
