import { createActor, fromPromise, waitFor } from 'xstate';
import { findAction } from '../actions/registry.js';
import { evaluate, interpolate, isTruthy, templateReferences } from '../runbook/expressions.js';
import type { Runbook } from '../runbook/schema.js';
import { compileRunbook, stepPhases, type GateInput, type StepInput, type StepResult } from './compile.js';
import { actionStepsById } from './deps.js';

export interface PlannedStep {
  stepId: string;
  phase: string;
  kind: 'action' | 'approval';
  action?: string;
  params?: unknown;
  skipped?: string; // why it would not run
  approval?: { roles: string[]; quorum: number };
}

/**
 * Walk the compiled machine with actors that act on nothing: every step reports the action and
 * the parameters it would run with; gates count as approved. Values that depend on earlier steps'
 * outputs are not known before a real run, so they are shown as their expression.
 */
export async function planRun(runbook: Runbook, inputs: Record<string, unknown>, alert?: unknown): Promise<PlannedStep[]> {
  const steps = actionStepsById(runbook);
  const phases = stepPhases(runbook);
  const phaseOf = (stepId: string) =>
    phases.get(stepId) ?? [...runbook.steps].find((s) => 'parallel' in s && s.parallel.some((b) => b.id === stepId))?.id ?? '';
  const plan: PlannedStep[] = [];
  const dependsOnSteps = (value: unknown): boolean =>
    typeof value === 'string'
      ? templateReferences(value).some((ref) => ref.root === 'steps')
      : Array.isArray(value)
        ? value.some(dependsOnSteps)
        : value !== null && typeof value === 'object'
          ? Object.values(value).some(dependsOnSteps)
          : false;
  const resolve = (value: unknown, scope: object): unknown => {
    if (dependsOnSteps(value) && typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map((item) => resolve(item, scope));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, scope)]));
    return interpolate(value, scope);
  };
  const machine = compileRunbook(runbook).provide({
    actors: {
      runStep: fromPromise<StepResult, StepInput>(async ({ input }) => {
        const step = steps.get(input.stepId)!;
        const entry: PlannedStep = { stepId: step.id, phase: phaseOf(step.id), kind: 'action', action: step.uses, params: resolve(step.with, input.scope) };
        if (step.if !== undefined && !dependsOnSteps(step.if) && !isTruthy(evaluate(step.if, input.scope))) entry.skipped = `condition false: ${step.if}`;
        if (!findAction(step.uses)) entry.skipped = `unknown action ${step.uses}`;
        plan.push(entry);
        return { outcome: entry.skipped ? 'skipped' : 'done', outputs: {} };
      }),
      awaitGate: fromPromise<StepResult, GateInput>(async ({ input }) => {
        plan.push({
          stepId: input.stepId,
          phase: phaseOf(input.stepId),
          kind: 'approval',
          approval: { roles: input.approval.roles, quorum: input.approval.quorum },
        });
        return { outcome: 'approved', outputs: { outcome: 'approved', approvers: [] } };
      }),
      rollback: fromPromise(async () => undefined),
    },
  });
  const actor = createActor(machine, { input: { incidentId: 'dry-run', inputs, alert } }).start();
  await waitFor(actor, (snapshot) => snapshot.status === 'done', { timeout: 10_000 });
  actor.stop();
  return plan;
}
