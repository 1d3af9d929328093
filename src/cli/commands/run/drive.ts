import { decideAtTerminal } from './gate-session.js';
import { driveIncident, type DriveResult } from '../../../engine/runner.js';
import type { Services } from '../../../services.js';
import { liveView } from '../../live/live-observer.js';
import type { Output } from '../../output.js';
import { lineObserver } from './shared.js';

export interface CliDriveOptions {
  /** At a gate, wait for a decision from anywhere instead of stopping (exit 3) or prompting. */
  wait?: boolean;
  stdinIsTty?: boolean;
  stderrIsTty?: boolean;
  /** A person resumes: steps not marked auto may run in an alert-opened incident. */
  takeOver?: boolean;
}

/**
 * Drive an incident for a person at a terminal: live progress on a TTY, plain lines otherwise;
 * at a gate, a prompt when stdin is a TTY (approve, reject, wait, detach), else stop with exit 3
 * or wait with --wait.
 */
export async function driveFromCli(services: Services, incidentId: string, output: Output, options: CliDriveOptions = {}): Promise<DriveResult> {
  const stderrIsTty = options.stderrIsTty ?? Boolean(process.stderr.isTTY);
  const canPrompt = !output.json && !options.wait && stderrIsTty && (options.stdinIsTty ?? Boolean(process.stdin.isTTY));
  const view = !output.json && stderrIsTty ? liveView(lineObserver, output) : undefined;
  const observer = view?.observer ?? lineObserver(output);
  let wait = Boolean(options.wait);
  try {
    for (;;) {
      const result = await driveIncident(services, incidentId, { observer, stopAtGate: !wait, takeOver: options.takeOver });
      if (result.status !== 'waiting' || !result.waitingOn || !canPrompt) return result;
      view?.pause();
      const next = await decideAtTerminal(services, incidentId, result.waitingOn, output);
      if (next === 'detach') return result;
      if (next === 'wait') wait = true;
    }
  } finally {
    view?.stop();
  }
}
