import { Command } from 'commander';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { sha256File } from '../../../custody/artifacts.js';
import { parsePublicKey } from '../../../custody/keys.js';
import { checkInclusionProof, proveArtifact } from '../../../custody/proof.js';
import { IntegrityError, NotFoundError } from '../../../errors.js';
import { color, printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';

function readInput(path: string, what: string): string {
  if (!existsSync(path)) throw new NotFoundError(`${what} ${path} does not exist`);
  return readFileSync(path, 'utf8');
}

export function custodyProveCommand(): Command {
  return new Command('prove')
    .description(
      "print an RFC 9162 inclusion proof that an evidence file's custody record is in a signed checkpoint (check it anywhere with custody check-proof)",
    )
    .argument('<incident>', 'incident id')
    .argument('<artifact>', 'the evidence file: its path under the evidence directory, its file name, or its evidence id')
    .option('-o, --output <file>', 'write the proof to FILE instead of stdout')
    .action((incidentId: string, artifact: string, options: { output?: string }, command: Command) => {
      const output = commandOutput(command);
      const services = servicesFor(command);
      try {
        const proof = proveArtifact(services.db, incidentId, artifact);
        const text = `${JSON.stringify(proof, null, 2)}\n`;
        if (options.output) {
          writeFileSync(options.output, text, { mode: 0o600 });
          output.err(`wrote ${options.output}: record ${proof.leafIndex + 1} in the signed tree of ${proof.treeSize} records (${proof.path.length} hashes)`);
        } else if (output.json) printJson(output, proof);
        else output.out(text);
      } finally {
        services.close();
      }
    });
}

/** Needs nothing but the file, the proof and the key: opens no store. */
export function custodyCheckProofCommand(): Command {
  return new Command('check-proof')
    .description(
      "check an inclusion proof: the file's SHA-256 is the one its custody record holds, and that record is in a checkpoint signed by the pinned key; exit 7 if not",
    )
    .argument('<file>', 'the evidence file as received')
    .requiredOption('--proof <file>', 'the proof irctl custody prove wrote')
    .requiredOption('--pubkey <file>', "the signer's public key, obtained out of band (PEM or verifier key)")
    .action(async (file: string, options: { proof: string; pubkey: string }, command: Command) => {
      const output = commandOutput(command);
      const key = parsePublicKey(readInput(options.pubkey, 'public key file'));
      const proofText = readInput(options.proof, 'proof file');
      if (!existsSync(file)) throw new NotFoundError(`file ${file} does not exist`);
      const result = checkInclusionProof(proofText, { sha256: await sha256File(file), size: statSync(file).size }, key);
      if (output.json) printJson(output, result);
      else if (result.ok) {
        output.out(
          `${color.green('ok')}   ${file}: record ${result.record?.seq} of incident ${result.record?.incidentId} (${result.record?.act} by ${result.record?.actor} at ${result.record?.recordedAt}) is in the checkpoint signed by ${key.keyName}`,
        );
      } else {
        output.out(`${color.red('FAIL')} ${file}:`);
        for (const problem of result.problems) output.out(`  ${problem}`);
      }
      if (!result.ok) {
        throw new IntegrityError(`inclusion proof for ${file} does not hold: ${result.problems[0]}`, {
          hint: 'do not rely on this file; ask the exporting host for the evidence again and a fresh proof',
          details: { problems: result.problems },
        });
      }
    });
}
