import { assign, fromPromise, setup, type AnyStateMachine } from 'xstate';
import { evaluate, interpolate, isTruthy } from '../runbook/expressions.js';
import { findAction } from '../actions/registry.js';
import { IrctlError } from '../errors.js';
import { isActionStep, isApprovalStep, isParallelStep, type ActionStep, type Approval, type Runbook, type Step } from '../runbook/schema.js';

// Runbook → XState machine config, as plain data. Phases are compound states; every action step
// is a state invoking the one generic `runStep` actor; approval gates invoke `awaitGate`; a failure
// routed to rollback enters the `rollback` state. Side effects live only in those actors, which
// the runner provides (tests provide fakes with machine.provide).

export type StepOutcome = 'done' | 'skipped' | 'failed' | 'approved' | 'rejected' | 'timed_out';

export interface StepResult {
  outcome: StepOutcome;
  outputs: Record<string, unknown>;
  summary?: string;
  error?: string;
}

export interface RunContext {
  incidentId: string;
  inputs: Record<string, unknown>;
  alert: unknown;
  steps: Record<string, StepResult>;
  visits: Record<string, number>;
  failure?: { stepId: string; message: string; code?: string };
}

export interface RunInput {
  incidentId: string;
  inputs: Record<string, unknown>;
  alert?: unknown;
}

/** What the runStep actor is given. It lands in the persisted snapshot: no secrets here. */
export interface StepInput {
  incidentId: string;
  stepId: string;
  visit: number;
  scope: ExpressionScope;
}

export interface GateInput {
  incidentId: string;
  stepId: string;
  visit: number;
  approval: Approval;
}

export interface RollbackInput {
  incidentId: string;
  failedStepId?: string;
}

export interface ExpressionScope {
  inputs: Record<string, unknown>;
  alert: unknown;
  steps: Record<string, StepResult>;
  incident: { id: string };
}

export type RunEvent = { type: 'ABORT'; actor?: string };

export const FINAL_STATES = ['succeeded', 'failed', 'aborted', 'rolled_back'] as const;
export type FinalState = (typeof FINAL_STATES)[number];

const stateId = (stepId: string) => `s:${stepId}`;
const endId = (state: FinalState) => `end:${state}`;
const target = (stepIdOrEnd: string) => `#${stateId(stepIdOrEnd)}`;

export function scopeOf(context: RunContext): ExpressionScope {
  return { inputs: context.inputs, alert: context.alert ?? null, steps: context.steps, incident: { id: context.incidentId } };
}

/** The phase each top-level step runs in: its own, else the previous step's, else its action's. */
export function stepPhases(runbook: Runbook): Map<string, string> {
  const phases = new Map<string, string>();
  let previous: string | undefined;
  for (const step of runbook.steps) {
    const actionPhase = isActionStep(step) ? findAction(step.uses)?.phase : undefined;
    const phase = step.phase ?? previous ?? (actionPhase && actionPhase !== 'core' && actionPhase !== 'notify' ? actionPhase : 'containment');
    phases.set(step.id, phase);
    previous = phase;
  }
  return phases;
}

// reenter: a step that loops to itself must exit and enter again, restarting its invocation.
type Transition = { target: string; guard?: unknown; actions?: unknown[]; reenter: true };

function sequentialNext(runbook: Runbook, index: number): string {
  const next = runbook.steps[index + 1];
  return next ? target(next.id) : `#${endId('succeeded')}`;
}

/** Where to go for on_failure / on_reject / on_timeout values. */
function route(runbook: Runbook, index: number, value: string): string {
  if (value === 'abort') return `#${endId('failed')}`;
  if (value === 'continue') return sequentialNext(runbook, index);
  if (value === 'rollback') return '#rollback';
  return target(value);
}

function doneTransitions(runbook: Runbook, index: number, step: Step): Transition[] {
  const fallback = sequentialNext(runbook, index);
  const next = step.next;
  if (next === undefined) return [{ target: fallback, reenter: true }];
  if (typeof next === 'string') return [{ target: next === 'end' ? `#${endId('succeeded')}` : target(next), reenter: true }];
  const transitions: Transition[] = next.map((branch) => ({
    target: branch.goto === 'end' ? `#${endId('succeeded')}` : target(branch.goto),
    reenter: true as const,
    ...(branch.if ? { guard: { type: 'when', params: { expression: branch.if, stepId: step.id } } } : {}),
  }));
  if (next[next.length - 1]!.if) transitions.push({ target: fallback, reenter: true });
  return transitions;
}

