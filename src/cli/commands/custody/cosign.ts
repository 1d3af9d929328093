import { Command } from 'commander';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseCheckpoint, verifyCheckpointSignature } from '../../../custody/checkpoint.js';
import { readCheckpointFile } from '../../../custody/checkpoint-file.js';
import { cosignCheckpoint, parseWitnessSigningKey, witnessVerifierKey } from '../../../custody/cosignature.js';
import { parsePublicKey } from '../../../custody/keys.js';
import { IntegrityError, NotFoundError } from '../../../errors.js';
import { printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';

interface CosignOptions {
  witnessKey: string;
  pubkey: string;
  name?: string;
  output?: string;
}

function readInput(path: string, what: string): string {
  if (!existsSync(path)) throw new NotFoundError(`${what} ${path} does not exist`);
  return readFileSync(path, 'utf8');
}

/**
 * `irctl custody cosign`: run by a witness, away from the irctl host, with a key only the witness
 * holds. Opens no store: it checks the checkpoint's signature against the custody public key and
 * appends a C2SP cosignature/v1 line (docs/custody-proofs.md, "Witness cosignatures").
 */
export function custodyCosignCommand(): Command {
  return new Command('cosign')
    .description('countersign a checkpoint as a witness (C2SP tlog-cosignature, Ed25519): prints the checkpoint with the cosignature line added')
    .argument('<checkpoint>', 'the checkpoint file (what irctl export or irctl custody checkpoint printed)')
    .requiredOption('--witness-key <file>', "the witness's Ed25519 private key (PEM, mode 0600), kept off the irctl host")
    .requiredOption('--pubkey <file>', 'the custody public key the checkpoint must be signed by (irctl custody pubkey on the irctl host)')
    .option('--name <name>', 'the witness name in the signature line (default irctl-witness-<key id>)')
    .option('-o, --output <file>', 'write the cosigned checkpoint to FILE (0600) instead of stdout')
    .addHelpText(
      'after',
      `
A cosignature says: at this time, the witness saw this checkpoint signed by the custody key. Whoever
holds the irctl host and its key can re-sign a rewritten ledger, but cannot get it cosigned after the
fact. Receivers check it with: irctl verify-bundle B --pubkey custody.pub --checkpoint cosigned.txt --witness-key witness.pub

Examples:
  openssl genpkey -algorithm ed25519 -out witness.key && openssl pkey -in witness.key -pubout -out witness.pub
  irctl custody cosign --witness-key witness.key --pubkey custody.pub bundle-head.txt > bundle-head.cosigned.txt`,
    )
    .action((file: string, options: CosignOptions, command: Command) => {
      const output = commandOutput(command);
      const custodyKey = parsePublicKey(readInput(options.pubkey, 'public key file'));
      const witness = parseWitnessSigningKey(
        readInput(options.witnessKey, 'witness key file'),
        options.witnessKey,
        process.platform === 'win32' ? undefined : statSync(options.witnessKey).mode,
        options.name,
      );
      const checkpoint = parseCheckpoint(readCheckpointFile(file).text);
      const signed = verifyCheckpointSignature(checkpoint, custodyKey);
      if (!signed.ok) {
        throw new IntegrityError(`refusing to cosign ${file}: ${signed.reason}`, {
          hint: 'a witness cosigns only checkpoints signed by the custody key it was given (--pubkey)',
        });
      }
      const { note, timestamp } = cosignCheckpoint(checkpoint, witness);
      const vkey = witnessVerifierKey(witness);
      if (options.output) writeFileSync(options.output, note, { mode: 0o600 });
      const cosignedAt = new Date(timestamp * 1000).toISOString();
      if (output.json)
        return printJson(output, {
          origin: checkpoint.origin,
          count: checkpoint.count,
          witness: witness.name,
          verifierKey: vkey,
          timestamp,
          cosignedAt,
          file: options.output ?? null,
          note,
        });
      if (!options.output) output.out(note.trimEnd());
      output.err(
        `cosigned ${checkpoint.origin} at ${checkpoint.count} records as witness ${witness.name} at ${cosignedAt}${options.output ? ` → ${options.output}` : ''}; witness verifier key: ${vkey}`,
      );
    });
}
