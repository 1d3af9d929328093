import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { parseCheckpoint } from '../../../custody/checkpoint.js';
import { readCheckpointFile } from '../../../custody/checkpoint-file.js';
import { parsePublicKey } from '../../../custody/keys.js';
import { custodyIncidentIds } from '../../../custody/ledger.js';
import { verifyCustody, type CustodyVerification, type ExternalCheckpoint } from '../../../custody/verify.js';
import { IntegrityError, IrctlError, NotFoundError, UsageError } from '../../../errors.js';
import { color, printJson, type Output } from '../../output.js';
import { findLoosePermissions } from '../../../private-files.js';
import { witnessedNotes, witnessesConfigured } from '../../../custody/witness.js';
import { findCosignatures, parseWitnessPublicKey } from '../../../custody/cosignature.js';
import { commandOutput } from '../../command-output.js';
import { servicesFor } from '../../command-services.js';
import { getIncident } from '../../../engine/incidents.js';
import type { Services } from '../../../services.js';

interface VerifyOptions {
  all?: boolean;
  checkpoint: string[];
  sinceCheckpoint: string[];
  pubkey?: string;
  witnessKey: string[];
  requirePinned?: boolean;
}

/**
 * When the incident closed, if it closed through the runner's finish (succeeded, rolled_back),
 * which signs the ledger's head. A run that failed on a machine error, or an abort of a stopped run,
 * closes without a checkpoint today, so those statuses (and ledgers that are no incident) assert
 * nothing here.
 */
