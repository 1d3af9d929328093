import { Command } from 'commander';
import { annotateIncident } from '../../../report/annotations.js';
import { printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';

interface AnnotateOptions {
  rootCause?: string;
  wentWell?: string;
  toChange?: string;
  controls?: string;
}

export function incidentAnnotateCommand(): Command {
  return new Command('annotate')
    .description('fill in the post-incident review (root cause, what went well, what to change, controls to update); shown in every report')
    .argument('<incident>', 'incident id')
    .option('--root-cause <text>', 'what caused the incident')
    .option('--went-well <text>', 'what went well in the response')
    .option('--to-change <text>', 'what to change next time')
    .option('--controls <text>', 'controls to update')
    .action((incidentId: string, options: AnnotateOptions, command: Command) => {
      const output = commandOutput(command);
      const services = servicesFor(command);
      try {
        const review = annotateIncident(services.db, incidentId, services.actor, options);
        if (output.json) return printJson(output, review);
        output.out(`review of ${incidentId} updated by ${services.actor}; it appears in: irctl report ${incidentId}`);
      } finally {
        services.close();
      }
    });
}
