import { createActor } from 'xstate';
import { findAction } from '../actions/registry.js';
import type { IncidentScope } from '../docker/scope.js';
import { isStoreDiskFailure, storeDiskError, WaitingError } from '../errors.js';
import { loadRunbook, type LoadedRunbook } from '../runbook/load.js';
import type { Services } from '../services.js';
import { syncWal, writeUnsynced } from '../store/db.js';
import { compileRunbook, FINAL_STATES, stepPhases, type FinalState, type RunContext, type RunInput } from './compile.js';
import { isParallelStep, type Runbook } from '../runbook/schema.js';
import { completeManifestAfterCrash, removeInterruptedCaptures } from './after-crash.js';
import type { EngineDeps, LifecycleEvent } from './deps.js';
import { makeAwaitGate } from './gate-actor.js';
import { newIncidentId, nowIso } from './ids.js';
import { addTimeline, getIncident, incidentScope, insertIncident, releaseAutoOnly, setIncidentState, type IncidentStatus } from './incidents.js';
import { resolveInputs } from './inputs.js';
import { interruptedSteps, pendingDecision, recordDecision, type JournalRow, type StepDecision } from './journal.js';
import type { RunObserver } from './observer.js';
import { makeRollback } from './rollback-actor.js';
import { checkpoint, persistEveryTransition, type GateWatch } from './run-persistence.js';
import { makeRunStep, type StepFaultHandler } from './step-actor.js';
import { decisionHint, stepsReadingOutputs } from './skip-rule.js';
import { isBeingRun, LEASE_MS, newRunnerId, releaseLease, renewLease, takeLease } from './run-lease.js';
import { fireIncidentDeadlines, scheduleIncidentClock, stopIncidentClock } from './oncall.js';
import { signalChange, systemClock, wakeupsFor, type Clock } from './wakeups.js';

export { isBeingRun };

const INFLIGHT_GRACE_MS = 5_000;
/** The lease is renewed on a heartbeat well inside its length (not a poll: nothing is read). */
const HEARTBEAT_MS = LEASE_MS / 3;

export interface OpenIncidentOptions {
  loaded: LoadedRunbook;
  inputs: Record<string, unknown>;
  alert?: unknown;
  initiator: string;
  target?: string;
  /** Opened by an alert: run only `auto` steps until a human takes over. */
  autoOnly?: boolean;
  /** A rerun: begin at this step, and remember which incident it repeats. */
  startAt?: string;
  rerunOf?: string;
  /** Opened by an alert: the containers its steps may act on (the config's scope, and the key's). */
  scope?: IncidentScope;
}

/** Check the inputs and record a new incident; nothing runs yet. */
export function openIncident(services: Pick<Services, 'db'>, options: OpenIncidentOptions): string {
  const inputs = resolveInputs(options.loaded.runbook, options.inputs);
  const incidentId = newIncidentId();
  insertIncident(services.db, {
    id: incidentId,
    runbookName: options.loaded.runbook.name,
    runbookFile: options.loaded.file,
    runbookSource: options.loaded.source,
    severity: options.loaded.runbook.severity,
    inputs,
    alert: options.alert,
    target: options.target ?? (typeof inputs.container === 'string' ? inputs.container : undefined),
    initiator: options.initiator,
    autoOnly: options.autoOnly,
    startAt: options.startAt,
    rerunOf: options.rerunOf,
    scope: options.scope,
  });
  return incidentId;
}

export interface DriveOptions {
  observer?: RunObserver;
  /** Stop driving (status `waiting`, exit code 3) when a gate or a step needs a human, instead of waiting. */
  stopAtGate?: boolean;
  /**
   * Stop driving only where a person must take over (a step not marked auto in an alert-opened
   * run), so `irctl resume` can; wait at gates, firing their deadlines (how `irctl serve` drives).
   */
  stopAtHuman?: boolean;
  /** A human drives this run (CLI resume/approve): steps that are not `auto` may run. */
  takeOver?: boolean;
  notify?: EngineDeps['notify'];
  /** Time for gates and deadlines (tests pass fake time). */
  clock?: Clock;
  /** Run a step's work when its phase has a free slot (serve's pool). */
  admit?: EngineDeps['admit'];
  /**
   * Who the steps act as from here on (custody actor, timeline, evidence captured_by): the person
   * or process driving the run now. Default: the incident's initiator, which is how `irctl serve`
   * drives an alert-opened run (as the alert's identity). The initiator itself never changes.
   */
  runAs?: string;
  /**
   * Stop driving at a resumable point (Ctrl-C, detach at a prompt) — not `abort`, which closes the
   * incident. The step in flight is cut off and journaled as interrupted; `irctl resume` goes on.
   */
  stop?: AbortSignal;
  /**
   * A human's word on an interrupted step (`resume --retry-step/--skip-step`), stored only once this
   * process holds the lease: a resume that loses the run to another process leaves none behind.
   */
  decision?: { stepId: string; decision: StepDecision };
}

