import type { AnyActorRef, AnyStateMachine, SnapshotFrom } from 'xstate';
import { writeCheckpoint } from '../custody/checkpoint.js';
import type { Services } from '../services.js';
import { isStoreDiskFailure, storeDiskError, type IrctlError } from '../errors.js';
import { writeUnsynced } from '../store/db.js';
import { FINAL_STATES } from './compile.js';
import { addTimeline, setIncidentState } from './incidents.js';

// Every transition of a run is written to the incidents row before anything else happens, so a
// kill -9 at any point loses nothing; phase ends are signed into the custody ledger.

/** The gate a live process waits at, so the status goes back to `running` once the run moves on. */
export interface GateWatch {
  waitingAt?: string;
}

/**
 * Persist every transition: snapshot, phase, step; back to `running` once the run leaves a gate it
 * waited at. A write the store's disk refuses (full, failing) goes to onFault, which stops the run
 * resumably, instead of escaping from the actor's mailbox.
 */
export function persistEveryTransition(
  services: Services,
  incidentId: string,
  actor: AnyActorRef,
  gate: GateWatch,
  onFault?: (stepId: string, error: IrctlError) => void,
) {
  let lastPhase: string | undefined;
  return actor.subscribe({
    next: (snapshot: SnapshotFrom<AnyStateMachine>) => {
      if (snapshot.status !== 'active' && snapshot.status !== 'done') return;
      const { phase, step } = position(snapshot.value);
      const leftGate = gate.waitingAt !== undefined && step !== gate.waitingAt;
      if (leftGate) gate.waitingAt = undefined;
      // the snapshot, a phase's signed checkpoint and its timeline line: one commit, bookkeeping
      // (a lost snapshot restores the one before it, and the journal replays what finished since)
      try {
        writeUnsynced(services.db, () => {
          setIncidentState(services.db, incidentId, {
            snapshot: JSON.stringify(actor.getPersistedSnapshot()),
            phase,
            current_step: step ?? null,
            ...(leftGate ? { status: 'running' as const } : {}),
          });
          if (phase !== lastPhase) {
            if (lastPhase && !(FINAL_STATES as readonly string[]).includes(lastPhase)) checkpoint(services, incidentId, `phase:${lastPhase}`);
            if (phase && !(FINAL_STATES as readonly string[]).includes(phase)) {
              addTimeline(services.db, incidentId, 'phase_entered', { detail: { phase } });
            }
          }
        });
      } catch (error) {
        // the snapshot before this one stays; on resume the journal replays what finished since
        if (!onFault || !isStoreDiskFailure(error)) throw error;
        onFault(step ?? phase, storeDiskError(error, services.db.name, incidentId));
        return;
      }
      lastPhase = phase;
    },
    error: () => undefined,
  });
}

/** Sign the custody head at a phase end, when there is anything in the ledger to sign. */
export function checkpoint(services: Services, incidentId: string, reason: string): void {
  const count = services.db.prepare('SELECT COUNT(*) AS n FROM custody_records WHERE incident_id = ?').get(incidentId) as { n: number };
  if (count.n === 0) return;
  writeCheckpoint(services.db, services.paths.home, incidentId, reason);
}

function position(value: unknown): { phase: string; step?: string } {
  if (typeof value === 'string') return { phase: value };
  const [phase, inner] = Object.entries(value as Record<string, unknown>)[0] ?? ['unknown', undefined];
  return { phase, step: typeof inner === 'string' ? inner : inner ? Object.keys(inner)[0] : undefined };
}
