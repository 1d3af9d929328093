import { constants } from 'node:os';
import { requireRole, type Act } from '../../../auth/permissions.js';
import { DockerUnreachableError, ExitCode, IntegrityError, NotFoundError, exitCodeOfErrorCode } from '../../../errors.js';
import type { DriveResult } from '../../../engine/runner.js';
import { decisionHint } from '../../../engine/skip-rule.js';
import type { RunObserver } from '../../../engine/observer.js';
import { type Services } from '../../../services.js';
import { color, type Output } from '../../output.js';

/** Check the actor's role for an act before anything changes (exit 4 if refused). */
export function authorize(services: Services, act: Act, what: string): void {
  requireRole(services.roleBook(), services.actor, act, what);
}

/** The stop reason of a person choosing Detach at a gate prompt: a wait (exit 3), not an interruption. */
export const DETACH = 'detach';

/** A run stopped by a signal (Ctrl-C): its name, else undefined. */
function interruptedBy(result: DriveResult): NodeJS.Signals | undefined {
  const reason = result.stopped?.reason;
  return reason && reason in constants.signals ? (reason as NodeJS.Signals) : undefined;
}

/** A run that failed because its target or engine was missing keeps that error's exit code. */
const KEPT_FAILURE_CODES = new Set<string>([NotFoundError.code, DockerUnreachableError.code, IntegrityError.code]);

/** Exit code for how a run ended: 0 succeeded, 3 waiting on a human, 128 + n stopped by signal n (130: Ctrl-C), 1 anything else. */
export function exitCodeForRun(result: DriveResult): number {
  const signal = interruptedBy(result);
  if (signal) return 128 + constants.signals[signal];
  // a fault stopped it resumable: the fault's own code (6: engine unreachable, 1: evidence disk)
  if (result.fault) return result.fault.exitCode;
  if (result.status === 'succeeded') return ExitCode.OK;
  if (result.status === 'waiting' || result.status === 'needs_decision') return ExitCode.WAITING;
  // a rolled-back or aborted run did what it was told to on failure: that is exit 1
  if (result.status !== 'failed') return ExitCode.FAILED;
  const code = result.failure?.code ?? '';
  return (KEPT_FAILURE_CODES.has(code) && exitCodeOfErrorCode(code)) || ExitCode.FAILED;
}

/** Plain progress lines: readable in a terminal, in CI logs and when piped. */
export function lineObserver(output: Output): RunObserver {
  if (output.json) return {};
  return {
    phaseEntered: (phase) => output.err(color.bold(`── ${phase}`)),
    stepStarted: (stepId, action, _params, attempt) =>
      output.err(`  ▶ ${stepId}  ${color.dim(action)}${attempt > 1 ? color.dim(` (attempt ${attempt})`) : ''}`),
    stepFinished: (stepId, result, ms) =>
      output.err(`  ${result.outcome === 'skipped' ? color.yellow('↷') : color.green('✓')} ${stepId}  ${color.dim(`${ms} ms`)}  ${result.summary ?? ''}`),
    stepFailed: (stepId, message, willRetry) => output.err(`  ${color.red('✗')} ${stepId}  ${message}${willRetry ? color.dim(' — retrying') : ''}`),
    gateWaiting: (stepId, approval) =>
      output.err(
        `  ${color.yellow('⏸')} ${stepId}  waiting for approval by ${approval.quorum} × ${approval.roles.join('/')}${approval.message ? `: ${approval.message}` : ''}`,
      ),
    stepUndone: (stepId, action, error) =>
      output.err(
        error ? `  ${color.red('✗')} ${stepId}  undo of ${action} failed: ${error}` : `  ${color.yellow('↶')} ${stepId}  undone (${color.dim(action)})`,
      ),
    escalated: (stepId, notify, after) =>
      output.err(
        `  ${color.yellow('⏫')} ${stepId}  nobody decided in ${String(after)}: escalated to ${Array.isArray(notify) ? notify.join(', ') : String(notify)}`,
      ),
    humanNeeded: (stepId, action) => output.err(`  ${color.yellow('⏸')} ${stepId}  ${color.dim(action)} waits for a person to take over (irctl resume)`),
  };
}

export function reportRunEnd(output: Output, result: DriveResult): void {
  if (output.json) {
    output.out(JSON.stringify(result, null, 2));
    return;
  }
  const id = result.incidentId;
  if (result.fault) {
    output.out(`interrupted: incident ${id} stopped at step "${result.fault.stepId}": ${result.fault.message}`);
    output.err(color.dim(`hint: ${result.fault.hint ? `${result.fault.hint}; ` : ''}the incident stays open: irctl resume ${id} retries the step`));
    return;
  }
  if (interruptedBy(result)) {
    const at = result.stopped?.stepId ? ` at step "${result.stopped.stepId}"` : '';
    const how =
      result.status === 'needs_decision' && result.stopped?.stepId
        ? decisionHint(id, result.stopped.stepId, result.stopped.outputsReadBy ?? [], 'the step is not safe to repeat on its own')
        : `irctl resume ${id}`;
    output.out(`interrupted: incident ${id} stopped${at}; continue with: ${how}`);
    return;
  }
  switch (result.status) {
    case 'succeeded':
      output.out(`${color.green('incident')} ${id} ${color.green('succeeded')}`);
      break;
    case 'waiting':
      if (result.waitingFor === 'takeover') {
        output.out(`incident ${id} ran its automatic steps and waits at "${result.waitingOn}" for a person to take over`);
        output.err(color.dim(`hint: irctl resume ${id}`));
      } else {
        output.out(`incident ${id} is waiting for approval at "${result.waitingOn}"`);
        output.err(color.dim(`hint: irctl approve ${id} --step ${result.waitingOn} --resume`));
      }
      break;
    default:
      output.out(`incident ${id} ${color.red(result.status)}${result.failure ? `: step "${result.failure.stepId}" failed: ${result.failure.message}` : ''}`);
      output.err(color.dim(`hint: irctl status ${id}`));
  }
}
