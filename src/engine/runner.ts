import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { createActor, type AnyActorRef, type SnapshotFrom, type AnyStateMachine } from 'xstate';
import { findAction } from '../actions/registry.js';
import { writeCheckpoint } from '../custody/checkpoint.js';
import { appendCustody } from '../custody/ledger.js';
import { RefusedError, WaitingError } from '../errors.js';
import { loadRunbook, type LoadedRunbook } from '../runbook/load.js';
import type { Services } from '../services.js';
import { compileRunbook, FINAL_STATES, stepPhases, type FinalState, type RunContext, type RunInput } from './compile.js';
import { isParallelStep, type Runbook } from '../runbook/schema.js';
import type { EngineDeps } from './deps.js';
import { makeAwaitGate } from './gate-actor.js';
import { newIncidentId, nowIso } from './ids.js';
import { addTimeline, getIncident, insertIncident, releaseAutoOnly, setIncidentState, type IncidentStatus } from './incidents.js';
import { resolveInputs } from './inputs.js';
import { interruptedSteps, pendingDecision } from './journal.js';
import type { RunObserver } from './observer.js';
import { makeRollback } from './rollback-actor.js';
import { makeRunStep } from './step-actor.js';

const LEASE_MS = 5_000;
const INFLIGHT_GRACE_MS = 5_000;
const PARTIAL_CAPTURE = /^\.ev-.*\.partial$/;
const TICK_MS = 200;

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
  });
  return incidentId;
}

export interface DriveOptions {
  observer?: RunObserver;
  /** Stop driving (status `waiting`, exit code 3) when a gate needs a human, instead of waiting. */
  stopAtGate?: boolean;
  /** A human drives this run (CLI resume/approve): steps that are not `auto` may run. */
  takeOver?: boolean;
  notify?: EngineDeps['notify'];
  signal?: AbortSignal;
}

export interface DriveResult {
  incidentId: string;
  status: IncidentStatus;
  waitingOn?: string;
  /** What the run waits for at `waitingOn`: a gate's approvals, or a person taking over. */
  waitingFor?: 'approval' | 'takeover';
  failure?: { stepId: string; message: string; code?: string };
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

  const loaded = loadRunbook(incident.runbook_source, incident.runbook_file);
  refuseIfUndecided(services, incidentId);
  const runnerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  takeLease(services, incidentId, runnerId);

  let waitingOn: string | undefined;
  let waitingFor: DriveResult['waitingFor'];
  // Front ends hear of a phase just before its first step, so headers and steps print in order.
  const phaseOf = stepPhaseLookup(loaded.runbook);
  let announcedPhase: string | undefined;
  const announce = (stepId: string) => {
    const phase = phaseOf(stepId);
    if (phase && phase !== announcedPhase) options.observer?.phaseEntered?.((announcedPhase = phase));
  };
  const observer: RunObserver = {
    ...options.observer,
    phaseEntered: undefined,
    stepStarted: (stepId, action, params, attempt) => {
      announce(stepId);
      options.observer?.stepStarted?.(stepId, action, params, attempt);
    },
    gateWaiting: (stepId, approval) => {
      announce(stepId);
      options.observer?.gateWaiting?.(stepId, approval);
      if (options.stopAtGate) [waitingOn, waitingFor] = [stepId, 'approval'];
    },
    humanNeeded: (stepId, action) => {
      options.observer?.humanNeeded?.(stepId, action);
      if (options.stopAtGate) [waitingOn, waitingFor] = [stepId, 'takeover'];
    },
  };
  removeInterruptedCaptures(services, incidentId);
  if (options.takeOver) releaseAutoOnly(db, incidentId, services.actor);
  const deps: EngineDeps = {
    db,
    services: { db, evidenceDir: services.paths.evidenceDir, docker: services.docker },
    log: services.log,
    runbook: loaded.runbook,
    runAs: incident.initiator,
    observer,
    notify: options.notify,
    inflight: new Set(),
  };
  const machine = compileRunbook(loaded.runbook, { startAt: incident.start_at ?? undefined }).provide({
    actors: { runStep: makeRunStep(deps), awaitGate: makeAwaitGate(deps), rollback: makeRollback(deps) },
  });
  const input: RunInput = { incidentId, inputs: JSON.parse(incident.inputs), alert: incident.alert ? JSON.parse(incident.alert) : undefined };
  const actor = incident.snapshot
    ? createActor(machine, { input, snapshot: JSON.parse(incident.snapshot) })
    : createActor(machine, { input });

