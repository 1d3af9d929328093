import type { Runbook } from '../runbook/schema.js';
import type { Alert, AlertSource } from './alert.js';
import { explainTrigger, matchAlert } from './match.js';
import { detectAlertSource, parseAlertPayload } from './parsers/index.js';
import type { InputValue } from '../runbook/inputs.js';

// What `irctl alerts test` reports: how a payload parses and which runbooks it would start, with
// which inputs, and why the other triggers of the same source do not match. Nothing is run.

export interface RunbookRef {
  runbook: Runbook;
  file?: string;
}

export interface AlertTestMatch {
  runbook: string;
  file?: string;
  trigger: number;
  inputs: Record<string, InputValue>;
  problems: string[];
}

export interface AlertTestMiss {
  runbook: string;
  file?: string;
  trigger: number;
  reasons: string[];
}

export interface AlertTestResult {
  alert: Omit<Alert, 'raw'>;
  matches: AlertTestMatch[];
  misses: AlertTestMiss[];
}

export interface AlertTestReport {
  source: AlertSource;
  detected: boolean; // the source was guessed from the payload's shape
  alerts: AlertTestResult[];
  skipped: { index: number; reason: string }[];
}

export function testAlertPayload(payload: unknown, runbooks: readonly RunbookRef[], source?: AlertSource): AlertTestReport {
  const chosen = source ?? detectAlertSource(payload);
  const notification = parseAlertPayload(chosen, payload);
  const fileOf = new Map(runbooks.map((ref) => [ref.runbook, ref.file]));
  const alerts = notification.alerts.map((alert): AlertTestResult => {
    const matches = matchAlert(
      runbooks.map((ref) => ref.runbook),
      alert,
    ).map((match) => ({
      runbook: match.runbook.name,
      file: fileOf.get(match.runbook),
      trigger: match.triggerIndex,
      inputs: match.inputs,
      problems: match.inputProblems,
    }));
    const matched = new Set(matches.map((match) => match.runbook));
    const misses: AlertTestMiss[] = [];
    for (const { runbook, file } of runbooks) {
      if (matched.has(runbook.name)) continue;
      runbook.triggers.forEach((trigger, index) => {
        if (trigger.source === alert.source) misses.push({ runbook: runbook.name, file, trigger: index, reasons: explainTrigger(trigger, alert) });
      });
    }
    const { raw: _raw, ...shown } = alert;
    return { alert: shown, matches, misses };
  });
  return { source: chosen, detected: source === undefined, alerts, skipped: notification.skipped };
}
