import { ExpressionError, hasExpression, templateReferences, type ExpressionReference } from '../expressions.js';
import { didYouMean, type Problem } from '../problem.js';
import { isApprovalStep, type Runbook } from '../schema.js';
import { stepEntries } from './steps.js';

// Every `${{ }}` (and every bare `if:`) parses, and names only what exists when it is evaluated:
// declared inputs, steps that ran before, the alert. Caught here so a typo fails at load, not
// halfway through an incident.

/** The names an expression may start with; the runner's scope provides exactly these. */
export const EXPRESSION_ROOTS = ['inputs', 'steps', 'alert', 'incident'] as const;
const FORBIDDEN_PROPERTIES = new Set(['__proto__', 'prototype', 'constructor']);

interface Place {
  /** Index of the top-level step evaluating it; undefined for a trigger (before any step). */
  order?: number;
  stepId?: string;
  /** Evaluated after the step finished (a `next` condition): it may read its own outputs. */
  afterStep?: boolean;
}

export function checkExpressions(runbook: Runbook): Problem[] {
  const problems: Problem[] = [];
  const inputNames = Object.keys(runbook.inputs);
  const stepOrder = new Map<string, number>();
  for (const entry of stepEntries(runbook)) if (!stepOrder.has(entry.step.id)) stepOrder.set(entry.step.id, entry.order);

  const checkString = (text: string, path: (string | number)[], bare: boolean, place: Place) => {
    if (!bare && !hasExpression(text)) return;
    let references: ExpressionReference[];
    try {
      references = templateReferences(text, bare);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push({ path, offset: error.offset, message: `bad expression: ${error.message}` });
      return;
    }
    for (const reference of references) {
      const message = referenceProblem(reference, place, inputNames, stepOrder);
      if (message) problems.push({ path, offset: reference.offset, message });
    }
  };
  const checkDeep = (value: unknown, path: (string | number)[], place: Place) => {
    if (typeof value === 'string') checkString(value, path, false, place);
    else if (Array.isArray(value)) value.forEach((item, index) => checkDeep(item, [...path, index], place));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) checkDeep(item, [...path, key], place);
    }
  };

  runbook.triggers.forEach((trigger, index) => {
    const path = ['triggers', index];
    if (trigger.if !== undefined) checkString(trigger.if, [...path, 'if'], true, {});
    checkDeep(trigger.inputs, [...path, 'inputs'], {});
  });
  for (const { step, path, order } of stepEntries(runbook)) {
    const place = { order, stepId: step.id };
    if (step.if !== undefined) checkString(step.if, [...path, 'if'], true, place);
    const after = { ...place, afterStep: true };
    if (Array.isArray(step.next))
      step.next.forEach((branch, index) => branch.if !== undefined && checkString(branch.if, [...path, 'next', index, 'if'], true, after));
    if (step.name !== undefined) checkString(step.name, [...path, 'name'], false, place);
    if ('with' in step) checkDeep(step.with, [...path, 'with'], place);
    if (isApprovalStep(step) && step.approval.message !== undefined) checkString(step.approval.message, [...path, 'approval', 'message'], false, place);
  }
  return problems;
}

function referenceProblem(reference: ExpressionReference, place: Place, inputNames: string[], stepOrder: Map<string, number>): string | undefined {
  const forbidden = [reference.root, ...reference.path].find((name) => FORBIDDEN_PROPERTIES.has(name));
  if (forbidden) return `"${forbidden}" is not allowed in an expression`;
  const [first] = reference.path;
  switch (reference.root) {
    case 'inputs':
      if (first === undefined || inputNames.includes(first)) return undefined;
      return inputNames.length === 0
        ? `input "${first}" is not declared: this runbook declares no inputs`
        : `input "${first}" is not declared${didYouMean(first, inputNames)}; declared: ${inputNames.join(', ')}`;
    case 'steps': {
      if (first === undefined) return undefined;
      if (place.order === undefined) return `a trigger is evaluated before any step runs: it cannot read steps.${first}`;
      const order = stepOrder.get(first);
      if (order === undefined) return `step "${first}" does not exist${didYouMean(first, stepOrder.keys())}`;
      if (place.afterStep && order <= place.order) return undefined;
      if (first === place.stepId) return `step "${first}" cannot read its own outputs before it has run`;
      if (order >= place.order) return `step "${first}" has not run yet when this is evaluated: a step can only read steps before it`;
      return undefined;
    }
    case 'alert':
    case 'incident':
      return undefined;
    default:
      return `unknown name "${reference.root}"${didYouMean(reference.root, EXPRESSION_ROOTS)}; an expression starts with ${EXPRESSION_ROOTS.join(', ')}`;
  }
}