  setIncidentState(db, incidentId, { status: 'running' });
  addTimeline(db, incidentId, incident.snapshot ? 'run_resumed' : 'run_started', { actor: services.actor });
  const persistence = persistEveryTransition(services, incidentId, actor);

  try {
    actor.start();
    for (;;) {
      const snapshot = actor.getSnapshot();
      if (snapshot.status === 'done') return finish(services, incidentId, snapshot.value as FinalState, snapshot.context as RunContext);
      if (snapshot.status === 'error') {
        const message = (snapshot.error as Error)?.message ?? String(snapshot.error);
        setIncidentState(db, incidentId, { status: 'failed', finished_at: nowIso() });
        addTimeline(db, incidentId, 'incident_closed', { detail: { status: 'failed', error: message } });
        return { incidentId, status: 'failed', failure: { stepId: '', message } };
      }
      if (waitingOn) {
        actor.stop();
        setIncidentState(db, incidentId, { status: 'waiting', current_step: waitingOn });
        return { incidentId, status: 'waiting', waitingOn, waitingFor };
      }
      renewLease(services, incidentId, runnerId);
      const abortBy = getIncident(db, incidentId).abort_requested;
      if (abortBy || options.signal?.aborted) {
        addTimeline(db, incidentId, 'abort_requested', { actor: abortBy ?? services.actor });
        actor.send({ type: 'ABORT', actor: abortBy ?? services.actor });
        continue;
      }
      await delay(TICK_MS);
    }
  } finally {
    persistence.unsubscribe();
    if (actor.getSnapshot().status === 'active') actor.stop();
    // An aborted step still records its end in the journal; let it, before the caller closes the store.
    await Promise.race([Promise.allSettled([...deps.inflight]), delay(INFLIGHT_GRACE_MS)]);
    releaseLease(services, incidentId, runnerId);
  }
}

function persistEveryTransition(services: Services, incidentId: string, actor: AnyActorRef) {
  let lastPhase: string | undefined;
  return actor.subscribe({
    next: (snapshot: SnapshotFrom<AnyStateMachine>) => {
      if (snapshot.status !== 'active' && snapshot.status !== 'done') return;
      const { phase, step } = position(snapshot.value);
      setIncidentState(services.db, incidentId, {
        snapshot: JSON.stringify(actor.getPersistedSnapshot()),
        phase,
        current_step: step ?? null,
      });
      if (phase !== lastPhase) {
        if (lastPhase && !(FINAL_STATES as readonly string[]).includes(lastPhase)) checkpoint(services, incidentId, `phase:${lastPhase}`);
        if (phase && !(FINAL_STATES as readonly string[]).includes(phase)) {
          addTimeline(services.db, incidentId, 'phase_entered', { detail: { phase } });
        }
        lastPhase = phase;
      }
    },
    error: () => undefined,
  });
}

/**
 * A capture cut off by a crash leaves its temp file behind with no evidence row. The run is ours
 * now (we hold the lease), so nothing is writing it: remove it and say so on the record.
 */
function removeInterruptedCaptures(services: Services, incidentId: string): void {
  const folder = join(services.paths.evidenceDir, incidentId);
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder).filter((file) => PARTIAL_CAPTURE.test(file))) {
    rmSync(join(folder, name), { force: true });
    addTimeline(services.db, incidentId, 'partial_capture_removed', { actor: services.actor, detail: { file: name } });
    appendCustody(services.db, incidentId, {
      act: 'capture-failed',
      actor: services.actor,
      subject: name,
      details: { reason: 'the process stopped during the capture; its partial file was removed on resume' },
    });
  }
}

/** Sign the custody head at a phase end, when there is anything in the ledger to sign. */
function checkpoint(services: Services, incidentId: string, reason: string): void {
  const count = services.db.prepare('SELECT COUNT(*) AS n FROM custody_records WHERE incident_id = ?').get(incidentId) as { n: number };
  if (count.n === 0) return;
  writeCheckpoint(services.db, services.paths.home, incidentId, reason);
}

/** The phase of any step id, branches of parallel groups included. */
function stepPhaseLookup(runbook: Runbook): (stepId: string) => string | undefined {
  const phases = stepPhases(runbook);
  for (const step of runbook.steps) {
    if (isParallelStep(step)) for (const branch of step.parallel) phases.set(branch.id, phases.get(step.id)!);
  }
  return (stepId) => phases.get(stepId);
}

