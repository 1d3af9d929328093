import { UsageError } from '../errors.js';
import { templateReferences } from '../runbook/expressions.js';
import { buildFlow } from '../runbook/flow.js';
import { stepEntries } from '../runbook/checks/steps.js';
import type { Runbook, Step } from '../runbook/schema.js';

// Skipping a step cut off mid-run records it with no outputs. A step that can still run after it and
// reads those outputs (`steps.X.outputs…` in its `with`, `if`, `next` conditions, …) would then run
// on missing values, and whatever the cut-off step left half-done stays that way: only a retry
// finishes it. This one rule decides both whether `--skip-step` is accepted and whether it is offered.

/**
 * The steps that can still run after `stepId` (those reachable from it, itself included for its
 * `next` conditions) and read its outputs in an expression. Empty: skipping it is allowed.
 */
export function stepsReadingOutputs(runbook: Pick<Runbook, 'steps'>, stepId: string): string[] {
  const entries = stepEntries(runbook);
  const skipped = entries.find((entry) => entry.step.id === stepId);
  if (!skipped) return [];
  const later = reachableFrom(runbook, skipped.order);
  return entries.filter((entry) => later.has(entry.order) && readsOutputsOf(entry.step, stepId)).map((entry) => entry.step.id);
}

/**
 * What a responder can run for a step that was cut off and is not safe to repeat on its own:
 * retry, and skip only when no later step reads its outputs (`readers`, from stepsReadingOutputs).
 */
export function decisionHint(incidentId: string, stepId: string, readers: readonly string[], because?: string): string {
  const retry = `irctl resume ${incidentId} --retry-step ${stepId}`;
  const notes = because ? [because] : [];
  if (readers.length > 0) {
    notes.push(
      `not --skip-step: ${quoteList(readers)} ${readers.length === 1 ? 'reads' : 'read'} its outputs; to stand down: irctl abort ${incidentId}, then irctl release ${incidentId}`,
    );
  }
  const commands = readers.length === 0 ? `${retry}  or  --skip-step ${stepId}` : retry;
  return notes.length > 0 ? `${commands} (${notes.join('; ')})` : commands;
}

/** Refuse `--skip-step` (exit 2, before anything is recorded) when a later step reads the step's outputs. */
export function refuseSkipOfReadOutputs(runbook: Pick<Runbook, 'steps'>, incidentId: string, stepId: string): void {
  const readers = stepsReadingOutputs(runbook, stepId);
  if (readers.length === 0) return;
  throw new UsageError(
    `cannot skip step "${stepId}" of ${incidentId}: ${quoteList(readers)} ${readers.length === 1 ? 'uses' : 'use'} its outputs (steps.${stepId}.outputs) and would run without them; nothing was changed`,
    {
      hint: `irctl resume ${incidentId} --retry-step ${stepId}  (or, to stand down: irctl abort ${incidentId}, then irctl release ${incidentId})`,
      details: { stepId, readers },
    },
  );
}

const quoteList = (stepIds: readonly string[]) => stepIds.map((id) => `step "${id}"`).join(', ');

/** Indices of the top-level steps a run can reach from `start`, `start` itself included. */
function reachableFrom(runbook: Pick<Runbook, 'steps'>, start: number): Set<number> {
  const { edges } = buildFlow(runbook);
  const seen = new Set<number>([start]);
  for (const queue = [start]; queue.length > 0;) {
    const from = queue.pop()!;
    for (const edge of edges) {
      if (edge.from === from && typeof edge.to === 'number' && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
}

/** Does any expression of this step (not its parallel branches, which are entries of their own) read `steps.<stepId>.outputs`? */
function readsOutputsOf(step: Step, stepId: string): boolean {
  return expressionsOf(step).some(({ text, bare }) => {
    try {
      return templateReferences(text, bare).some((ref) => ref.root === 'steps' && ref.path[0] === stepId && (ref.path[1] ?? 'outputs') === 'outputs');
    } catch {
      return false; // a runbook that loaded has parsed expressions; nothing to read here
    }
  });
}

/** Every string of a step that is evaluated: `if` and `next[].if` as bare expressions, the rest where they hold `${{ }}`. */
function expressionsOf(step: Step): { text: string; bare: boolean }[] {
  const found: { text: string; bare: boolean }[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') found.push({ text: value, bare: false });
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const [key, value] of Object.entries(step)) {
    if (key === 'parallel') continue;
    if (key === 'if' && typeof value === 'string') found.push({ text: value, bare: true });
    else if (key === 'next' && Array.isArray(value)) {
      for (const branch of value as { if?: string }[]) if (branch.if !== undefined) found.push({ text: branch.if, bare: true });
    } else walk(value);
  }
  return found;
}
