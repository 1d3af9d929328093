import {
  buildFlow,
  stepEntries,
  templateReferences
} from "./chunk-R7BDC3QQ.js";
import {
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/engine/skip-rule.js
function stepsReadingOutputs(runbook, stepId) {
  const entries = stepEntries(runbook);
  const skipped = entries.find((entry) => entry.step.id === stepId);
  if (!skipped)
    return [];
  const later = reachableFrom(runbook, skipped.order);
  return entries.filter((entry) => later.has(entry.order) && readsOutputsOf(entry.step, stepId)).map((entry) => entry.step.id);
}
function decisionHint(incidentId, stepId, readers, because) {
  const retry = `irctl resume ${incidentId} --retry-step ${stepId}`;
  const notes = because ? [because] : [];
  if (readers.length > 0) {
    notes.push(`not --skip-step: ${quoteList(readers)} ${readers.length === 1 ? "reads" : "read"} its outputs; to stand down: irctl abort ${incidentId}, then irctl release ${incidentId}`);
  }
  const commands = readers.length === 0 ? `${retry}  or  --skip-step ${stepId}` : retry;
  return notes.length > 0 ? `${commands} (${notes.join("; ")})` : commands;
}
function refuseSkipOfReadOutputs(runbook, incidentId, stepId) {
  const readers = stepsReadingOutputs(runbook, stepId);
  if (readers.length === 0)
    return;
  throw new UsageError(`cannot skip step "${stepId}" of ${incidentId}: ${quoteList(readers)} ${readers.length === 1 ? "uses" : "use"} its outputs (steps.${stepId}.outputs) and would run without them; nothing was changed`, {
    hint: `irctl resume ${incidentId} --retry-step ${stepId}  (or, to stand down: irctl abort ${incidentId}, then irctl release ${incidentId})`,
    details: { stepId, readers }
  });
}
var quoteList = (stepIds) => stepIds.map((id) => `step "${id}"`).join(", ");
function reachableFrom(runbook, start) {
  const { edges } = buildFlow(runbook);
  const seen = /* @__PURE__ */ new Set([start]);
  for (const queue = [start]; queue.length > 0; ) {
    const from = queue.pop();
    for (const edge of edges) {
      if (edge.from === from && typeof edge.to === "number" && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
}
function readsOutputsOf(step, stepId) {
  return expressionsOf(step).some(({ text, bare }) => {
    try {
      return templateReferences(text, bare).some((ref) => ref.root === "steps" && ref.path[0] === stepId && (ref.path[1] ?? "outputs") === "outputs");
    } catch {
      return false;
    }
  });
}
function expressionsOf(step) {
  const found = [];
  const walk = (value) => {
    if (typeof value === "string")
      found.push({ text: value, bare: false });
    else if (Array.isArray(value))
      value.forEach(walk);
    else if (value !== null && typeof value === "object")
      Object.values(value).forEach(walk);
  };
  for (const [key, value] of Object.entries(step)) {
    if (key === "parallel")
      continue;
    if (key === "if" && typeof value === "string")
      found.push({ text: value, bare: true });
    else if (key === "next" && Array.isArray(value)) {
      for (const branch of value)
        if (branch.if !== void 0)
          found.push({ text: branch.if, bare: true });
    } else
      walk(value);
  }
  return found;
}

export {
  stepsReadingOutputs,
  decisionHint,
  refuseSkipOfReadOutputs
};
