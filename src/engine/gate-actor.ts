import { setTimeout as delay } from 'node:timers/promises';
import { fromPromise } from 'xstate';
import { parseDuration } from '../runbook/duration.js';
import type { GateInput, StepResult } from './compile.js';
import { closeGate, gateState } from './approvals.js';
import { dueDeadlines, ensureDeadline, markFired } from './deadlines.js';
import type { EngineDeps } from './deps.js';
import { addTimeline } from './incidents.js';

export const GATE_POLL_MS = 200;

/**
 * An approval gate waits on the store, not on memory: decisions may come from this process, from
 * `irctl approve` in another one, or from the HTTP API. Timeouts and escalations are deadlines in
 * SQLite, so they hold across a crash and a resume.
 */
export function makeAwaitGate(deps: EngineDeps) {
  return fromPromise<StepResult, GateInput>(async ({ input, signal }) => {
    const { incidentId, stepId, approval } = input;
    const opened = Date.now();
    let announced = false;
    const key = `visit-${input.visit}`;
    if (approval.timeout) {
      ensureDeadline(deps.db, incidentId, stepId, 'approval_timeout', key, opened + parseDuration(approval.timeout));
    }
    approval.escalate.forEach((level, index) => {
      ensureDeadline(deps.db, incidentId, stepId, 'escalation', `${key}-${index}`, opened + parseDuration(level.after), { notify: level.notify, after: level.after });
    });

    for (;;) {
      const state = gateState(deps.db, incidentId, stepId);
      if (state.outcome) return gateResult(state.outcome, state);

      for (const deadline of dueDeadlines(deps.db, incidentId, stepId, Date.now())) {
        if (!markFired(deps.db, deadline.id, Date.now())) continue;
        const payload = JSON.parse(deadline.payload) as Record<string, unknown>;
        if (deadline.kind === 'escalation') {
          addTimeline(deps.db, incidentId, 'escalated', { stepId, detail: { notify: payload.notify, after: payload.after } });
          deps.notify?.({ kind: 'escalation', incidentId, stepId, detail: payload });
        } else if (deadline.kind === 'approval_timeout') {
          closeGate(deps.db, incidentId, stepId, 'timed_out');
        }
      }

      if (!announced) {
        announced = true;
        addTimeline(deps.db, incidentId, 'gate_waiting', { stepId, detail: { roles: approval.roles, quorum: approval.quorum, message: approval.message ?? null } });
        deps.notify?.({ kind: 'gate_waiting', incidentId, stepId, detail: { roles: approval.roles, quorum: approval.quorum, message: approval.message ?? null } });
        deps.observer.gateWaiting?.(stepId, approval);
      }
      await delay(GATE_POLL_MS, undefined, { signal });
    }
  });
}

function gateResult(outcome: StepResult['outcome'], state: ReturnType<typeof gateState>): StepResult {
  return {
    outcome,
    summary: `gate ${outcome}${state.approvers.length ? ` by ${state.approvers.join(', ')}` : ''}`,
    outputs: {
      outcome,
      approvers: state.approvers,
      rejecters: state.rejecters,
      comments: state.comments.map((c) => `${c.actor}: ${c.comment ?? ''}`),
      decided_at: state.decidedAt ?? null,
    },
  };
}
