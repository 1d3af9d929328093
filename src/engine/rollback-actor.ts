import { fromPromise } from 'xstate';
import { findAction } from '../actions/registry.js';
import type { JsonValue } from '../actions/contract.js';
import { buildActionContext } from './action-context.js';
import { stepPhases, type RollbackInput } from './compile.js';
import type { EngineDeps } from './deps.js';
import { addTimeline } from './incidents.js';
import { journalFor } from './journal.js';

/**
 * Roll back: run the `undo` of every finished step of the failed step's phase that has one,
 * newest first, each recorded on the timeline. A failed recovery leaves things as they were
 * before recovery began: containment of earlier phases stays in place. Safe to restart after a
 * crash: an undo already recorded is not run twice.
 */
export function makeRollback(deps: EngineDeps) {
  return fromPromise<void, RollbackInput>(async ({ input, signal }) => {
    addTimeline(deps.db, input.incidentId, 'rollback_started', { detail: { failed_step: input.failedStepId ?? null } });
    const undone = new Set(
      (
        deps.db.prepare("SELECT step_id, detail FROM timeline WHERE incident_id = ? AND kind = 'step_undone'").all(input.incidentId) as {
          step_id: string;
          detail: string;
        }[]
      ).map((row) => `${row.step_id}#${(JSON.parse(row.detail) as { attempt: number }).attempt}`),
    );
    const phases = stepPhases(deps.runbook);
    const phaseOf = (stepId: string) => phases.get(stepId) ?? phases.get(parentOf(deps, stepId) ?? '');
    const failedPhase = input.failedStepId ? phaseOf(input.failedStepId) : undefined;
    const finished = journalFor(deps.db, input.incidentId)
      .filter((row) => row.status === 'finished' && row.action && (failedPhase === undefined || phaseOf(row.step_id) === failedPhase))
      .reverse();
    for (const row of finished) {
      const action = findAction(row.action!);
      if (!action?.undo || undone.has(`${row.step_id}#${row.attempt}`)) continue;
      const params = action.params.parse(JSON.parse(row.params ?? '{}'));
      const outputs = JSON.parse(row.outputs ?? '{}') as Record<string, JsonValue>;
      const ctx = buildActionContext({
        services: deps.services,
        log: deps.log,
        params,
        incidentId: input.incidentId,
        stepId: row.step_id,
        attempt: row.attempt,
        actor: deps.runAs,
        signal,
      });
      try {
        await action.undo(ctx, { kind: 'done', summary: row.summary ?? '', outputs });
        addTimeline(deps.db, input.incidentId, 'step_undone', { stepId: row.step_id, detail: { action: action.name, attempt: row.attempt } });
        deps.observer.stepUndone?.(row.step_id, action.name);
      } catch (error) {
        addTimeline(deps.db, input.incidentId, 'undo_failed', {
          stepId: row.step_id,
          detail: { action: action.name, attempt: row.attempt, error: (error as Error).message },
        });
        deps.observer.stepUndone?.(row.step_id, action.name, (error as Error).message);
      }
    }
    addTimeline(deps.db, input.incidentId, 'rollback_finished');
  });
}

/** The parallel group a branch step belongs to (branches take their group's phase). */
function parentOf(deps: EngineDeps, stepId: string): string | undefined {
  return deps.runbook.steps.find((step) => 'parallel' in step && step.parallel.some((branch) => branch.id === stepId))?.id;
}
