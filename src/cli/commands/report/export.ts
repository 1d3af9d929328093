import { Command } from 'commander';
import { printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';

export function exportCommand(): Command {
  return new Command('export')
    .description('write the verifiable evidence bundle (.tar.gz): reports, evidence files, ledger, checkpoints, public key, manifest')
    .argument('<incident>', 'incident id')
    .requiredOption('-o, --output <file>', 'the bundle to write, e.g. incident.tar.gz')
    .action(async (incidentId: string, options: { output: string }, command: Command) => {
      const output = commandOutput(command);
      const services = servicesFor(command);
      try {
        const { exportBundle } = await import('../../../report/bundle.js'); // tar loads only for exports
        const bundle = await exportBundle({
          db: services.db,
          incidentId,
          outFile: options.output,
          evidenceDir: services.paths.evidenceDir,
          home: services.paths.home,
          actor: services.actor,
        });
        if (output.json) return printJson(output, bundle);
        output.out(`wrote ${bundle.path}: ${bundle.files} files, ${bundle.size} bytes`);
        output.out(`sha256 ${bundle.sha256}  (custody record ${bundle.transfer.seq}: transferred)`);
        output.out('');
        output.out(bundle.transfer.checkpoint.note.trimEnd());
        output.err(`keep the checkpoint above and the sha256 outside this host; the receiver checks the bundle with: irctl verify-bundle ${bundle.path} --pubkey FILE`);
      } finally {
        services.close();
      }
    });
}
