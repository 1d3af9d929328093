import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  isActionStep,
  isParallelStep
} from "./chunk-C77XJCVS.js";

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
