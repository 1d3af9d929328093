import { resolveContainer } from '../docker/target.js';
import { addTimeline } from '../engine/incidents.js';
import type { RunObserver } from '../engine/observer.js';
import { driveIncident, isBeingRun, type DriveResult } from '../engine/runner.js';
import type { Services } from '../services.js';
import type { ServerMetrics } from './metrics.js';
import type { Notifier } from './notify.js';
import { KeyedLock, Semaphore } from './target-lock.js';

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
  /** Incidents driven at once; more wait their turn. */
  concurrency: number;
}

/**
 * Drives, in this process, every incident the server opens, without holding up the HTTP handler.
 * Each drive holds its container's lock, so two incidents never act on one container at once;
 * a drive stops where a human is needed (approval gate, first step not marked auto).
 */
export class RunnerPool {
  private readonly targets = new KeyedLock();
  private readonly slots: Semaphore;
  private readonly running = new Set<Promise<void>>();
  readonly results = new Map<string, DriveResult | { error: string }>();

  constructor(private readonly options: PoolOptions) {
    this.slots = new Semaphore(options.concurrency);
  }

  /** Start driving an incident in the background. Whatever goes wrong is logged and noted, never thrown. */
  submit(request: RunRequest): void {
    const drive = this.drive(request).catch((error: unknown) => this.driveFailed(request, error));
    this.running.add(drive);
    void drive.finally(() => this.running.delete(drive));
  }

  /** Resolves when every drive submitted so far has stopped. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async drive(request: RunRequest): Promise<void> {
    const { services, metrics } = this.options;
    const lockKey = await this.lockKey(request);
    await this.targets.run(lockKey, () =>
      this.slots.run(async () => {
        // a drive queued behind another for the same incident finds it already driven or done
        if (isBeingRun(services, request.incidentId)) return;
        metrics.runsActive.inc();
        const watch = this.observer(request);
        try {
          const result = await driveIncident(services, request.incidentId, {
            stopAtGate: true,
            observer: watch.observer,
            notify: (event) => this.options.notifier.send({ kind: event.kind === 'escalation' ? 'escalation' : 'gate_waiting', incidentId: event.incidentId, stepId: event.stepId, runbook: request.runbook, target: request.target, detail: event.detail }),
          });
          this.results.set(request.incidentId, result);
          metrics.runsFinished.inc({ status: result.status });
          const contained = watch.containedAt();
          if (contained !== undefined && request.receivedAt !== undefined) {
            metrics.containmentLatency.observe({ runbook: request.runbook }, (contained - request.receivedAt) / 1000);
          }
        } catch (error) {
          this.results.set(request.incidentId, { error: (error as Error).message });
          metrics.runsFinished.inc({ status: 'error' });
          services.log.error({ incidentId: request.incidentId, error: (error as Error).message }, 'driving an alert-opened incident failed');
        } finally {
          metrics.runsActive.dec();
        }
      }),
    );
  }

  /** A drive that failed outside driveIncident's own handling: logged and on the timeline; the incident stays resumable. */
  private driveFailed(request: RunRequest, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const { services, metrics } = this.options;
    this.results.set(request.incidentId, { error: message });
    metrics.runsFinished.inc({ status: 'error' });
    services.log.error({ incidentId: request.incidentId, error: message }, 'driving an alert-opened incident failed');
    try {
      addTimeline(services.db, request.incidentId, 'drive_failed', { actor: 'irctl-serve', detail: { error: message, resume: `irctl resume ${request.incidentId}` } });
    } catch (noted) {
      services.log.error({ incidentId: request.incidentId, error: (noted as Error).message }, 'the failed drive could not be noted on the timeline');
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

  /** Step durations into /metrics, humans told when a run needs them, containment time noted. */
  private observer(request: RunRequest): { observer: RunObserver; containedAt(): number | undefined } {
    const { metrics, notifier } = this.options;
    const actions = new Map<string, string>();
    let phase: string | undefined;
    let containedAt: number | undefined;
    const observer: RunObserver = {
      phaseEntered: (entered) => (phase = entered),
      stepStarted: (stepId, action) => actions.set(stepId, action),
      stepFinished: (stepId, result, durationMs) => {
        metrics.stepDuration.observe({ action: actions.get(stepId) ?? 'gate', outcome: result.outcome }, durationMs / 1000);
        if (phase === 'containment' && result.outcome === 'done') containedAt = Date.now();
      },
      humanNeeded: (stepId, action) =>
        notifier.send({ kind: 'human_needed', incidentId: request.incidentId, stepId, runbook: request.runbook, target: request.target, detail: { action } }),
    };
    return { observer, containedAt: () => containedAt };
  }
}