function actionStepState(runbook: Runbook, index: number, step: ActionStep, onDoneTargets: Transition[], onErrorTarget: string) {
  return {
    id: stateId(step.id),
    entry: [{ type: 'enterStep', params: { stepId: step.id } }],
    invoke: {
      src: 'runStep',
      input: ({ context }: { context: RunContext }): StepInput => ({
        incidentId: context.incidentId,
        stepId: step.id,
        visit: context.visits[step.id] ?? 1,
        scope: scopeOf(context),
      }),
      onDone: onDoneTargets.map((transition) => ({
        ...transition,
        actions: [{ type: 'recordResult', params: { stepId: step.id } }],
      })),
      onError: { target: onErrorTarget, reenter: true, actions: [{ type: 'recordFailure', params: { stepId: step.id } }] },
    },
  };
}

function approvalStepState(runbook: Runbook, index: number, step: Step & { approval: Approval }) {
  const approved = doneTransitions(runbook, index, step);
  const record = [{ type: 'recordResult', params: { stepId: step.id } }];
  const outcomeIs = (outcome: string) => ({ type: 'gateOutcome', params: { outcome } });
  return {
    id: stateId(step.id),
    entry: [{ type: 'enterStep', params: { stepId: step.id } }],
    invoke: {
      src: 'awaitGate',
      input: ({ context }: { context: RunContext }): GateInput => ({
        incidentId: context.incidentId,
        stepId: step.id,
        visit: context.visits[step.id] ?? 1,
        approval: { ...step.approval, message: gateMessage(step.approval.message, context) },
      }),
      onDone: [
        { target: route(runbook, index, step.approval.on_reject), reenter: true, guard: outcomeIs('rejected'), actions: record },
        { target: route(runbook, index, step.approval.on_timeout), reenter: true, guard: outcomeIs('timed_out'), actions: record },
        ...approved.map((transition) => ({
          ...transition,
          guard: transition.guard ? { type: 'and', guards: [outcomeIs('approved'), transition.guard] } : outcomeIs('approved'),
          actions: record,
        })),
      ],
      onError: { target: `#${endId('failed')}`, actions: [{ type: 'recordFailure', params: { stepId: step.id } }] },
    },
  };
}

/** The gate's message with its `${{ }}` filled in (a message that cannot be filled stays as written). */
function gateMessage(message: string | undefined, context: RunContext): string | undefined {
  if (message === undefined) return undefined;
  try {
    return String(interpolate(message, scopeOf(context)));
  } catch {
    return message;
  }
}

function parallelStepState(runbook: Runbook, index: number, step: Step & { parallel: ActionStep[] }) {
  const branches: Record<string, unknown> = {};
  for (const branch of step.parallel) {
    // A branch's own on_failure wins; a branch left at the default follows the group's on_failure.
    const onFailure = branch.on_failure !== 'abort' ? branch.on_failure : step.on_failure;
    const onError = onFailure === 'continue' ? `#${stateId(branch.id)}-done` : route(runbook, index, onFailure);
    branches[branch.id] = {
      initial: 'run',
      states: {
        run: actionStepState(runbook, index, branch, [{ target: `#${stateId(branch.id)}-done`, reenter: true }], onError),
        done: { id: `${stateId(branch.id)}-done`, type: 'final' },
      },
    };
  }
  return {
    id: stateId(step.id),
    type: 'parallel',
    states: branches,
    onDone: doneTransitions(runbook, index, step).map((transition) => ({
      ...transition,
      actions: [{ type: 'recordGroup', params: { stepId: step.id, branches: step.parallel.map((b) => b.id) } }],
    })),
  };
}

export interface CompileOptions {
  /** Begin at this top-level step instead of the first (irctl rerun --from). */
  startAt?: string;
}

