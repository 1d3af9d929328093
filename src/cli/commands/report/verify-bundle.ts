import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { readCheckpointFile } from '../../../custody/checkpoint-file.js';
import { parseWitnessPublicKey } from '../../../custody/cosignature.js';
import { parsePublicKey, parseTrustFile, type CustodyPublicKey } from '../../../custody/keys.js';
import { loadConfig, resolvePaths } from '../../../config.js';
import type { GlobalOptions } from '../../global-options.js';
import { IntegrityError, NotFoundError, UsageError } from '../../../errors.js';
import { DEFAULT_MAX_BYTES } from '../../../report/bundle-stream.js';
import { verifyBundle, type BundleVerification } from '../../../report/bundle-verify.js';
import { color, printJson, type Output } from '../../output.js';
import { commandOutput } from '../../command-output.js';

interface VerifyBundleOptions {
  pubkey?: string;
  checkpoint: string[];
  trustEmbeddedKey?: boolean;
  extract?: string;
  maxBytes: number;
  witnessKey: string[];
}

/** The keys of the configured trust file (custody.trust_file), if any. */
function trustedKeys(command: Command): CustodyPublicKey[] {
  const config = loadConfig(resolvePaths(command.optsWithGlobals<GlobalOptions>()).configFile);
  const file = config.custody.trust_file;
  return file ? parseTrustFile(readInput(file, 'trust file (custody.trust_file)')) : [];
}

function readInput(path: string, what: string): string {
  if (!existsSync(path)) throw new NotFoundError(`${what} ${path} does not exist`);
  return readFileSync(path, 'utf8');
}

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** A byte count: digits, optionally followed by K, M, G or T (powers of 1024; "GiB", "G" and "GB" alike). */
function parseByteCount(text: string): number {
  const match = /^([0-9]+)\s*(?:([KMGT])(?:i?B)?)?$/i.exec(text.trim());
  const bytes = match ? Number(match[1]) * UNITS[(match[2] ?? '').toUpperCase()]! : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    throw new UsageError(`--max-bytes ${JSON.stringify(text)} is not a size`, { hint: 'for example 64G, 500M or 1048576' });
  return bytes;
}

function show(output: Output, result: BundleVerification): void {
  const summary = `${result.files} files, ${result.records} custody records, ${result.checkpoints} checkpoint(s), key ${result.keyFingerprint ?? '(none)'} (${result.keySource ?? 'none'})`;
  if (result.ok && !result.anchored) {
    output.out(
      `${color.yellow('ok, UNANCHORED')} ${result.bundle}: incident ${result.incidentId}; ${summary}: consistent, and only its own key vouches for it (--trust-embedded-key)`,
    );
  } else if (result.ok) {
    output.out(`${color.green('ok')}   ${result.bundle}: incident ${result.incidentId}; ${summary}; head ${result.headHash?.slice(0, 16) ?? '(empty)'}`);
    for (const c of result.cosignatures) output.out(`     cosigned by witness ${c.witness} at ${c.cosignedAt} (${c.checkpoint})`);
  } else {
    output.out(`${color.red('FAIL')} ${result.bundle}: incident ${result.incidentId ?? '(unknown)'}; ${summary}; ${result.problems.length} problem(s):`);
    for (const problem of result.problems) output.out(`  [${problem.kind}] ${problem.message}`);
  }
}

/** Works with nothing but the file: opens no store, needs no Docker, writes nothing unless --extract. */
export function verifyBundleCommand(): Command {
  return new Command('verify-bundle')
    .description(
      'verify an evidence bundle on any machine, in one streaming pass: every file hash, the whole custody chain, the checkpoint signatures, the files bound to the signed head; exit 7 on any break or without a trusted key, 2 if unreadable',
    )
    .argument('<bundle>', 'the .tar.gz irctl export wrote')
    .option('--pubkey <file>', "the signer's public key obtained out of band (PEM or verifier key): proves who signed, not just consistency")
    .option(
      '--checkpoint <file>',
      'a checkpoint kept elsewhere (what irctl export printed, a ticket); prove the bundled ledger extends it (repeatable)',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option(
      '--extract <dir>',
      'also write the files to DIR (new or empty; files 0600, directories 0700), kept only if the whole bundle verifies; by default nothing is written anywhere',
    )
    .option(
      '--max-bytes <size>',
      `refuse, before reading them, a bundle whose manifest declares more bytes of files (K, M, G, T: powers of 1024); default ${DEFAULT_MAX_BYTES / 1024 ** 3}G`,
      parseByteCount,
      DEFAULT_MAX_BYTES,
    )
    .option(
      '--witness-key <file>',
      'a witness public key (PEM, or its verifier key line): one of the checkpoints must carry its C2SP cosignature, else exit 7 (repeatable)',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option('--trust-embedded-key', "accept the bundle's own key as the anchor (consistency only: a forger can re-sign with a fresh key); the result says so")
    .action(async (bundle: string, options: VerifyBundleOptions, command: Command) => {
      const output = commandOutput(command);
      const pinnedKey = options.pubkey ? parsePublicKey(readInput(options.pubkey, 'public key file')) : undefined;
      const externalCheckpoints = options.checkpoint.map((file) => readCheckpointFile(file));
      const witnessKeys = options.witnessKey.map((file) => ({
        label: `witness key ${file}`,
        key: parseWitnessPublicKey(readInput(file, 'witness public key file'), file),
      }));
      const result = await verifyBundle(bundle, {
        pinnedKey,
        trustedKeys: trustedKeys(command),
        trustEmbeddedKey: options.trustEmbeddedKey === true,
        externalCheckpoints,
        extractDir: options.extract,
        maxBytes: options.maxBytes,
        witnessKeys,
      });
      if (output.json) printJson(output, result);
      else show(output, result);
      for (const warning of result.warnings) output.err(`${color.yellow('warning:')} ${warning}`);
      if (!result.ok) {
        const first = result.problems[0]!;
        // a checkpoint taken on the store after the export pins records the bundle cannot hold
        const onlyAhead = result.problems.every((problem) => problem.custodyKind === 'checkpoint-ahead');
        if (result.problems.every((problem) => problem.kind === 'cosignature')) {
          throw new IntegrityError(`bundle ${bundle} failed verification: ${first.message}`, {
            hint: 'pass the checkpoint the witness cosigned with --checkpoint (the witness makes it with: irctl custody cosign --witness-key witness.key --pubkey custody.pub bundle-head.txt); without it nothing outside this host vouches for the head',
            details: { problems: result.problems },
          });
        }
        if (result.problems.every((problem) => problem.kind === 'unverified')) {
          throw new IntegrityError(first.message, {
            hint: `get the signer's public key out of band (irctl custody pubkey on the exporting host) and run: irctl verify-bundle ${bundle} --pubkey custody.pub --checkpoint bundle-head.txt`,
            details: { problems: result.problems },
          });
        }
        throw new IntegrityError(
          `bundle ${bundle} failed verification: ${first.message}${result.problems.length > 1 ? ` (and ${result.problems.length - 1} more problem(s))` : ''}`,
          {
            hint: onlyAhead
              ? "if that checkpoint was taken after this bundle was exported (the export itself adds a record), it is newer than the bundle: verify with the checkpoint irctl export printed; otherwise the bundle's ledger was cut short: do not rely on it"
              : 'do not rely on this bundle; get a fresh copy from the exporting host and compare its SHA-256 with the transferred custody record',
            details: { problems: result.problems },
          },
        );
      }
    });
}
