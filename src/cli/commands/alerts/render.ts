import { plural } from '../../../text.js';
import type { AlertTestReport, AlertTestResult } from '../../../alerts/dry-run.js';
import { color } from '../../output.js';

// Human output of `irctl alerts test`. Alert text is attacker-influenced; the parsers have already
// replaced control characters, so it is safe to print.

function renderAlert(result: AlertTestResult, index: number): string[] {
  const { alert } = result;
  const lines = [
    `${color.bold(`alert ${index + 1}`)}  ${alert.source} ${alert.status === 'resolved' ? color.green('resolved') : color.red('firing')}  ${color.bold(alert.rule)}`,
    `  priority     ${alert.priority ?? color.dim('(none)')}`,
    `  container    ${alert.container ?? color.dim(`(none: ${alert.containerProblem ?? 'not named'})`)}`,
    `  fingerprint  ${alert.fingerprint}`,
    `  summary      ${alert.summary}`,
  ];
  if (alert.event) lines.push(`  event        ${alert.event}`);
  if (alert.host) lines.push(`  host         ${alert.host}`);
  if (alert.tags.length) lines.push(`  tags         ${alert.tags.join(', ')}`);
  for (const note of alert.notes) lines.push(`  ${color.dim(`note: ${note}`)}`);
  if (alert.status === 'resolved') lines.push(`  ${color.dim('resolved alerts are recorded on an open incident; they start nothing')}`);
  if (result.matches.length === 0) lines.push(`  ${color.yellow('no runbook trigger matches')}`);
  for (const match of result.matches) {
    const ready = match.problems.length === 0;
    lines.push(
      `  ${ready ? color.green('match') : color.yellow('match, cannot start')}  runbook ${color.bold(match.runbook)} trigger ${match.trigger}${match.file ? color.dim(` (${match.file})`) : ''}`,
    );
    for (const [name, value] of Object.entries(match.inputs)) lines.push(`      input ${name} = ${JSON.stringify(value)}`);
    for (const problem of match.problems) lines.push(`      ${color.yellow('problem:')} ${problem}`);
  }
  for (const miss of result.misses) {
    lines.push(`  ${color.dim(`no match: runbook ${miss.runbook} trigger ${miss.trigger}: ${miss.reasons.join('; ')}`)}`);
  }
  return lines;
}

export function renderAlertTest(report: AlertTestReport, runbookCount: number): string {
  const lines = [
    `${plural(report.alerts.length, 'alert')} from ${report.source}${report.detected ? ' (detected)' : ''}, tested against ${plural(runbookCount, 'runbook')}; nothing was run`,
  ];
  for (const skipped of report.skipped) lines.push(color.yellow(`skipped item ${skipped.index}: ${skipped.reason}`));
  report.alerts.forEach((result, index) => lines.push('', ...renderAlert(result, index)));
  return lines.join('\n');
}