export interface DriveResult {
  incidentId: string;
  status: IncidentStatus;
  waitingOn?: string;
  /** What the run waits for at `waitingOn`: a gate's approvals, or a person taking over. */
  waitingFor?: 'approval' | 'takeover';
  failure?: { stepId: string; message: string; code?: string };
  /**
   * Set when `stop` ended the drive: where, and the abort reason (e.g. SIGINT). At a step that needs
   * a decision, `outputsReadBy` names the later steps reading its outputs (non-empty: no skipping).
   */
  stopped?: { stepId?: string; reason: string; outputsReadBy?: string[] };
  /** Set when a fault stopped the run (engine gone, evidence disk full): resumable once it is fixed. */
  fault?: { stepId: string; code: string; message: string; hint?: string; exitCode: number };
}

/**
 * Drive an incident's run from wherever it stands (new, or restored from its persisted snapshot)
 * until it ends, or until it waits at a gate when stopAtGate is set. Every transition is persisted
 * before anything else happens, so a `kill -9` at any point loses nothing: `irctl resume` drives
 * again from the last snapshot and the journal keeps finished steps from running twice.
 */
export async function driveIncident(services: Services, incidentId: string, options: DriveOptions = {}): Promise<DriveResult> {
  const { db } = services;
  const incident = getIncident(db, incidentId);
  if ((FINAL_STATES as readonly string[]).includes(incident.status)) return { incidentId, status: incident.status };
  const clock = options.clock ?? systemClock;
  // The run's lifecycle events go out in order, and none before the run's start is durable (below);
  // the drive returns only once every one of them has been handed over.
  let announced: Promise<void> = Promise.resolve();
  const tell = options.notify;
  const notify =
    tell &&
    ((event: LifecycleEvent) => {
      announced = announced
        .then(() => tell(event))
        .catch((error: unknown) =>
          services.log.error({ incidentId, event: event.kind, error: (error as Error).message }, 'a lifecycle event could not be handed over'),
        );
    });

  const loaded = loadRunbook(incident.runbook_source, incident.runbook_file);
  try {
    refuseIfUndecided(services, incidentId, loaded.runbook, options.decision?.stepId);
  } catch (error) {
    if (error instanceof WaitingError)
      tell?.({ kind: 'decision_needed', incidentId, stepId: getIncident(db, incidentId).current_step ?? undefined, detail: { message: error.message } });
    throw error;
  }
  const runnerId = newRunnerId();
  takeLease(services, incidentId, runnerId);
  if (options.decision) recordDecision(db, incidentId, options.decision.stepId, options.decision.decision, services.actor);

  let waitingOn: string | undefined;
  const gate: GateWatch = {};
  let waitingFor: DriveResult['waitingFor'];
  // Front ends hear of a phase just before its first step, so headers and steps print in order.
  const phaseOf = stepPhaseLookup(loaded.runbook);
  let announcedPhase: string | undefined;
  const announce = (stepId: string) => {
    const phase = phaseOf(stepId);
    if (phase && phase !== announcedPhase) options.observer?.phaseEntered?.((announcedPhase = phase));
  };
  const actions = new Map<string, string>();
  const observer: RunObserver = {
    ...options.observer,
    phaseEntered: undefined,
    stepStarted: (stepId, action, params, attempt) => {
      announce(stepId);
      actions.set(stepId, action);
      options.observer?.stepStarted?.(stepId, action, params, attempt);
    },
    stepFinished: (stepId, result, durationMs) => {
      options.observer?.stepFinished?.(stepId, result, durationMs);
      if (result.outcome === 'done' && actions.get(stepId) === 'recover.release')
        notify?.({ kind: 'released', incidentId, stepId, detail: { summary: result.summary ?? null } });
    },
    gateWaiting: (stepId, approval, visit) => {
      announce(stepId);
      // approvers find the run by its status while a live process waits here, not only once it stops.
      // The snapshot goes in the same write: the gate starts inside the transition, before the
      // subscriber persists it, and currentVisit (which decisions go to) reads the visit from it.
      setIncidentState(db, incidentId, { status: 'waiting', current_step: stepId, snapshot: JSON.stringify(actor.getPersistedSnapshot()) });
      gate.waitingAt = stepId;
      options.observer?.gateWaiting?.(stepId, approval, visit);
      if (options.stopAtGate) [waitingOn, waitingFor] = [stepId, 'approval'];
      waiter.poke();
    },
    humanNeeded: (stepId, action) => {
      options.observer?.humanNeeded?.(stepId, action);
      if (options.stopAtGate || options.stopAtHuman) [waitingOn, waitingFor] = [stepId, 'takeover'];
      waiter.poke();
    },
  };
  removeInterruptedCaptures(services, incidentId);
  if (incident.snapshot) await completeManifestAfterCrash(services, incidentId);
  if (options.takeOver) releaseAutoOnly(db, incidentId, services.actor);
  const deps: EngineDeps = {
    db,
    services: { db, evidenceDir: services.paths.evidenceDir, docker: services.docker, config: services.config },
    log: services.log,
    runbook: loaded.runbook,
    runAs: options.runAs ?? incident.initiator,
    // an alert-opened incident from before scopes were recorded is held to the config's scope now
    scope: incidentScope(incident) ?? (incident.initiator.startsWith('alert:') ? { server: services.config.scope } : undefined),
    observer,
    notify,
    clock,
    admit: options.admit,
    inflight: new Set(),
  };
  // the runner stops on the caller's signal (Ctrl-C) or on a step's fault, the same resumable way
  const halt = new AbortController();
  const onCallerStop = () => halt.abort(options.stop?.reason);
  if (options.stop?.aborted) onCallerStop();
  else options.stop?.addEventListener('abort', onCallerStop, { once: true });
  let fault: DriveResult['fault'];
  const onFault: StepFaultHandler = (stepId, error) => {
    fault ??= { stepId, code: error.code, message: error.message, hint: error.hint, exitCode: error.exitCode };
    halt.abort('fault');
  };
  const machine = compileRunbook(loaded.runbook, { startAt: incident.start_at ?? undefined }).provide({
    actors: { runStep: makeRunStep(deps, halt.signal, onFault), awaitGate: makeAwaitGate(deps), rollback: makeRollback(deps) },
  });
  const input: RunInput = { incidentId, inputs: JSON.parse(incident.inputs), alert: incident.alert ? JSON.parse(incident.alert) : undefined };
  const actor = incident.snapshot ? createActor(machine, { input, snapshot: JSON.parse(incident.snapshot) }) : createActor(machine, { input });

  // The run wakes on its own transitions, on changes to its incident (decisions, abort), on its
  // next deadline and on the stop signal; it never polls.
  const waiter = wakeupsFor(db, clock).subscribe(incidentId);
  // One commit for the run's start, and no wait for its sync: the first steps' starts come in this
  // same turn and share it (an alert's drive is on its way to isolate), and a step acts only once its
  // start is durable, which makes this commit durable too (the WAL keeps commits in order). `opened`,
  // and every event after it, waits for this sync.
  writeUnsynced(db, () => {
    setIncidentState(db, incidentId, { status: 'running' });
    addTimeline(db, incidentId, incident.snapshot ? 'run_resumed' : 'run_started', { actor: services.actor });
    scheduleIncidentClock(db, incidentId, services.config.oncall);
  });
  const startDurable = syncWal(db);
  announced = announced
    .then(() => startDurable)
    .then(
      () => {
        if (!incident.snapshot)
          tell?.({ kind: 'opened', incidentId, detail: { runbook: incident.runbook_name, severity: incident.severity, target: incident.target } });
      },
      (error: unknown) => services.log.error({ incidentId, error: (error as Error).message }, 'the run start could not be synced; opened not announced'),
    );
  const persistence = persistEveryTransition(services, incidentId, actor, gate, onFault);
  const contained = watchContainment(actor, () => notify?.({ kind: 'contained', incidentId, detail: { runbook: incident.runbook_name } }));
  const moved = actor.subscribe({ next: () => waiter.poke(), error: () => waiter.poke(), complete: () => waiter.poke() });
  const heartbeat = setInterval(() => {
    try {
      renewLease(services, incidentId, runnerId);
    } catch (error) {
      if (!isStoreDiskFailure(error)) throw error;
      onFault(getIncident(db, incidentId).current_step ?? '', storeDiskError(error, db.name, incidentId));
    }
  }, HEARTBEAT_MS);
  // Stop at once, before a cut-off step's rejection can move the machine: the snapshot stays in that step.
  const onStop = () => {
    persistence.unsubscribe();
    if (actor.getSnapshot().status === 'active') actor.stop();
    waiter.poke();
  };

  try {
    actor.start();
    if (halt.signal.aborted) onStop();
    else halt.signal.addEventListener('abort', onStop, { once: true });
    for (;;) {
      const snapshot = actor.getSnapshot();
      if (snapshot.status === 'done') return finish(services, incidentId, snapshot.value as FinalState, snapshot.context as RunContext, notify);
      if (snapshot.status === 'error') {
        const message = (snapshot.error as Error)?.message ?? String(snapshot.error);
        setIncidentState(db, incidentId, { status: 'failed', finished_at: nowIso() });
        addTimeline(db, incidentId, 'incident_closed', { detail: { status: 'failed', error: message } });
        stopIncidentClock(db, incidentId);
        checkpoint(services, incidentId, 'closed:failed'); // every close signs the head, as finish does
        notify?.({ kind: 'failed', incidentId, detail: { error: message } });
        return { incidentId, status: 'failed', failure: { stepId: '', message } };
      }
      if (halt.signal.aborted) {
        await drain(deps);
        if (fault) return { ...stoppedOnFault(services, incidentId, fault, gate.waitingAt, loaded.runbook), fault };
        return stoppedHere(services, incidentId, String(halt.signal.reason ?? 'stopped'), gate.waitingAt, loaded.runbook);
      }
      if (waitingOn) {
        actor.stop();
        setIncidentState(db, incidentId, { status: 'waiting', current_step: waitingOn });
        return { incidentId, status: 'waiting', waitingOn, waitingFor };
      }
      const abortBy = getIncident(db, incidentId).abort_requested;
      if (abortBy) {
        addTimeline(db, incidentId, 'abort_requested', { actor: abortBy });
        actor.send({ type: 'ABORT', actor: abortBy });
        continue;
      }
      await fireIncidentDeadlines(db, incidentId, clock.now(), notify);
      await waiter.next();
    }
  } finally {
    halt.signal.removeEventListener('abort', onStop);
    options.stop?.removeEventListener('abort', onCallerStop);
    clearInterval(heartbeat);
    moved.unsubscribe();
    contained.unsubscribe();
    waiter.close();
    persistence.unsubscribe();
    if (actor.getSnapshot().status === 'active') actor.stop();
    await drain(deps);
    releaseLease(services, incidentId, runnerId);
    await announced;
  }
}

