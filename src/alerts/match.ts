import { ExpressionError, evaluate, interpolate, isTruthy } from '../runbook/expressions.js';
import type { Runbook, Trigger } from '../runbook/schema.js';
import type { Alert } from './alert.js';
import { ALERT_TEXT_LIMITS, alertLine } from './sanitize.js';
import { checkRunbookInputs, type InputValue } from '../runbook/inputs.js';
import { parsePriorityCondition, satisfiesPriority } from './priority.js';

export interface TriggerMatch {
  runbook: Runbook;
  triggerIndex: number;
  trigger: Trigger;
  /** Trigger inputs resolved over the alert, defaulted and typed per the runbook's declared inputs. */
  inputs: Record<string, InputValue>;
  /** Why the runbook cannot start with these inputs; empty when it can. */
  inputProblems: string[];
}

/** What expressions in a trigger see as `alert`: the normalized alert, raw payload included. */
export function alertScope(alert: Alert): { alert: Alert } {
  return { alert };
}

const own = (record: Record<string, unknown>, key: string) => Object.hasOwn(record, key);

/**
 * Every condition of a trigger that the alert fails, in words; empty when the trigger matches.
 * Conditions are ANDed: source, rule, alertname, event, priority, labels, tags ⊆, output_fields, if.
 */
export function explainTrigger(trigger: Trigger, alert: Alert): string[] {
  const misses: string[] = [];
  if (trigger.source !== alert.source) return [`source is ${alert.source}, the trigger wants ${trigger.source}`];
  if (trigger.rule !== undefined && trigger.rule !== alert.rule) misses.push(`rule is "${alert.rule}", the trigger wants "${trigger.rule}"`);
  if (trigger.alertname !== undefined && trigger.alertname !== alert.rule)
    misses.push(`alertname is "${alert.rule}", the trigger wants "${trigger.alertname}"`);
  if (trigger.event !== undefined && trigger.event !== alert.event)
    misses.push(`event is ${alert.event ? `"${alert.event}"` : 'not set'}, the trigger wants "${trigger.event}"`);
  if (trigger.priority !== undefined) {
    const condition = parsePriorityCondition(trigger.priority);
    if ('problem' in condition) misses.push(condition.problem);
    else if (!alert.priority) misses.push(`the alert has no priority, the trigger wants ${trigger.priority}`);
    else if (!satisfiesPriority(alert.priority, condition)) misses.push(`priority is ${alert.priority}, the trigger wants ${trigger.priority}`);
  }
  for (const [key, wanted] of Object.entries(trigger.labels ?? {})) {
    const actual = own(alert.labels, key) ? alert.labels[key] : undefined;
    if (actual !== wanted) misses.push(`label ${key} is ${actual === undefined ? 'not set' : `"${actual}"`}, the trigger wants "${wanted}"`);
  }
  const missingTags = (trigger.tags ?? []).filter((tag) => !alert.tags.includes(tag));
  if (missingTags.length) misses.push(`tags lack ${missingTags.join(', ')}`);
  for (const [key, wanted] of Object.entries(trigger.output_fields ?? {})) {
    const actual = own(alert.output_fields, key) ? alert.output_fields[key] : undefined;
    if (actual === undefined || actual === null || String(actual) !== wanted) {
      misses.push(`output field ${key} is ${actual === undefined || actual === null ? 'not set' : JSON.stringify(actual)}, the trigger wants "${wanted}"`);
    }
  }
  if (trigger.if !== undefined && misses.length === 0) {
    try {
      if (!isTruthy(evaluate(trigger.if, alertScope(alert)))) misses.push(`if: ${trigger.if} is false`);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      misses.push(`if: ${trigger.if} cannot be evaluated: ${error.message}`);
    }
  }
  return misses;
}

/** Resolve a trigger's `inputs` templates over the alert; an expression that fails is a problem, not a crash. */
export function resolveTriggerInputs(trigger: Trigger, alert: Alert): { values: Record<string, unknown>; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, template] of Object.entries(trigger.inputs)) {
    try {
      const value = interpolate(template, alertScope(alert));
      // an input built from alert text is one line of bounded length, cut without a mark (a pattern may check it)
      values[name] = typeof value === 'string' ? alertLine(value, ALERT_TEXT_LIMITS.input, '') : value;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push(`input "${name}": ${JSON.stringify(template)} cannot be evaluated: ${error.message}`);
    }
  }
  return { values, problems };
}

/** Which runbooks an alert starts: every trigger that matches (OR across a runbook's triggers,
 *  first matching trigger per runbook), with its inputs resolved and checked. */
export function matchAlert(runbooks: readonly Runbook[], alert: Alert): TriggerMatch[] {
  const matches: TriggerMatch[] = [];
  for (const runbook of runbooks) {
    const triggerIndex = runbook.triggers.findIndex((trigger) => explainTrigger(trigger, alert).length === 0);
    if (triggerIndex < 0) continue;
    const trigger = runbook.triggers[triggerIndex]!;
    const resolved = resolveTriggerInputs(trigger, alert);
    const checked = checkRunbookInputs(runbook, resolved.values);
    matches.push({ runbook, triggerIndex, trigger, inputs: checked.inputs, inputProblems: [...resolved.problems, ...checked.problems] });
  }
  return matches;
}
