import { findGate, gateState, mayDecide, type GateState } from '../../../engine/approvals.js';
import { getIncident, listTimeline, type IncidentRow } from '../../../engine/incidents.js';
import { IrctlError } from '../../../errors.js';
import { loadRunbook } from '../../../runbook/load.js';
import type { ApprovalStep } from '../../../runbook/schema.js';
import type { Services } from '../../../services.js';
import { describeGate } from '../../live/gate-describe.js';
import { recreateImagesAfterGate } from '../../live/recreate-preview.js';
import { color, formatError, type Output } from '../../output.js';
import { decideGate } from '../approvals/decide.js';

const DECIDED_ELSEWHERE_POLL_MS = 200;

/**
 * At a gate in a terminal, while the run waits there: show what it guards, ask, and record the
 * answer through the same decideGate as `irctl approve`. Someone who may not decide (or already
 * decided this visit) is told why and offered only wait or detach. `visit` is the entry into the
 * gate the run waits on, as the gate actor knows it: a gate the run comes back to asks again, and
 * what earlier visits decided does not answer it. `signal` (the run stopping) takes the prompt
 * down, and so does a decision made elsewhere. Returns how the run goes on: it saw the gate
 * decided ('decided'), it waits for someone else ('wait'), or it should stop here ('detach').
 */
export async function decideAtTerminal(
  services: Services,
  at: { incidentId: string; stepId: string; visit: number },
  output: Output,
  signal?: AbortSignal,
): Promise<'decided' | 'wait' | 'detach'> {
  const { incidentId, stepId, visit } = at;
  const incident = getIncident(services.db, incidentId);
  const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
  const gate = findGate(services.db, incidentId, stepId);
  const cancel = cancelWhenDecided(services, at, signal);
  const message = waitingMessage(services, incidentId, stepId);
  const recreateImages = await recreateImagesAfterGate(services, incident, runbook, stepId, signal);
  try {
    for (;;) {
      const state = gateState(services.db, incidentId, stepId, visit);
      if (state.outcome) return 'decided';
      const refusal = whyNot(services, incident, gate, state);
      describeGate(output, { runbook, gate, state, actor: services.actor, initiator: incident.initiator, message, recreateImages });
      if (refusal) output.err(color.yellow(refusal));
      let choice;
      try {
        const { promptAtGate } = await import('../../live/gate-prompt.js'); // the prompt library loads only at a prompt
        choice = await promptAtGate({ runbook, gate, state, actor: services.actor, initiator: incident.initiator, mayDecide: !refusal }, cancel.signal);
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'ExitPromptError') return 'detach'; // Ctrl+C at the prompt
        if (name === 'AbortPromptError') return gateState(services.db, incidentId, stepId, visit).outcome ? 'decided' : 'detach';
        throw error;
      }
      if (choice.kind === 'wait' || choice.kind === 'detach') return choice.kind;
      try {
        const { state: after } = decideGate(services, { incidentId, stepId, decision: choice.kind, comment: choice.comment });
        if (after.outcome) {
          output.err(`gate ${stepId} ${after.outcome === 'approved' ? color.green(after.outcome) : color.red(after.outcome)}`);
          return 'decided';
        }
        output.err(
          `your ${choice.kind === 'approve' ? 'approval' : 'rejection'} is recorded; ${after.approvers.length} of ${gate.approval.quorum} approvals so far`,
        );
      } catch (error) {
        if (!(error instanceof IrctlError)) throw error;
        output.err(formatError(error, false)); // already decided by someone else, or a missing comment: say why, ask again
      }
    }
  } finally {
    cancel.dispose();
  }
}

/** One line saying why this person may not decide this visit of the gate and who may; undefined if they may. */
function whyNot(services: Services, incident: IncidentRow, gate: ApprovalStep, state: GateState): string | undefined {
  const roles = services.roleBook().rolesOf(services.actor);
  const check = mayDecide({
    incidentId: incident.id,
    stepId: gate.id,
    approval: gate.approval,
    initiator: incident.initiator,
    actor: services.actor,
    roles,
    state,
  });
  if (check.allowed) return undefined;
  const needs = gate.approval.roles.join(' or ');
  switch (check.why) {
    case 'separation_of_duties':
      return `you (${services.actor}) opened this incident and may not decide this gate (separation of duties); it needs ${needs}, someone else`;
    case 'role':
      return `you (${services.actor}: ${roles[0] ?? 'no role'}) may not decide this gate; it needs ${needs}`;
    case 'already_decided': {
      const more = gate.approval.quorum - state.approvers.length;
      return `you ${state.approvers.includes(services.actor) ? 'approved' : 'rejected'}; waiting for ${more} more approval${more === 1 ? '' : 's'} from ${needs}`;
    }
    default:
      return check.refusal.message;
  }
}

/** Abort the prompt when the run stops or the gate gets decided in another process. */
function cancelWhenDecided(
  services: Services,
  at: { incidentId: string; stepId: string; visit: number },
  outer?: AbortSignal,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuter();
  outer?.addEventListener('abort', onOuter, { once: true });
  const timer = setInterval(() => {
    if (gateState(services.db, at.incidentId, at.stepId, at.visit).outcome) controller.abort('decided');
  }, DECIDED_ELSEWHERE_POLL_MS);
  return {
    signal: controller.signal,
    dispose: () => {
      clearInterval(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

/** The gate's message as the run filled it in (the gate_waiting timeline entry), if it has one. */
function waitingMessage(services: Services, incidentId: string, stepId: string): string | undefined {
  const entry = listTimeline(services.db, incidentId)
    .filter((e) => e.kind === 'gate_waiting' && e.step_id === stepId)
    .pop();
  const detail = entry ? (JSON.parse(entry.detail) as { message?: unknown }) : undefined;
  return typeof detail?.message === 'string' ? detail.message : undefined;
}