/** Tell people once the run leaves the containment phase for a later one (not for an end state). */
function watchContainment(actor: ReturnType<typeof createActor>, onContained: () => void) {
  let inContainment = false;
  let told = false;
  return actor.subscribe({
    next: (snapshot: { value: unknown }) => {
      const value = snapshot.value;
      const phase = typeof value === 'string' ? value : Object.keys(value as object)[0];
      if (phase === 'containment') inContainment = true;
      else if (inContainment && !told && phase && !(FINAL_STATES as readonly string[]).includes(phase) && phase !== 'rollback') {
        told = true;
        onContained();
      }
    },
    error: () => undefined,
  });
}

/** An aborted step still records its end in the journal; let it, before anyone reads it or closes the store. */
async function drain(deps: EngineDeps): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, INFLIGHT_GRACE_MS)));
  try {
    await Promise.race([Promise.allSettled([...deps.inflight]), grace]);
  } finally {
    clearTimeout(timer); // a finished CLI run exits because nothing is left on the event loop
  }
}

/**
 * The run was stopped (Ctrl-C, detach) and its step in flight has ended as interrupted. Leave the
 * incident as a dead process would, so resume treats both alike: `needs_decision` at a cut-off
 * step that is not safe to repeat, `waiting` at a gate, else resumable as it stands.
 */
