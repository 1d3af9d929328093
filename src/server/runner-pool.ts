import { EventEmitter } from 'node:events';
import { resolveContainer } from '../docker/target.js';
import type { RunObserver } from '../engine/observer.js';
import { driveIncident, isBeingRun, stepPhaseLookup, type DriveResult } from '../engine/runner.js';
import { orphanedIncidents } from '../engine/run-lease.js';
import { addTimeline, getIncident } from '../engine/incidents.js';
import { loadRunbook } from '../runbook/load.js';
import type { Logger } from '../log.js';
import { isParallelStep, type Runbook } from '../runbook/schema.js';
import type { Services } from '../services.js';
import type { ServerMetrics } from './metrics.js';
import type { Notifier } from './notify.js';
import { KeyedLock, Semaphore } from '../locks.js';

export interface RunRequest {
  incidentId: string;
  runbook: string;
  /** The container as the alert or the inputs named it; the lock uses the engine's full id. */
  target?: string;
  host?: string;
  /** When the alert arrived (epoch ms), for the containment latency. */
  receivedAt?: number;
  /** The engine's full id of `target`, when intake already resolved it. */
  containerId?: string;
}

export interface PoolOptions {
  services: Services;
  metrics: ServerMetrics;
  notifier: Notifier;
  /** Steps acting at once per budget (containment has its own); more wait their turn. */
  concurrency: number;
  /** Where the run-transition lines go (default: the services' logger). */
  log?: Logger;
}

/** How a drive ended; the pool keeps nothing of it once listeners have heard. */
export type DriveOutcome = { incidentId: string } & ({ result: DriveResult } | { error: string });

/**
 * Drives, in this process, every incident the server opens or adopts, without holding up the HTTP
 * handler, to the end of what needs no human: it waits at gates (their escalations and timeouts
 * fire on time) and stops only where a person must take over. Each drive holds its container's
 * lock, so two incidents never act on one container at once. A step acts only when its phase has
 * a free slot: containment has its own budget, so it never queues behind other incidents'
 * evidence, investigation or recovery work. Finished drives are announced ('settled') and forgotten.
 */
export class RunnerPool extends EventEmitter<{ settled: [DriveOutcome] }> {
  private readonly targets = new KeyedLock();
  private readonly containmentSlots: Semaphore;
  private readonly otherSlots: Semaphore;
  private readonly running = new Set<Promise<void>>();
  private readonly driving = new Set<string>();
  /** Server shutdown: every drive stops where it stands, resumable, and is adopted again on start. */
  private readonly stopping = new AbortController();

  private readonly log: Logger;

  constructor(private readonly options: PoolOptions) {
    super();
    this.log = options.log ?? options.services.log;
    this.containmentSlots = new Semaphore(options.concurrency);
    this.otherSlots = new Semaphore(options.concurrency);
  }

  /** Start driving an incident in the background (a second submit of one being driven is a no-op).
   *  Whatever goes wrong is logged and noted, never thrown. */
  submit(request: RunRequest): void {
    if (this.driving.has(request.incidentId) || this.stopping.signal.aborted) return;
    this.driving.add(request.incidentId);
    const drive = this.drive(request)
      .catch((error: unknown) => this.driveFailed(request, error))
      .finally(() => this.driving.delete(request.incidentId));
    this.running.add(drive);
    void drive.finally(() => this.running.delete(drive));
  }

  /** Incidents this pool drives now. */
  drivenIncidents(): string[] {
    return [...this.driving];
  }

  /** Stop every drive at a resumable point (shutdown) and wait for them. */
  async close(): Promise<void> {
    this.stopping.abort('irctl serve stopping');
    await this.idle();
  }

  /** Resolves when every drive submitted so far has stopped. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /**
   * On start: take over every incident whose driver died on this host (kill -9, crash, reboot)
   * and drive it on. Finished steps are never re-run (the journal); an interrupted step that is not
   * safe to repeat stops the drive with `needs_decision` and a notification. Deadlines that passed
   * meanwhile fire once, now, in order (the gate and the incident clock fire what is due on entry).
   */
  adoptOrphans(): string[] {
    const { services } = this.options;
    const adopted: string[] = [];
    for (const incident of orphanedIncidents(services.db)) {
      this.log.info(
        { event: 'run', transition: 'adopted', incidentId: incident.id, runbook: incident.runbook_name, previousDriver: incident.runner_id },
        'adopting an incident whose driver is gone',
      );
      this.submit({ incidentId: incident.id, runbook: incident.runbook_name, target: incident.target ?? undefined });
      adopted.push(incident.id);
    }
    return adopted;
  }

