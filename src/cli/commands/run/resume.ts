import type { Command } from 'commander';
import { recordDecision } from '../../../engine/journal.js';
import { getIncident, releaseAutoOnly } from '../../../engine/incidents.js';
import { isBeingRun } from '../../../engine/runner.js';
import { refuseSkipOfReadOutputs } from '../../../engine/skip-rule.js';
import { loadRunbook } from '../../../runbook/load.js';
import { UsageError } from '../../../errors.js';
import { EXIT_CODES_HELP } from '../../../errors.js';
import { setExitCode } from '../../exit-code.js';
import { commandOutput } from '../../command-output.js';
import { driveFromCli } from './drive.js';
import { authorize, exitCodeForRun, reportRunEnd } from './shared.js';
import { servicesFor } from '../../command-services.js';

export function registerResumeCommand(program: Command): void {
  program
    .command('resume')
    .description('continue an incident from its last persisted state (after a crash, a gate, or a decision)')
    .argument('<incident>', 'incident id')
    .option('--retry-step <step>', 'run an interrupted step again (it was cut off mid-run)')
    .option('--skip-step <step>', 'skip an interrupted step and go on (refused when a later step reads its outputs)')
    .option('--wait', 'at an approval gate, wait for the decision instead of stopping with exit code 3')
    .addHelpText('after', `
Examples:
  irctl resume inc-20261124-0612-3fa9c1 --wait
  irctl resume inc-20261124-0612-3fa9c1
  irctl resume inc-20261124-0612-3fa9c1 --skip-step host-logs
${EXIT_CODES_HELP}`)
    .action(async (incidentId: string, options: { retryStep?: string; skipStep?: string; wait?: boolean }, command: Command) => {
      const out = commandOutput(command);
      if (options.retryStep && options.skipStep) throw new UsageError('give either --retry-step or --skip-step, not both');
      const services = servicesFor(command);
      try {
        const incident = getIncident(services.db, incidentId);
        authorize(services, 'run.resume', `resume ${incidentId}`);
        // before anything is recorded: a refused skip leaves the incident as it was
        if (options.skipStep) refuseSkipOfReadOutputs(loadRunbook(incident.runbook_source, incident.runbook_file).runbook, incidentId, options.skipStep);
        if (options.retryStep) recordDecision(services.db, incidentId, options.retryStep, 'retry', services.actor);
        if (options.skipStep) recordDecision(services.db, incidentId, options.skipStep, 'skip', services.actor);
        if (isBeingRun(services, incidentId)) {
          // irctl serve (or another terminal) drives it: taking over lets its non-auto steps run there.
          const released = releaseAutoOnly(services.db, incidentId, services.actor);
          out.out(`${incidentId} is being run by another process${released ? '; you took it over, so its remaining steps will run there' : ''}`);
          out.err(`hint: irctl status ${incidentId}`);
          return;
        }
        const result = await driveFromCli(services, incidentId, out, { wait: options.wait, takeOver: true });
        reportRunEnd(out, result);
        setExitCode(command, exitCodeForRun(result));
      } finally {
        services.close();
      }
    });
}