function position(value: unknown): { phase: string; step?: string } {
  if (typeof value === 'string') return { phase: value };
  const [phase, inner] = Object.entries(value as Record<string, unknown>)[0] ?? ['unknown', undefined];
  return { phase, step: typeof inner === 'string' ? inner : inner ? Object.keys(inner as object)[0] : undefined };
}

function finish(services: Services, incidentId: string, finalState: FinalState, context: RunContext): DriveResult {
  const status: IncidentStatus = finalState;
  setIncidentState(services.db, incidentId, { status, finished_at: nowIso(), current_step: null });
  addTimeline(services.db, incidentId, 'incident_closed', { detail: { status, failure: context.failure ?? null } });
  checkpoint(services, incidentId, `closed:${status}`);
  return { incidentId, status, failure: context.failure };
}

/** A step that was cut off mid-run and is not safe to repeat needs a human's word first. */
function refuseIfUndecided(services: Services, incidentId: string): void {
  for (const row of interruptedSteps(services.db, incidentId)) {
    const action = row.action ? findAction(row.action) : undefined;
    if (action?.idempotent) continue;
    if (pendingDecision(services.db, incidentId, row.step_id)) continue;
    setIncidentState(services.db, incidentId, { status: 'needs_decision', current_step: row.step_id });
    throw new WaitingError(
      `step "${row.step_id}" (${row.action}) of ${incidentId} was interrupted mid-run and is not safe to repeat automatically; decide whether to run it again or skip it`,
      { hint: `irctl resume ${incidentId} --retry-step ${row.step_id}   or   irctl resume ${incidentId} --skip-step ${row.step_id}` },
    );
  }
}

/** A lease held by a process on this host that no longer exists (kill -9) is free at once. */
function holderIsDead(holder: string | null): boolean {
  if (!holder) return true;
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function takeLease(services: Services, incidentId: string, runnerId: string): void {
  const now = Date.now();
  const holder = getIncident(services.db, incidentId).runner_id;
  // compare-and-swap on the holder we saw, so two resumers cannot both take a dead runner's lease
  const taken = holderIsDead(holder)
    ? services.db.prepare('UPDATE incidents SET runner_id = ?, runner_lease_until = ? WHERE id = ? AND runner_id IS ?').run(runnerId, now + LEASE_MS, incidentId, holder).changes
    : services.db
        .prepare('UPDATE incidents SET runner_id = ?, runner_lease_until = ? WHERE id = ? AND (runner_id IS NULL OR runner_lease_until < ?)')
        .run(runnerId, now + LEASE_MS, incidentId, now).changes;
  if (taken !== 1) {
    const row = getIncident(services.db, incidentId);
    throw new RefusedError(`incident ${incidentId} is being run by another process (${row.runner_id})`, {
      hint: `wait for it, or irctl status ${incidentId}; a dead runner's lease expires after ${LEASE_MS / 1000} s`,
    });
  }
}

function renewLease(services: Services, incidentId: string, runnerId: string): void {
  services.db.prepare('UPDATE incidents SET runner_lease_until = ? WHERE id = ? AND runner_id = ?').run(Date.now() + LEASE_MS, incidentId, runnerId);
}

function releaseLease(services: Services, incidentId: string, runnerId: string): void {
  services.db.prepare('UPDATE incidents SET runner_id = NULL, runner_lease_until = NULL WHERE id = ? AND runner_id = ?').run(incidentId, runnerId);
}

/** Is some live process driving this incident right now? */
export function isBeingRun(services: Pick<Services, 'db'>, incidentId: string): boolean {
  const row = getIncident(services.db, incidentId);
  return Boolean(row.runner_id && (row.runner_lease_until ?? 0) > Date.now() && !holderIsDead(row.runner_id));
}

/** Abort a run: a live runner is asked through the store; a stopped one is closed here. */
export function abortIncident(services: Services, incidentId: string): 'requested' | 'aborted' | IncidentStatus {
  const row = getIncident(services.db, incidentId);
  if ((FINAL_STATES as readonly string[]).includes(row.status)) return row.status;
  if (isBeingRun(services, incidentId)) {
    setIncidentState(services.db, incidentId, { abort_requested: services.actor });
    return 'requested';
  }
  setIncidentState(services.db, incidentId, { status: 'aborted', finished_at: nowIso(), abort_requested: services.actor });
  addTimeline(services.db, incidentId, 'incident_closed', { actor: services.actor, detail: { status: 'aborted' } });
  return 'aborted';
}