  private async drive(request: RunRequest): Promise<void> {
    const { services, metrics } = this.options;
    const lockKey = await this.lockKey(request);
    await this.targets.run(lockKey, async () => {
      // a drive queued behind another for the same incident finds it already driven or done
      if (isBeingRun(services, request.incidentId)) return;
      metrics.runsActive.inc();
      const watch = this.observer(request);
      this.logRun(request, 'info', { transition: 'run_started' }, 'run started');
      const severity = getIncident(services.db, request.incidentId).severity;
      let outcome: DriveOutcome;
      try {
        const result = await driveIncident(services, request.incidentId, {
          stopAtHuman: true,
          stop: this.stopping.signal,
          observer: watch.observer,
          admit: this.admission(request.incidentId),
          notify: (event) => {
            if (event.kind === 'opened') return; // the intake announced it, with the alert
            this.options.notifier.send({ ...event, runbook: request.runbook, severity, target: request.target });
          },
        });
        outcome = { incidentId: request.incidentId, result };
        this.logRunEnd(request, result);
        metrics.runsFinished.inc({ status: result.status });
        watch.containmentOver(); // containment was the runbook's last phase
      } catch (error) {
        outcome = { incidentId: request.incidentId, error: (error as Error).message };
        metrics.runsFinished.inc({ status: 'error' });
        this.logRun(request, 'error', { transition: 'run_failed', error: (error as Error).message }, 'driving an alert-opened incident failed');
      } finally {
        metrics.runsActive.dec();
      }
      this.emit('settled', outcome);
    });
  }

  /**
   * A step acts when its budget has a free slot: containment's own for the containment phase and for
   * whatever the runbook runs before its first containment steps (the shipped runbooks' volatile
   * captures stand in front of isolate), the shared one for the rest.
   */
  private admission(incidentId: string) {
    const incident = getIncident(this.options.services.db, incidentId);
    const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
    const ahead = containmentPath(runbook);
    return <T>(stepId: string, work: () => Promise<T>): Promise<T> => (ahead.has(stepId) ? this.containmentSlots : this.otherSlots).run(work);
  }

  /** A drive that failed outside driveIncident's own handling: logged and on the timeline; the incident stays resumable. */
  private driveFailed(request: RunRequest, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const { services, metrics } = this.options;
    this.emit('settled', { incidentId: request.incidentId, error: message });
    metrics.runsFinished.inc({ status: 'error' });
    this.logRun(request, 'error', { transition: 'run_failed', error: message }, 'driving an alert-opened incident failed');
    try {
      addTimeline(services.db, request.incidentId, 'drive_failed', {
        actor: 'irctl-serve',
        detail: { error: message, resume: `irctl resume ${request.incidentId}` },
      });
    } catch (noted) {
      this.log.error({ incidentId: request.incidentId, error: (noted as Error).message }, 'the failed drive could not be noted on the timeline');
    }
  }

  /** The engine's full container id when it can be had, so a name and an id of one container share a lock. */
  private async lockKey(request: RunRequest): Promise<string> {
    const host = request.host ?? 'local';
    if (!request.target) return `incident:${request.incidentId}`;
    if (request.containerId) return `${host}/${request.containerId}`;
    try {
      // through the validated path: the reference grammar and the guarded client
      const target = await resolveContainer(this.options.services.docker, { container: request.target, host });
      return `${host}/${target.info.Id}`;
    } catch {
      return `${host}/${request.target}`; // unknown or invalid container: the step itself will say so
    }
  }

  /** One log line per run transition (event "run"), with the incident, runbook and container. */
  private logRun(request: RunRequest, level: 'info' | 'warn' | 'error', fields: Record<string, unknown> & { transition: string }, message: string): void {
    this.log[level]({ event: 'run', incidentId: request.incidentId, runbook: request.runbook, target: request.target, ...fields }, message);
  }

