import {
  findAction
} from "./chunk-ZGDHL663.js";
import {
  evaluate,
  interpolate,
  isActionStep,
  isApprovalStep,
  isParallelStep,
  isTruthy
} from "./chunk-R7BDC3QQ.js";
import {
  IrctlError
} from "./chunk-JMAPXXTL.js";

// dist/engine/compile.js
import { assign, fromPromise, setup } from "xstate";
var FINAL_STATES = ["succeeded", "failed", "aborted", "rolled_back"];
var stateId = (stepId) => `s:${stepId}`;
var endId = (state) => `end:${state}`;
var target = (stepIdOrEnd) => `#${stateId(stepIdOrEnd)}`;
function scopeOf(context) {
  return { inputs: context.inputs, alert: context.alert ?? null, steps: context.steps, incident: { id: context.incidentId } };
}
function stepPhases(runbook) {
  const phases = /* @__PURE__ */ new Map();
  let previous;
  for (const step of runbook.steps) {
    const actionPhase = isActionStep(step) ? findAction(step.uses)?.phase : void 0;
    const phase = step.phase ?? previous ?? (actionPhase && actionPhase !== "core" && actionPhase !== "notify" ? actionPhase : "containment");
    phases.set(step.id, phase);
    previous = phase;
  }
  return phases;
}
function sequentialNext(runbook, index) {
  const next = runbook.steps[index + 1];
  return next ? target(next.id) : `#${endId("succeeded")}`;
}
function route(runbook, index, value) {
  if (value === "abort")
    return `#${endId("failed")}`;
  if (value === "continue")
    return sequentialNext(runbook, index);
  if (value === "rollback")
    return "#rollback";
  return target(value);
}
function doneTransitions(runbook, index, step) {
  const fallback = sequentialNext(runbook, index);
  const next = step.next;
  if (next === void 0)
    return [{ target: fallback, reenter: true }];
  if (typeof next === "string")
    return [{ target: next === "end" ? `#${endId("succeeded")}` : target(next), reenter: true }];
  const transitions = next.map((branch) => ({
    target: branch.goto === "end" ? `#${endId("succeeded")}` : target(branch.goto),
    reenter: true,
    ...branch.if ? { guard: { type: "when", params: { expression: branch.if, stepId: step.id } } } : {}
  }));
  if (next[next.length - 1].if)
    transitions.push({ target: fallback, reenter: true });
  return transitions;
}
function actionStepState(runbook, index, step, onDoneTargets, onErrorTarget) {
  return {
    id: stateId(step.id),
    entry: [{ type: "enterStep", params: { stepId: step.id } }],
    invoke: {
      src: "runStep",
      input: ({ context }) => ({
        incidentId: context.incidentId,
        stepId: step.id,
        visit: context.visits[step.id] ?? 1,
        scope: scopeOf(context)
      }),
      onDone: onDoneTargets.map((transition) => ({
        ...transition,
        actions: [{ type: "recordResult", params: { stepId: step.id } }]
      })),
      onError: { target: onErrorTarget, reenter: true, actions: [{ type: "recordFailure", params: { stepId: step.id } }] }
    }
  };
}
function approvalStepState(runbook, index, step) {
  const approved = doneTransitions(runbook, index, step);
  const record = [{ type: "recordResult", params: { stepId: step.id } }];
  const outcomeIs = (outcome) => ({ type: "gateOutcome", params: { outcome } });
  return {
    id: stateId(step.id),
    entry: [{ type: "enterStep", params: { stepId: step.id } }],
    invoke: {
      src: "awaitGate",
      input: ({ context }) => ({
        incidentId: context.incidentId,
        stepId: step.id,
        visit: context.visits[step.id] ?? 1,
        approval: { ...step.approval, message: gateMessage(step.approval.message, context) }
      }),
      onDone: [
        { target: route(runbook, index, step.approval.on_reject), reenter: true, guard: outcomeIs("rejected"), actions: record },
        { target: route(runbook, index, step.approval.on_timeout), reenter: true, guard: outcomeIs("timed_out"), actions: record },
        ...approved.map((transition) => ({
          ...transition,
          guard: transition.guard ? { type: "and", guards: [outcomeIs("approved"), transition.guard] } : outcomeIs("approved"),
          actions: record
        }))
      ],
      onError: { target: `#${endId("failed")}`, actions: [{ type: "recordFailure", params: { stepId: step.id } }] }
    }
  };
}
function gateMessage(message, context) {
  if (message === void 0)
    return void 0;
  try {
    return String(interpolate(message, scopeOf(context)));
  } catch {
    return message;
  }
}
function parallelStepState(runbook, index, step) {
  const branches = {};
  for (const branch of step.parallel) {
    const onFailure = branch.on_failure !== "abort" ? branch.on_failure : step.on_failure;
    const onError = onFailure === "continue" ? `#${stateId(branch.id)}-done` : route(runbook, index, onFailure);
    branches[branch.id] = {
      initial: "run",
      states: {
        run: actionStepState(runbook, index, branch, [{ target: `#${stateId(branch.id)}-done`, reenter: true }], onError),
        done: { id: `${stateId(branch.id)}-done`, type: "final" }
      }
    };
  }
  return {
    id: stateId(step.id),
    type: "parallel",
    states: branches,
    onDone: doneTransitions(runbook, index, step).map((transition) => ({
      ...transition,
      actions: [{ type: "recordGroup", params: { stepId: step.id, branches: step.parallel.map((b) => b.id) } }]
    }))
  };
}
function compileConfig(runbook, options = {}) {
  const phases = stepPhases(runbook);
  const first = options.startAt ?? runbook.steps[0].id;
  if (!phases.has(first))
    throw new Error(`cannot start at "${first}": not a top-level step of ${runbook.name}`);
  const phaseStates = {};
  runbook.steps.forEach((step, index) => {
    const phase = phases.get(step.id);
    const phaseState = phaseStates[phase] ??= { initial: step.id, states: {} };
    if (step.id === first)
      phaseState.initial = step.id;
    if (isApprovalStep(step))
      phaseState.states[step.id] = approvalStepState(runbook, index, step);
    else if (isParallelStep(step))
      phaseState.states[step.id] = parallelStepState(runbook, index, step);
    else if (isActionStep(step)) {
      phaseState.states[step.id] = actionStepState(runbook, index, step, doneTransitions(runbook, index, step), route(runbook, index, step.on_failure));
    }
  });
  const finals = Object.fromEntries(FINAL_STATES.map((state) => [state, { id: endId(state), type: "final" }]));
  return {
    id: runbook.name,
    initial: phases.get(first),
    context: ({ input }) => ({
      incidentId: input.incidentId,
      inputs: input.inputs,
      alert: input.alert ?? null,
      steps: {},
      visits: {}
    }),
    on: { ABORT: { target: `#${endId("aborted")}` } },
    states: {
      ...phaseStates,
      rollback: {
        id: "rollback",
        invoke: {
          src: "rollback",
          input: ({ context }) => ({ incidentId: context.incidentId, failedStepId: context.failure?.stepId }),
          onDone: `#${endId("rolled_back")}`,
          onError: `#${endId("rolled_back")}`
        }
      },
      ...finals
    }
  };
}
var notProvided = (name) => fromPromise(async () => {
  throw new Error(`${name} actor not provided: use machine.provide()`);
});
var compiled = /* @__PURE__ */ new WeakMap();
function compileRunbook(runbook, options = {}) {
  let byStart = compiled.get(runbook);
  if (!byStart)
    compiled.set(runbook, byStart = /* @__PURE__ */ new Map());
  const key = options.startAt ?? "";
  let machine = byStart.get(key);
  if (!machine)
    byStart.set(key, machine = buildMachine(runbook, options));
  return machine;
}
function buildMachine(runbook, options) {
  const machineSetup = setup({
    types: {},
    actors: {
      runStep: notProvided("runStep"),
      awaitGate: notProvided("awaitGate"),
      rollback: notProvided("rollback")
    },
    guards: {
      // Pure: evaluates a runbook expression over the context, with the just-finished step's output.
      when: ({ context, event }, params) => {
        const output = event.output;
        const scope = scopeOf(output ? { ...context, steps: { ...context.steps, [params.stepId]: output } } : context);
        return isTruthy(evaluate(params.expression, scope));
      },
      gateOutcome: ({ event }, params) => event.output?.outcome === params.outcome
    },
    actions: {
      enterStep: assign({
        visits: ({ context }, params) => ({ ...context.visits, [params.stepId]: (context.visits[params.stepId] ?? 0) + 1 })
      }),
      recordResult: assign({
        steps: ({ context, event }, params) => ({
          ...context.steps,
          [params.stepId]: event.output
        })
      }),
      recordGroup: assign({
        steps: ({ context }, params) => ({
          ...context.steps,
          [params.stepId]: {
            outcome: params.branches.some((b) => context.steps[b]?.outcome === "failed") ? "failed" : "done",
            outputs: Object.fromEntries(params.branches.map((b) => [b, context.steps[b]?.outputs ?? {}]))
          }
        })
      }),
      recordFailure: assign(({ context, event }, params) => {
        const error = event.error;
        const message = error instanceof Error ? error.message : String(error);
        const code = error instanceof IrctlError ? error.code : void 0;
        return {
          steps: { ...context.steps, [params.stepId]: { outcome: "failed", outputs: {}, error: message } },
          failure: { stepId: params.stepId, message, ...code ? { code } : {} }
        };
      })
    }
  });
  return machineSetup.createMachine(compileConfig(runbook, options));
}

export {
  FINAL_STATES,
  scopeOf,
  stepPhases,
  compileRunbook
};
