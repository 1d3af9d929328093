import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  actionStepsById
} from "./chunk-VWDFEQNA.js";
import {
  compileRunbook,
  createActor,
  fromPromise,
  stepPhases,
  waitFor
} from "./chunk-TY2NB5FY.js";
import {
  findAction
} from "./chunk-QXBLVMJS.js";
import {
  evaluate,
  interpolate,
  isTruthy,
  templateReferences
} from "./chunk-C77XJCVS.js";

// dist/engine/dry-run.js
async function planRun(runbook, inputs, alert) {
  const steps = actionStepsById(runbook);
  const phases = stepPhases(runbook);
  const phaseOf = (stepId) => phases.get(stepId) ?? [...runbook.steps].find((s) => "parallel" in s && s.parallel.some((b) => b.id === stepId))?.id ?? "";
  const plan = [];
  const dependsOnSteps = (value) => typeof value === "string" ? templateReferences(value).some((ref) => ref.root === "steps") : Array.isArray(value) ? value.some(dependsOnSteps) : value !== null && typeof value === "object" ? Object.values(value).some(dependsOnSteps) : false;
  const resolve = (value, scope) => {
    if (dependsOnSteps(value) && typeof value === "string")
      return value;
    if (Array.isArray(value))
      return value.map((item) => resolve(item, scope));
    if (value !== null && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, scope)]));
    return interpolate(value, scope);
  };
  const machine = compileRunbook(runbook).provide({
    actors: {
      runStep: fromPromise(async ({ input }) => {
        const step = steps.get(input.stepId);
        const entry = { stepId: step.id, phase: phaseOf(step.id), kind: "action", action: step.uses, params: resolve(step.with, input.scope) };
        if (step.if !== void 0 && !dependsOnSteps(step.if) && !isTruthy(evaluate(step.if, input.scope)))
          entry.skipped = `condition false: ${step.if}`;
        if (!findAction(step.uses))
          entry.skipped = `unknown action ${step.uses}`;
        plan.push(entry);
        return { outcome: entry.skipped ? "skipped" : "done", outputs: {} };
      }),
      awaitGate: fromPromise(async ({ input }) => {
        plan.push({
          stepId: input.stepId,
          phase: phaseOf(input.stepId),
          kind: "approval",
          approval: { roles: input.approval.roles, quorum: input.approval.quorum }
        });
        return { outcome: "approved", outputs: { outcome: "approved", approvers: [] } };
      }),
      rollback: fromPromise(async () => void 0)
    }
  });
  const actor = createActor(machine, { input: { incidentId: "dry-run", inputs, alert } }).start();
  await waitFor(actor, (snapshot) => snapshot.status === "done", { timeout: 1e4 });
  actor.stop();
  return plan;
}

export {
  planRun
};