/** Compile to a plain machine config plus the phase of every step. */
export function compileConfig(runbook: Runbook, options: CompileOptions = {}) {
  const phases = stepPhases(runbook);
  const first = options.startAt ?? runbook.steps[0]!.id;
  if (!phases.has(first)) throw new Error(`cannot start at "${first}": not a top-level step of ${runbook.name}`);
  const phaseStates: Record<string, { initial: string; states: Record<string, unknown> }> = {};
  runbook.steps.forEach((step, index) => {
    const phase = phases.get(step.id)!;
    const phaseState = (phaseStates[phase] ??= { initial: step.id, states: {} });
    if (step.id === first) phaseState.initial = step.id;
    if (isApprovalStep(step)) phaseState.states[step.id] = approvalStepState(runbook, index, step);
    else if (isParallelStep(step)) phaseState.states[step.id] = parallelStepState(runbook, index, step);
    else if (isActionStep(step)) {
      phaseState.states[step.id] = actionStepState(runbook, index, step, doneTransitions(runbook, index, step), route(runbook, index, step.on_failure));
    }
  });
  const finals = Object.fromEntries(FINAL_STATES.map((state) => [state, { id: endId(state), type: 'final' }]));
  return {
    id: runbook.name,
    initial: phases.get(first)!,
    context: ({ input }: { input: RunInput }): RunContext => ({
      incidentId: input.incidentId,
      inputs: input.inputs,
      alert: input.alert ?? null,
      steps: {},
      visits: {},
    }),
    on: { ABORT: { target: `#${endId('aborted')}` } },
    states: {
      ...phaseStates,
      rollback: {
        id: 'rollback',
        invoke: {
          src: 'rollback',
          input: ({ context }: { context: RunContext }): RollbackInput => ({ incidentId: context.incidentId, failedStepId: context.failure?.stepId }),
          onDone: `#${endId('rolled_back')}`,
          onError: `#${endId('rolled_back')}`,
        },
      },
      ...finals,
    },
  };
}

const notProvided = (name: string) =>
  fromPromise<never, unknown>(async () => {
    throw new Error(`${name} actor not provided: use machine.provide()`);
  });

/** Machines already built, per runbook object (loadRunbook shares one per text) and start step. */
const compiled = new WeakMap<Runbook, Map<string, AnyStateMachine>>();

/**
 * The compiled machine. Actors are placeholders until the runner (or a test) provides them. A
 * machine is a description, never changed by the actors made from it, so each runbook's is built
 * once: an alert's drive does not rebuild it on its way to isolate.
 */
export function compileRunbook(runbook: Runbook, options: CompileOptions = {}): AnyStateMachine {
  let byStart = compiled.get(runbook);
  if (!byStart) compiled.set(runbook, (byStart = new Map<string, AnyStateMachine>()));
  const key = options.startAt ?? '';
  let machine = byStart.get(key);
  if (!machine) byStart.set(key, (machine = buildMachine(runbook, options)));
  return machine;
}

function buildMachine(runbook: Runbook, options: CompileOptions): AnyStateMachine {
  const machineSetup = setup({
    types: {} as { context: RunContext; input: RunInput; events: RunEvent },
    actors: {
      runStep: notProvided('runStep') as unknown as ReturnType<typeof fromPromise<StepResult, StepInput>>,
      awaitGate: notProvided('awaitGate') as unknown as ReturnType<typeof fromPromise<StepResult, GateInput>>,
      rollback: notProvided('rollback') as unknown as ReturnType<typeof fromPromise<void, RollbackInput>>,
    },
    guards: {
      // Pure: evaluates a runbook expression over the context, with the just-finished step's output.
      when: ({ context, event }, params: { expression: string; stepId: string }) => {
        const output = (event as { output?: StepResult }).output;
        const scope = scopeOf(output ? { ...context, steps: { ...context.steps, [params.stepId]: output } } : context);
        return isTruthy(evaluate(params.expression, scope));
      },
      gateOutcome: ({ event }, params: { outcome: string }) => (event as { output?: StepResult }).output?.outcome === params.outcome,
    },
    actions: {
      enterStep: assign({
        visits: ({ context }, params: { stepId: string }) => ({ ...context.visits, [params.stepId]: (context.visits[params.stepId] ?? 0) + 1 }),
      }),
      recordResult: assign({
        steps: ({ context, event }, params: { stepId: string }) => ({
          ...context.steps,
          [params.stepId]: (event as unknown as { output: StepResult }).output,
        }),
      }),
      recordGroup: assign({
        steps: ({ context }, params: { stepId: string; branches: string[] }) => ({
          ...context.steps,
          [params.stepId]: {
            outcome: params.branches.some((b) => context.steps[b]?.outcome === 'failed') ? ('failed' as const) : ('done' as const),
            outputs: Object.fromEntries(params.branches.map((b) => [b, context.steps[b]?.outputs ?? {}])),
          },
        }),
      }),
      recordFailure: assign(({ context, event }, params: { stepId: string }) => {
        const error = (event as { error?: unknown }).error;
        const message = error instanceof Error ? error.message : String(error);
        const code = error instanceof IrctlError ? error.code : undefined;
        return {
          steps: { ...context.steps, [params.stepId]: { outcome: 'failed' as const, outputs: {}, error: message } },
          failure: { stepId: params.stepId, message, ...(code ? { code } : {}) },
        };
      }),
    },
  });
  // The config is data built at run time from YAML; XState's static config types cannot follow it.
  return machineSetup.createMachine(compileConfig(runbook, options) as never) as unknown as AnyStateMachine;
}