function stoppedHere(
  services: Services,
  incidentId: string,
  reason: string,
  waitingAt: string | undefined,
  runbook: Runbook,
  fault?: DriveResult['fault'],
): DriveResult {
  const undecided = undecidedInterruption(services, incidentId);
  if (undecided) setIncidentState(services.db, incidentId, { status: 'needs_decision', current_step: undecided.step_id });
  const incident = getIncident(services.db, incidentId);
  const stepId = undecided?.step_id ?? incident.current_step ?? undefined;
  addTimeline(services.db, incidentId, 'run_stopped', {
    stepId,
    actor: services.actor,
    detail: { reason, ...(fault ? { fault: { code: fault.code, hint: fault.hint ?? null } } : {}) },
  });
  const atGate = !undecided && incident.status === 'waiting' && waitingAt === incident.current_step;
  return {
    incidentId,
    status: incident.status,
    stopped: { stepId, reason, ...(undecided ? { outputsReadBy: stepsReadingOutputs(runbook, undecided.step_id) } : {}) },
    ...(atGate ? { waitingOn: waitingAt, waitingFor: 'approval' as const } : {}),
  };
}

/** Stopped by a fault: as stoppedHere, unless the fault is a store that cannot take the stop's record. */
function stoppedOnFault(services: Services, incidentId: string, fault: NonNullable<DriveResult['fault']>, waitingAt: string | undefined, runbook: Runbook) {
  try {
    return stoppedHere(services, incidentId, fault.message, waitingAt, runbook, fault);
  } catch (error) {
    // the store's disk is full or failing: the incident stays as a killed process leaves it, which resume handles
    if (!isStoreDiskFailure(error)) throw error;
    return { incidentId, status: getIncident(services.db, incidentId).status, stopped: { stepId: fault.stepId, reason: fault.message } };
  }
}