function signedCloseOf(services: Services, incidentId: string): string | undefined {
  try {
    const incident = getIncident(services.db, incidentId);
    return SIGNED_AT_CLOSE.has(incident.status) ? (incident.finished_at ?? undefined) : undefined;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
const SIGNED_AT_CLOSE: ReadonlySet<string> = new Set(['succeeded', 'rolled_back']);

function readInput(path: string, what: string): string {
  if (!existsSync(path)) throw new NotFoundError(`${what} ${path} does not exist`);
  return readFileSync(path, 'utf8');
}

/** The incident an external checkpoint speaks for, read from its origin line; null if unreadable. */
function originIncident(checkpoint: ExternalCheckpoint): string | null {
  try {
    return parseCheckpoint(checkpoint.text).incidentId;
  } catch (error) {
    if (error instanceof IrctlError) return null;
    throw error;
  }
}

function report(output: Output, result: CustodyVerification): void {
  const anchors = `${result.checkpoints} checkpoint(s)${result.externalCheckpoints ? ` + ${result.externalCheckpoints} external` : ''}`;
  const summary = `${result.records} records, ${result.artifacts} evidence file(s), ${anchors}`;
  if (result.ok) {
    output.out(`${color.green('ok')}   ${result.incidentId}: ${summary}; head ${result.headHash?.slice(0, 16) ?? '(empty)'}`);
    for (const warning of result.warnings) output.out(`     ${color.yellow('warning:')} ${warning}`);
    for (const proof of result.consistency) {
      output.out(
        `     consistent: the ledger's ${proof.to} records extend the ${proof.from} signed in ${proof.label.replace(/^old checkpoint /, '')} (RFC 9162 proof of ${proof.proof.length} hashes)`,
      );
    }
    return;
  }
  output.out(`${color.red('FAIL')} ${result.incidentId}: ${summary}; ${result.problems.length} problem(s):`);
  for (const problem of result.problems) {
    output.out(`  ${problem.seq === null ? 'ledger' : `record ${problem.seq}`} [${problem.kind}] ${problem.message}`);
  }
  for (const warning of result.warnings) output.out(`  ${color.yellow('warning:')} ${warning}`);
}

export function custodyVerifyCommand(): Command {
  return new Command('verify')
    .description('re-derive the chain, re-hash every evidence file, check checkpoint signatures; exit 7 on any break')
    .argument('[incident]', 'incident id (or use --all)')
    .option('--all', 'verify every incident that has a ledger')
    .option(
      '--checkpoint <file>',
      'a checkpoint kept elsewhere (ticket, chat); prove the ledger still extends it (repeatable)',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option(
      '--since-checkpoint <file>',
      'an older checkpoint: check an RFC 9162 consistency proof that the ledger extends it without rewriting it (repeatable)',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option('--pubkey <file>', "the signer's public key (PEM or verifier key), when verifying away from the signing host")
    .option(
      '--witness-key <file>',
      'a witness public key (PEM or verifier key): a given or witnessed checkpoint must carry its C2SP cosignature, else exit 7 (repeatable)',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option('--require-pinned', 'records no signed checkpoint pins (the open tail of a running incident) fail verification (exit 7), as in verify-bundle')
    .action(async (incidentArg: string | undefined, options: VerifyOptions, command: Command) => {
      const output = commandOutput(command);
      const external = options.checkpoint.map((file) => readCheckpointFile(file, incidentArg));
      const since = options.sinceCheckpoint.map((file) => readCheckpointFile(file, incidentArg));
      if (since.length > 0 && !incidentArg)
        throw new UsageError('--since-checkpoint needs the incident id', { hint: 'irctl custody verify <incident> --since-checkpoint old.txt' });
      const publicKey = options.pubkey ? parsePublicKey(readInput(options.pubkey, 'public key file')) : undefined;
      if (incidentArg && options.all) throw new UsageError('give an incident id or --all, not both');
      const witnessKeys = options.witnessKey.map((file) => ({
        label: `witness key ${file}`,
        key: parseWitnessPublicKey(readInput(file, 'witness public key file'), file),
      }));
      const services = servicesFor(command);
      try {
        const origins = external.map(originIncident);
        const known = custodyIncidentIds(services.db);
        let incidentIds: string[];
        if (incidentArg) incidentIds = [incidentArg];
        else if (options.all) incidentIds = [...new Set([...known, ...origins.filter((id): id is string => id !== null)])].sort();
        else if (origins.length > 0 && origins.every((id) => id !== null)) incidentIds = [...new Set(origins)];
        else throw new UsageError('name the incident to verify, or pass --all', { hint: 'irctl custody verify <incident> [--checkpoint FILE]' });
        if (incidentArg && !known.includes(incidentArg) && external.length === 0) {
          throw new NotFoundError(`incident ${incidentArg} has no custody ledger`, { hint: 'irctl custody verify --all checks every ledger there is' });
        }

        const results: CustodyVerification[] = [];
        for (const incidentId of incidentIds) {
          // A single named incident takes every external checkpoint, so one for another incident is reported.
          const given = incidentArg ? external : external.filter((_, i) => origins[i] === incidentId);
          // the latest checkpoint each witness holds: the anchor a host-key holder cannot rewrite
          const witnessed = witnessedNotes(incidentId);
          if (witnessed.length === 0 && !output.json) {
            output.err(
              witnessesConfigured().length === 0
                ? `note: ${incidentId} has no witnessed checkpoint (no custody.witness configured): checked against checkpoints on this host only, which whoever holds this host and its key could rewrite`
                : `note: no witness holds a checkpoint of ${incidentId} yet: checked against checkpoints on this host only`,
            );
          }
          const mine = [...given, ...witnessed];
          const result = await verifyCustody(services.db, {
            incidentId,
            evidenceDir: services.paths.evidenceDir,
            home: services.paths.home,
            publicKey,
            externalCheckpoints: mine,
            sinceCheckpoints: since,
            closedAt: signedCloseOf(services, incidentId),
            requirePinned: options.requirePinned === true,
          });
          if (witnessKeys.length > 0) {
            const { found, missing } = findCosignatures(witnessKeys, mine);
            for (const m of missing) result.problems.push({ incidentId, seq: null, kind: 'cosignature', message: m.message });
            result.ok = result.problems.length === 0;
            if (!output.json) for (const c of found) output.err(`${incidentId}: cosigned by witness ${c.witness} at ${c.cosignedAt} (${c.checkpoint})`);
          }
          results.push(result);
        }
        const loose = findLoosePermissions(services.paths, incidentIds);
        if (!output.json) for (const entry of loose) output.err(`${color.yellow('warning:')} ${entry.message}`);
        if (output.json) printJson(output, { ok: results.every((r) => r.ok), incidents: results, loosePermissions: loose });
        else if (results.length === 0) output.out('no custody ledgers to verify');
        else results.forEach((result) => report(output, result));

        const failed = results.filter((r) => !r.ok);
        if (failed.length > 0) {
          const first = failed[0]!.problems[0]!;
          const others = failed.length > 1 ? ` (and ${failed.length - 1} other incident(s))` : '';
          throw new IntegrityError(
            `custody verification failed for incident ${first.incidentId}${others}: ${first.seq === null ? '' : `first broken record is ${first.seq}: `}${first.message}`,
            {
              hint: 'do not add to or export this evidence; preserve the store and evidence directory as they are and escalate',
              details: { problems: failed.flatMap((r) => r.problems) },
            },
          );
        }
      } finally {
        services.close();
      }
    });
}
