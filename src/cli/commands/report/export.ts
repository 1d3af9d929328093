import { Command } from 'commander';
import { printJson } from '../../output.js';
import { parseFileMode } from '../../../private-files.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';
import { plural } from '../../../text.js';

export function exportCommand(): Command {
  return new Command('export')
    .description(
      "write the verifiable evidence bundle (.tar.gz): reports, evidence files, ledger, checkpoints, public key, manifest; print the bundle's signed checkpoint on stdout for the receiver to pin",
    )
    .argument('<incident>', 'incident id')
    .requiredOption('-o, --output <file>', 'the bundle to write, e.g. incident.tar.gz')
    .option('--mode <octal>', 'file mode of the bundle', '600')
    .action(async (incidentId: string, options: { output: string; mode: string }, command: Command) => {
      const mode = parseFileMode(options.mode);
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
          mode,
        });
        if (output.json) return printJson(output, bundle);
        // stdout is exactly the bundle's checkpoint, so `irctl export … > bundle-head.txt` saves
        // what the receiver pins. The store's checkpoint signed after the transferred record is
        // left out: it pins a record the bundle cannot hold, so it can only fail at the receiver.
        if (bundle.checkpoint) output.out(bundle.checkpoint.note);
        output.err(`wrote ${bundle.path}: ${bundle.files} files, ${bundle.size} bytes`);
        output.err(`sha256 ${bundle.sha256}  (custody record ${bundle.transfer.seq} on this host: transferred)`);
        if (!bundle.checkpoint) return output.err('the bundle holds no custody records, so no checkpoint pins it');
        output.err(
          `keep the checkpoint on stdout (it pins the bundle's ${plural(bundle.checkpoint.count, 'custody record')}) and the sha256 outside this host; ` +
            `the receiver checks the bundle with: irctl verify-bundle ${bundle.path} --pubkey custody.pub --checkpoint bundle-head.txt`,
        );
      } finally {
        services.close();
      }
    });
}
