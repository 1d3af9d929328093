import { decideAtTerminal } from './gate-session.js';
import { driveIncident, type DriveOptions, type DriveResult } from '../../../engine/runner.js';
import type { LifecycleEvent } from '../../../engine/deps.js';
import { getIncident } from '../../../engine/incidents.js';
import { cliNotifier } from '../oncall/notifier.js';
import type { RunObserver } from '../../../engine/observer.js';
import type { Services } from '../../../services.js';
import { liveView } from '../../live/live-observer.js';
import { color, type Output } from '../../output.js';
import { DETACH, lineObserver } from './shared.js';

export interface CliDriveOptions {
  /** At a gate, wait for a decision from anywhere instead of stopping (exit 3) or prompting. */
  wait?: boolean;
  stdinIsTty?: boolean;
  stderrIsTty?: boolean;
  /** A person resumes: steps not marked auto may run in an alert-opened incident. */
  takeOver?: boolean;
  /** resume --retry-step/--skip-step: stored once this process holds the run's lease. */
  decision?: DriveOptions['decision'];
}

/**
 * Drive an incident for a person at a terminal: live progress on a TTY, plain lines otherwise;
 * at a gate, a prompt when stdin is a TTY (approve, reject, wait, detach) while the run waits
 * there, else stop with exit 3 or wait with --wait. Steps act as the person running this command.
 * Ctrl-C (or SIGTERM) stops the run where it stands, resumable; a second one quits at once.
 */
export async function driveFromCli(services: Services, incidentId: string, output: Output, options: CliDriveOptions = {}): Promise<DriveResult> {
  const stderrIsTty = options.stderrIsTty ?? Boolean(process.stderr.isTTY);
  const canPrompt = !output.json && !options.wait && stderrIsTty && (options.stdinIsTty ?? Boolean(process.stdin.isTTY));
  const view = !output.json && stderrIsTty ? liveView(lineObserver, output) : undefined;
  const stop = new AbortController();
  const removeSignalHandlers = stopOnSignals(stop, output, () => view?.pause());
  const prompts = new Set<Promise<void>>();
  const base = view?.observer ?? lineObserver(output);
  // the run keeps waiting at the gate (holding its lease, status `waiting`) while the person is asked
  const observer: RunObserver = canPrompt
    ? {
        ...base,
        gateWaiting: (stepId, approval, visit) => {
          base.gateWaiting?.(stepId, approval, visit);
          view?.pause();
          const asking = askAtGate(services, { incidentId, stepId, visit }, output, stop);
          prompts.add(asking);
          void asking.finally(() => prompts.delete(asking));
        },
      }
    : base;
  // people hear of a CLI-driven run as of a served one (the config's channels and on-call contacts)
  const notifier = await cliNotifier(services);
  const incident = getIncident(services.db, incidentId);
  const notify =
    notifier &&
    ((event: LifecycleEvent) => notifier.send({ ...event, runbook: incident.runbook_name, severity: incident.severity, target: incident.target ?? undefined }));
  try {
    return await driveIncident(services, incidentId, {
      observer,
      stopAtGate: !options.wait && !canPrompt,
      takeOver: options.takeOver,
      runAs: services.actor,
      stop: stop.signal,
      notify,
      decision: options.decision,
    });
  } finally {
    await notifier?.flush();
    if (!stop.signal.aborted) stop.abort(DETACH); // takes down a prompt still open (the run ended without it)
    await Promise.allSettled([...prompts]);
    removeSignalHandlers();
    view?.stop();
  }
}

async function askAtGate(services: Services, at: { incidentId: string; stepId: string; visit: number }, output: Output, stop: AbortController): Promise<void> {
  const { incidentId, stepId } = at;
  try {
    const next = await decideAtTerminal(services, at, output, stop.signal);
    if (next === 'detach') stop.abort(DETACH);
    if (next === 'wait')
      output.err(color.dim(`waiting at "${stepId}" for someone else to decide (irctl approve ${incidentId}); Ctrl-C stops here, irctl resume goes on`));
  } catch (error) {
    output.err(`the prompt at "${stepId}" failed: ${(error as Error).message}`);
    stop.abort(DETACH);
  }
}

/** First SIGINT/SIGTERM: stop the run at a resumable point. A second one: the signal's default, at once. */
function stopOnSignals(stop: AbortController, output: Output, beforePrint: () => void): () => void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      remove();
      process.kill(process.pid, signal); // no handler left: the process ends by the signal now
      return;
    }
    signalled = true;
    beforePrint();
    if (!output.json) output.err(color.dim(`${signal}: stopping at the current step (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again quits at once)`));
    stop.abort(signal);
  };
  const remove = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return remove;
}