/** The phase of any step id, branches of parallel groups included. */
export function stepPhaseLookup(runbook: Runbook): (stepId: string) => string | undefined {
  const phases = stepPhases(runbook);
  for (const step of runbook.steps) {
    if (isParallelStep(step)) for (const branch of step.parallel) phases.set(branch.id, phases.get(step.id)!);
  }
  return (stepId) => phases.get(stepId);
}

function finish(services: Services, incidentId: string, finalState: FinalState, context: RunContext, notify?: EngineDeps['notify']): DriveResult {
  const status: IncidentStatus = finalState;
  setIncidentState(services.db, incidentId, { status, finished_at: nowIso(), current_step: null });
  addTimeline(services.db, incidentId, 'incident_closed', { detail: { status, failure: context.failure ?? null } });
  stopIncidentClock(services.db, incidentId);
  checkpoint(services, incidentId, `closed:${status}`);
  const detail = { status, failure: context.failure ?? null };
  notify?.({ kind: status === 'succeeded' ? 'closed' : status, incidentId, detail });
  return { incidentId, status, failure: context.failure };
}

/** A step cut off mid-run (kill -9, Ctrl-C) that is not safe to repeat and has no human's word yet. */
function undecidedInterruption(services: Services, incidentId: string, decidedNow?: string): JournalRow | undefined {
  return interruptedSteps(services.db, incidentId).find((row) => {
    if (row.step_id === decidedNow) return false;
    const action = row.action ? findAction(row.action) : undefined;
    return !action?.idempotent && !pendingDecision(services.db, incidentId, row.step_id);
  });
}

/** A step that was cut off mid-run and is not safe to repeat needs a human's word first. */
function refuseIfUndecided(services: Services, incidentId: string, runbook: Runbook, decidedNow?: string): void {
  const row = undecidedInterruption(services, incidentId, decidedNow);
  if (!row) return;
  setIncidentState(services.db, incidentId, { status: 'needs_decision', current_step: row.step_id });
  const readers = stepsReadingOutputs(runbook, row.step_id);
  throw new WaitingError(
    `step "${row.step_id}" (${row.action}) of ${incidentId} was interrupted mid-run and is not safe to repeat automatically; decide whether to run it again${readers.length === 0 ? ' or skip it' : ''}`,
    { hint: decisionHint(incidentId, row.step_id, readers) },
  );
}

/** Abort a run: a live runner is asked through the store; a stopped one is closed here. */
export function abortIncident(services: Services, incidentId: string): 'requested' | 'aborted' | IncidentStatus {
  const row = getIncident(services.db, incidentId);
  if ((FINAL_STATES as readonly string[]).includes(row.status)) return row.status;
  if (isBeingRun(services, incidentId)) {
    setIncidentState(services.db, incidentId, { abort_requested: services.actor });
    signalChange(services.db, incidentId); // a run in this process hears it at once; others within a check
    return 'requested';
  }
  setIncidentState(services.db, incidentId, { status: 'aborted', finished_at: nowIso(), abort_requested: services.actor });
  addTimeline(services.db, incidentId, 'incident_closed', { actor: services.actor, detail: { status: 'aborted' } });
  checkpoint(services, incidentId, 'closed:aborted'); // every close signs the head, as finish does
  return 'aborted';
}
