import { findGate, gateState } from '../../../engine/approvals.js';
import { getIncident } from '../../../engine/incidents.js';
import { IrctlError } from '../../../errors.js';
import { loadRunbook } from '../../../runbook/load.js';
import type { Services } from '../../../services.js';
import { describeGate } from '../../live/gate-describe.js';
import { color, formatError, type Output } from '../../output.js';
import { decideGate } from '../approvals/decide.js';

/**
 * At a gate in a terminal: show what it guards, ask, and record the answer through the same
 * decideGate as `irctl approve`. Returns how the run goes on: drive again ('decided'), wait at the
 * gate for someone else ('wait'), or stop here ('detach').
 */
export async function decideAtTerminal(services: Services, incidentId: string, stepId: string, output: Output): Promise<'decided' | 'wait' | 'detach'> {
  const incident = getIncident(services.db, incidentId);
  const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
  const gate = findGate(services.db, incidentId, stepId);
  for (;;) {
    const state = gateState(services.db, incidentId, stepId);
    if (state.outcome) return 'decided';
    describeGate(output, { runbook, gate, state, actor: services.actor, initiator: incident.initiator });
    let choice;
    try {
      const { promptAtGate } = await import('../../live/gate-prompt.js'); // the prompt library loads only at a prompt
      choice = await promptAtGate({ runbook, gate, state, actor: services.actor, initiator: incident.initiator });
    } catch (error) {
      if ((error as Error).name === 'ExitPromptError') return 'detach'; // Ctrl+C at the prompt
      throw error;
    }
    if (choice.kind === 'wait' || choice.kind === 'detach') return choice.kind;
    try {
      const { state: after } = decideGate(services, { incidentId, stepId, decision: choice.kind, comment: choice.comment });
      if (after.outcome) {
        output.err(`gate ${stepId} ${after.outcome === 'approved' ? color.green(after.outcome) : color.red(after.outcome)}`);
        return 'decided';
      }
      output.err(`your ${choice.kind === 'approve' ? 'approval' : 'rejection'} is recorded; ${after.approvers.length} of ${gate.approval.quorum} approvals so far`);
    } catch (error) {
      if (!(error instanceof IrctlError)) throw error;
      output.err(formatError(error, false)); // refused or missing comment: say why, ask again
    }
  }
}
