import type { Command } from 'commander';
import { getIncident, releaseAutoOnly } from '../../../engine/incidents.js';
import { isBeingRun } from '../../../engine/runner.js';
import { refuseSkipOfReadOutputs } from '../../../engine/skip-rule.js';
import { loadRunbook } from '../../../runbook/load.js';
import { EXIT_CODES_HELP, RefusedError, UsageError } from '../../../errors.js';
import { setExitCode } from '../../exit-code.js';
import { commandOutput } from '../../command-output.js';
import { driveFromCli } from './drive.js';
import { authorize, exitCodeForRun, reportRunEnd } from './shared.js';
import { servicesFor } from '../../command-services.js';

const beingRun = (incidentId: string, what: string) =>
  new RefusedError(`${incidentId} is being run by another process: ${what}`, {
    hint: `irctl status ${incidentId}; to decide about a step, stop that run first (Ctrl-C there, or irctl abort ${incidentId})`,
  });

export function registerResumeCommand(program: Command): void {
  program
    .command('resume')
    .description('continue an incident from its last persisted state (after a crash, a gate, or a decision)')
    .argument('<incident>', 'incident id')
    .option('--retry-step <step>', 'run an interrupted step again (it was cut off mid-run)')
    .option('--skip-step <step>', 'skip an interrupted step and go on (refused when a later step reads its outputs)')
    .option('--wait', 'at an approval gate, wait for the decision instead of stopping with exit code 3')
    .addHelpText(
      'after',
      `
Examples:
  irctl resume inc-20261124-0612-3fa9c1 --wait
  irctl resume inc-20261124-0612-3fa9c1
  irctl resume inc-20261124-0612-3fa9c1 --skip-step host-logs
${EXIT_CODES_HELP}`,
    )
    .action(async (incidentId: string, options: { retryStep?: string; skipStep?: string; wait?: boolean }, command: Command) => {
      const out = commandOutput(command);
      if (options.retryStep && options.skipStep) throw new UsageError('give either --retry-step or --skip-step, not both');
      const services = servicesFor(command);
      try {
        const incident = getIncident(services.db, incidentId);
        authorize(services, 'run.resume', `resume ${incidentId}`);
        // before anything is recorded: a refused skip leaves the incident as it was
        if (options.skipStep) refuseSkipOfReadOutputs(loadRunbook(incident.runbook_source, incident.runbook_file).runbook, incidentId, options.skipStep);
        const decision = options.retryStep
          ? { stepId: options.retryStep, decision: 'retry' as const }
          : options.skipStep
            ? { stepId: options.skipStep, decision: 'skip' as const }
            : undefined;
        if (isBeingRun(services, incidentId)) {
          // a decision is for a run that stopped: the live one never asked for it, and a stored one
          // would be used silently after some later crash
          if (decision) throw beingRun(incidentId, `refusing --${decision.decision}-step ${decision.stepId}`);
          // irctl serve (or another terminal) drives it: taking over lets its non-auto steps run there.
          if (!releaseAutoOnly(services.db, incidentId, services.actor)) throw beingRun(incidentId, 'nothing to resume');
          out.out(`${incidentId} is being run by another process; you took it over, so its remaining steps will run there`);
          out.err(`hint: irctl status ${incidentId}`);
          return;
        }
        // the decision is stored only once this process holds the lease (a lost race leaves none)
        const result = await driveFromCli(services, incidentId, out, { wait: options.wait, takeOver: true, decision });
        reportRunEnd(out, result);
        setExitCode(command, exitCodeForRun(result));
      } finally {
        services.close();
      }
    });
}
