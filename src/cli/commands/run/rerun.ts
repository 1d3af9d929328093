import type { Command } from 'commander';
import { getIncident } from '../../../engine/incidents.js';
import { openIncident } from '../../../engine/runner.js';
import { stepPhases } from '../../../engine/compile.js';
import { UsageError } from '../../../errors.js';
import { loadRunbook } from '../../../runbook/load.js';
import { EXIT_CODES_HELP } from '../../../errors.js';
import { setExitCode } from '../../exit-code.js';
import { commandOutput } from '../../command-output.js';
import { driveFromCli } from './drive.js';
import { authorize, exitCodeForRun, reportRunEnd } from './shared.js';
import { servicesFor } from '../../command-services.js';

export function registerRerunCommand(program: Command): void {
  program
    .command('rerun')
    .description('open a new incident with the same runbook (as it was) and inputs, starting at a chosen step')
    .argument('<incident>', 'the incident to repeat')
    .requiredOption('--from <step>', 'top-level step to start at')
    .option('--wait', 'at an approval gate, wait for the decision instead of stopping with exit code 3')
    .addHelpText(
      'after',
      `
Examples:
  irctl rerun inc-20261124-0612-3fa9c1 --from logs
${EXIT_CODES_HELP}`,
    )
    .action(async (previousId: string, options: { from: string; wait?: boolean }, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        const previous = getIncident(services.db, previousId);
        authorize(services, 'run.start', `rerun ${previousId}`);
        // the runbook copy stored with the incident, so a rerun repeats what actually ran
        const loaded = loadRunbook(previous.runbook_source, previous.runbook_file);
        const steps = [...stepPhases(loaded.runbook).keys()];
        if (!steps.includes(options.from)) {
          throw new UsageError(`step "${options.from}" is not a top-level step of ${loaded.runbook.name}`, { hint: `choose one of: ${steps.join(', ')}` });
        }
        const incidentId = openIncident(services, {
          loaded,
          inputs: JSON.parse(previous.inputs),
          alert: previous.alert ? JSON.parse(previous.alert) : undefined,
          initiator: services.actor,
          target: previous.target ?? undefined,
          startAt: options.from,
          rerunOf: previousId,
        });
        if (!out.json) out.err(`incident ${incidentId} opened: a rerun of ${previousId} from step "${options.from}"`);
        const result = await driveFromCli(services, incidentId, out, { wait: options.wait });
        reportRunEnd(out, result);
        setExitCode(command, exitCodeForRun(result));
      } finally {
        services.close();
      }
    });
}
