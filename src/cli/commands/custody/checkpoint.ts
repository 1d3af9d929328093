import { Command } from 'commander';
import { writeCheckpoint } from '../../../custody/checkpoint.js';
import { printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';

export function custodyCheckpointCommand(): Command {
  return new Command('checkpoint')
    .description("sign the incident's ledger head and print the checkpoint note (paste it in a ticket to anchor the chain)")
    .argument('<incident>', 'incident id')
    .option('--reason <text>', 'why the checkpoint was taken', 'manual')
    .action((incidentId: string, options: { reason: string }, command: Command) => {
      const output = commandOutput(command);
      const services = servicesFor(command);
      try {
        const checkpoint = writeCheckpoint(services.db, services.paths.home, incidentId, options.reason);
        if (output.json) return printJson(output, checkpoint);
        output.out(checkpoint.note);
        output.err(
          `checkpoint of ${checkpoint.count} records signed by key ${checkpoint.keyId}; keep it outside this host and check it later with: irctl custody verify ${incidentId} --checkpoint FILE`,
        );
      } finally {
        services.close();
      }
    });
}
