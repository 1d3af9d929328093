import { Command } from 'commander';
import { isBeingRun } from '../../../engine/runner.js';
import { EXIT_CODES_HELP } from '../../../errors.js';
import { setExitCode } from '../../exit-code.js';
import { commandOutput } from '../../command-output.js';
import { color, printJson } from '../../output.js';
import { driveFromCli } from '../run/drive.js';
import { authorize, exitCodeForRun, reportRunEnd } from '../run/shared.js';
import { decideGate } from './decide.js';
import { servicesFor } from '../../command-services.js';

interface DecisionOptions {
  step?: string;
  comment?: string;
  resume?: boolean;
}

/** `irctl approve` and `irctl reject`: one command shape, two decisions. */
export function decisionCommand(decision: 'approve' | 'reject'): Command {
  const verb = decision === 'approve' ? 'approve' : 'reject';
  const command = new Command(verb)
    .description(
      decision === 'approve' ? 'approve the approval gate an incident waits at' : 'reject the approval gate an incident waits at (the run routes by on_reject)',
    )
    .argument('<incident>', 'incident id')
    .option('--step <id>', 'the gate step (default: the gate the incident waits at)')
    .option('--resume', 'once the gate is decided and no process runs the incident, continue the run here')
    .addHelpText(
      'after',
      `
Your roles come from the roles file; the gate's roles, quorum (distinct people) and separation of
duties apply. Refusals exit with code 4 and change nothing.

Examples:
  irctl ${verb} inc-20261124-0612-3fa9c1 ${decision === 'approve' ? '--comment "image verified clean"' : '--comment "not before the forensic copy is done"'}
  irctl --as alice ${verb} inc-20261124-0612-3fa9c1 --step approve-recovery ${decision === 'approve' ? '--resume' : '--comment "wrong host"'}
${EXIT_CODES_HELP}`,
    );
  if (decision === 'reject') command.requiredOption('--comment <text>', 'why (required)');
  else command.option('--comment <text>', 'why (required when the gate has require_comment)');
  return command.action(async (incidentId: string, options: DecisionOptions, self: Command) => {
    const out = commandOutput(self);
    const services = servicesFor(self);
    try {
      const { gate, state } = decideGate(services, { incidentId, stepId: options.step, decision, comment: options.comment });
      const live = isBeingRun(services, incidentId);
      if (state.outcome && !live && options.resume) {
        authorize(services, 'run.resume', `resume ${incidentId}`);
        const result = await driveFromCli(services, incidentId, out);
        reportRunEnd(out, result);
        setExitCode(self, exitCodeForRun(result));
        return;
      }
      if (out.json) return printJson(out, { incidentId, stepId: gate.id, actor: services.actor, decision, gate: state, runnerLive: live });
      // a run that looped back through the gate asks again: say which round this decision counts in
      const round = state.visit > 1 ? ` (visit ${state.visit})` : '';
      const recorded = `${services.actor} ${decision === 'approve' ? 'approved' : 'rejected'} gate "${gate.id}"${round} of ${incidentId}`;
      if (!state.outcome) {
        out.out(`${recorded}: ${state.approvers.length} of ${gate.approval.quorum} approvals; the gate waits for more`);
        return;
      }
      out.out(`${recorded}: the gate is ${state.outcome === 'approved' ? color.green(state.outcome) : color.red(state.outcome)}`);
      if (live) out.err(color.dim('the process running this incident picks the decision up and goes on'));
      else out.err(color.dim(`hint: irctl resume ${incidentId}   (nothing runs this incident now)`));
    } finally {
      services.close();
    }
  });
}
