import { fromPromise } from 'xstate';
import { parseDuration } from '../duration.js';
import type { GateInput, StepResult } from './compile.js';
import { closeGate, gateState, type GateState } from './approvals.js';
import { cancelDeadlines, dueDeadlines, ensureDeadline, markFired } from './deadlines.js';
import type { EngineDeps } from './deps.js';
import { addTimeline } from './incidents.js';
import { writeTransaction } from '../store/db.js';
import { systemClock, wakeupsFor, type Clock } from './wakeups.js';

/**
 * An approval gate waits on the store, not on memory: decisions may come from this process, from
 * `irctl approve` in another one, or from the HTTP API. It looks again only when woken (wakeups.ts):
 * a decision in this process, a deadline of this incident falling due, or a commit by another
 * process. Timeouts and escalations are deadlines in SQLite, so they hold across a crash and a resume.
 */
export function makeAwaitGate(deps: EngineDeps, clock: Clock = deps.clock ?? systemClock) {
  return fromPromise<StepResult, GateInput>(async ({ input, signal }) => {
    const { incidentId, stepId, visit, approval } = input;
    const waiter = wakeupsFor(deps.db, clock).subscribe(incidentId);
    try {
      scheduleDeadlines(deps, input, clock.now());
      let announced = false;
      for (;;) {
        const decided = pollGate(deps, input, clock.now());
        if (decided) {
          cancelDeadlines(deps.db, incidentId, stepId); // escalations not yet due no longer apply
          deps.notify?.({ kind: decided.outcome as 'approved' | 'rejected' | 'timed_out', incidentId, stepId, detail: { ...decided.outputs } });
          return decided;
        }
        if (!announced) {
          announced = true;
          const detail = { roles: approval.roles, quorum: approval.quorum, message: approval.message ?? null, visit };
          addTimeline(deps.db, incidentId, 'gate_waiting', { stepId, detail });
          deps.notify?.({ kind: 'gate_waiting', incidentId, stepId, detail });
          deps.observer.gateWaiting?.(stepId, approval, visit);
        }
        await waiter.next(signal);
      }
    } finally {
      waiter.close();
    }
  });
}

/** Store the gate's timeout and escalations, once per visit (a resume finds them already there). */
function scheduleDeadlines(deps: EngineDeps, input: GateInput, opened: number): void {
  const { incidentId, stepId, approval } = input;
  const key = `visit-${input.visit}`;
  if (approval.timeout) {
    ensureDeadline(deps.db, incidentId, stepId, 'approval_timeout', key, opened + parseDuration(approval.timeout));
  }
  approval.escalate.forEach((level, index) => {
    ensureDeadline(deps.db, incidentId, stepId, 'escalation', `${key}-${index}`, opened + parseDuration(level.after), {
      notify: level.notify,
      after: level.after,
    });
  });
}

/** One look at this visit of the gate: fire what is due, and return the result once it is decided. */
function pollGate(deps: EngineDeps, input: GateInput, now: number): StepResult | undefined {
  const { incidentId, stepId, visit } = input;
  const before = gateState(deps.db, incidentId, stepId, visit);
  if (before.outcome) return gateResult(before.outcome, before);
  const due = dueDeadlines(deps.db, incidentId, stepId, now);
  if (due.length === 0) return undefined;
  // what fell due is marked and recorded in one transaction (one fsync), then people are told
  const escalations = writeTransaction(deps.db, () => {
    const fired: { notify: unknown; after: unknown }[] = [];
    for (const deadline of due) {
      if (!markFired(deps.db, deadline.id, now)) continue; // another process fired it
      const payload = JSON.parse(deadline.payload) as Record<string, unknown>;
      if (deadline.kind === 'escalation') {
        const detail = { notify: payload.notify, after: payload.after, visit };
        addTimeline(deps.db, incidentId, 'escalated', { stepId, detail: { ...detail, due_at: deadline.due_at, fired_at: now } });
        fired.push(detail);
      } else if (deadline.kind === 'approval_timeout') {
        closeGate(deps.db, incidentId, stepId, 'timed_out', visit);
      }
    }
    return fired;
  });
  for (const detail of escalations) {
    deps.notify?.({ kind: 'escalated', incidentId, stepId, detail: { ...detail, visit }, to: typeof detail.notify === 'string' ? [detail.notify] : undefined });
    deps.observer.escalated?.(stepId, detail.notify, detail.after);
  }
  const after = gateState(deps.db, incidentId, stepId, visit);
  return after.outcome ? gateResult(after.outcome, after) : undefined;
}

function gateResult(outcome: StepResult['outcome'], state: GateState): StepResult {
  return {
    outcome,
    summary: `gate ${outcome}${state.approvers.length ? ` by ${state.approvers.join(', ')}` : ''}`,
    outputs: {
      outcome,
      visit: state.visit,
      approvers: state.approvers,
      rejecters: state.rejecters,
      comments: state.comments.map((c) => `${c.actor}: ${c.comment ?? ''}`),
      decided_at: state.decidedAt ?? null,
    },
  };
}
