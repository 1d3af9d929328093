import type { Command } from 'commander';
import { abortIncident } from '../../../engine/runner.js';
import { commandOutput } from '../../command-output.js';
import { printJson } from '../../output.js';
import { authorize } from './shared.js';
import { servicesFor } from '../../command-services.js';

export function registerAbortCommand(program: Command): void {
  program
    .command('abort')
    .description('stop an incident’s run (a running process is asked to stop; a stopped run is closed)')
    .argument('<incident>', 'incident id')
    .addHelpText(
      'after',
      `
Examples:
  irctl abort inc-20261124-0612-3fa9c1
  irctl --as alice abort inc-20261124-0612-3fa9c1`,
    )
    .action(async (incidentId: string, _options: unknown, command: Command) => {
      const out = commandOutput(command);
      const services = servicesFor(command);
      try {
        authorize(services, 'run.abort', `abort ${incidentId}`);
        const result = abortIncident(services, incidentId);
        if (out.json) return printJson(out, { incidentId, result });
        out.out(
          result === 'requested'
            ? `abort requested: the process running ${incidentId} will stop it`
            : result === 'aborted'
              ? `incident ${incidentId} aborted`
              : `incident ${incidentId} had already ended (${result})`,
        );
      } finally {
        services.close();
      }
    });
}
