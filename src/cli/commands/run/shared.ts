import { requireRole, type Act } from '../../../auth/permissions.js';
import { ExitCode } from '../../../errors.js';
import type { DriveResult } from '../../../engine/runner.js';
import type { RunObserver } from '../../../engine/observer.js';
import { type Services } from '../../../services.js';
import { color, type Output } from '../../output.js';

/** Check the actor's role for an act before anything changes (exit 4 if refused). */
export function authorize(services: Services, act: Act, what: string): void {
  requireRole(services.roleBook(), services.actor, act, what);
}

/** Exit code for how a run ended: 0 succeeded, 3 waiting on a human, 1 anything else. */
/** A run that failed because its target or engine was missing keeps that error's exit code. */
const FAILURE_EXIT_CODES: Record<string, number> = {
  NOT_FOUND: ExitCode.NOT_FOUND,
  DOCKER_UNREACHABLE: ExitCode.DOCKER_UNREACHABLE,
  INTEGRITY: ExitCode.INTEGRITY,
};

export function exitCodeForRun(result: DriveResult): number {
  if (result.status === 'succeeded') return ExitCode.OK;
  if (result.status === 'waiting' || result.status === 'needs_decision') return ExitCode.WAITING;
  // a rolled-back or aborted run did what it was told to on failure: that is exit 1
  if (result.status !== 'failed') return ExitCode.FAILED;
  return FAILURE_EXIT_CODES[result.failure?.code ?? ''] ?? ExitCode.FAILED;
}

/** Plain progress lines: readable in a terminal, in CI logs and when piped. */
export function lineObserver(output: Output): RunObserver {
  if (output.json) return {};
  return {
    phaseEntered: (phase) => output.err(color.bold(`── ${phase}`)),
    stepStarted: (stepId, action, _params, attempt) => output.err(`  ▶ ${stepId}  ${color.dim(action)}${attempt > 1 ? color.dim(` (attempt ${attempt})`) : ''}`),
    stepFinished: (stepId, result, ms) =>
      output.err(`  ${result.outcome === 'skipped' ? color.yellow('↷') : color.green('✓')} ${stepId}  ${color.dim(`${ms} ms`)}  ${result.summary ?? ''}`),
    stepFailed: (stepId, message, willRetry) => output.err(`  ${color.red('✗')} ${stepId}  ${message}${willRetry ? color.dim(' — retrying') : ''}`),
    gateWaiting: (stepId, approval) =>
      output.err(`  ${color.yellow('⏸')} ${stepId}  waiting for approval by ${approval.quorum} × ${approval.roles.join('/')}${approval.message ? `: ${approval.message}` : ''}`),
  };
}

export function reportRunEnd(output: Output, result: DriveResult): void {
  if (output.json) {
    output.out(JSON.stringify(result, null, 2));
    return;
  }
  const id = result.incidentId;
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
