import {
  isActionStep,
  isParallelStep
} from "./chunk-R7BDC3QQ.js";

// dist/engine/deps.js
function actionStepsById(runbook) {
  const steps = /* @__PURE__ */ new Map();
  for (const step of runbook.steps) {
    if (isActionStep(step))
      steps.set(step.id, step);
    if (isParallelStep(step))
      for (const branch of step.parallel)
        steps.set(branch.id, branch);
  }
  return steps;
}

export {
  actionStepsById
};