  /** How the drive ended: finished (succeeded, aborted, rolled back), failed, stopped, or waiting for a person. */
  private logRunEnd(request: RunRequest, result: DriveResult): void {
    if (result.stopped) {
      const { stepId, reason } = result.stopped;
      this.logRun(
        request,
        result.fault ? 'warn' : 'info',
        { transition: 'run_stopped', status: result.status, stepId, reason, ...(result.fault ? { code: result.fault.code } : {}) },
        `run stopped: ${reason}`,
      );
    } else if (result.status === 'failed') {
      this.logRun(
        request,
        'warn',
        { transition: 'run_failed', status: result.status, stepId: result.failure?.stepId || undefined, error: result.failure?.message },
        'run failed',
      );
    } else if (result.status === 'waiting' || result.status === 'needs_decision') {
      this.logRun(
        request,
        'info',
        { transition: 'run_waiting', status: result.status, stepId: result.waitingOn, waitingFor: result.waitingFor },
        `run waits for ${result.waitingFor === 'takeover' ? 'a person to take over' : 'a decision'}`,
      );
    } else {
      this.logRun(request, 'info', { transition: 'run_finished', status: result.status }, `run ${result.status}`);
    }
  }

  /** Step durations into /metrics; the containment latency once the run leaves containment (it may then wait at a gate for hours). */
  private observer(request: RunRequest): { observer: RunObserver; containmentOver(): void } {
    const { metrics } = this.options;
    const actions = new Map<string, string>();
    let phase: string | undefined;
    let containedAt: number | undefined;
    let observed = false;
    const containmentOver = () => {
      if (observed || containedAt === undefined || request.receivedAt === undefined) return;
      observed = true;
      metrics.containmentLatency.observe({ runbook: request.runbook }, (containedAt - request.receivedAt) / 1000);
    };
    const observer: RunObserver = {
      phaseEntered: (entered) => {
        if (phase === 'containment' && entered !== 'containment') containmentOver();
        phase = entered;
        this.logRun(request, 'info', { transition: 'phase_entered', phase: entered }, `phase ${entered}`);
      },
      stepStarted: (stepId, action, _params, attempt) => {
        actions.set(stepId, action);
        this.logRun(request, 'info', { transition: 'step_started', stepId, action, attempt }, `step ${stepId} started`);
      },
      stepFinished: (stepId, result, durationMs) => {
        metrics.stepDuration.observe({ action: actions.get(stepId) ?? 'gate', outcome: result.outcome }, durationMs / 1000);
        if (phase === 'containment' && result.outcome === 'done') containedAt = Date.now();
        const transition = result.outcome === 'done' ? 'step_finished' : `step_${result.outcome}`;
        this.logRun(
          request,
          'info',
          { transition, stepId, action: actions.get(stepId), outcome: result.outcome, ms: Math.round(durationMs), summary: result.summary?.slice(0, 500) },
          `step ${stepId} ${result.outcome}`,
        );
      },
      stepFailed: (stepId, message, willRetry) => {
        this.logRun(
          request,
          'warn',
          { transition: 'step_failed', stepId, action: actions.get(stepId), error: message.slice(0, 2000), willRetry },
          `step ${stepId} failed${willRetry ? '; retrying' : ''}`,
        );
      },
      gateWaiting: (stepId, _approval, visit) =>
        this.logRun(request, 'info', { transition: 'gate_waiting', stepId, visit }, `gate ${stepId} waits for approval`),
      humanNeeded: (stepId, action) =>
        this.logRun(request, 'info', { transition: 'human_needed', stepId, action }, `step ${stepId} waits for a person to take over`),
      escalated: (stepId) => this.logRun(request, 'warn', { transition: 'escalated', stepId }, `gate ${stepId} escalated`),
      stepUndone: (stepId, action, error) =>
        this.logRun(
          request,
          error ? 'warn' : 'info',
          { transition: error ? 'undo_failed' : 'step_undone', stepId, action, ...(error ? { error } : {}) },
          `step ${stepId} ${error ? 'could not be undone' : 'undone'}`,
        ),
    };
    return { observer, containmentOver };
  }
}

/**
 * The steps (and parallel branches) that take the containment budget: every containment-phase step,
 * and whatever the runbook runs before its first containment steps are done (the shipped runbooks'
 * volatile captures stand in front of isolate; a later evidence or investigation phase does not).
 */
export function containmentPath(runbook: Runbook): Set<string> {
  const phaseOf = stepPhaseLookup(runbook);
  const steps = runbook.steps;
  const first = steps.findIndex((step) => phaseOf(step.id) === 'containment');
  let end = first;
  while (first >= 0 && end + 1 < steps.length && phaseOf(steps[end + 1]!.id) === 'containment') end += 1;
  const path = new Set<string>();
  steps.forEach((step, index) => {
    if (index > end && phaseOf(step.id) !== 'containment') return;
    path.add(step.id);
    if (isParallelStep(step)) for (const branch of step.parallel) path.add(branch.id);
  });
  return path;
}
