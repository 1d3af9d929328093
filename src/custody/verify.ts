import { existsSync } from 'node:fs';
import { IrctlError } from '../errors.js';
import type { Db } from '../store/db.js';
import { genesisHash, type CustodyRecord } from './canonical.js';
import { EMPTY_ROOT, verifyConsistency } from './merkle.js';
import { storedConsistencyProof, syncTree } from './merkle-store.js';
import { checkArtifacts } from './artifacts.js';
import { walkChain, type ArtifactClaim } from './chain.js';
import { checkpointOrigin, listCheckpoints, parseCheckpoint, verifyCheckpointSignature, type ParsedCheckpoint } from './checkpoint.js';
import { loadPublicKey, signingKeyPath, type CustodyPublicKey } from './keys.js';
import type { CustodyProblem } from './problems.js';

export interface ExternalCheckpoint {
  label: string; // where it came from, e.g. the file name
  text: string;
}

export interface VerifyCustodyOptions {
  incidentId: string;
  evidenceDir: string;
  home?: string; // state directory holding the signing key
  publicKey?: CustodyPublicKey; // overrides home: verify on another machine
  externalCheckpoints?: ExternalCheckpoint[];
  /** Old checkpoints to prove the ledger extends with an RFC 9162 consistency proof. */
  sinceCheckpoints?: ExternalCheckpoint[];
  /** Acts whose records to hand back whole (CustodyVerification.acts), from the same walk. */
  collectActs?: readonly string[];
  /** How evidence files are checked against their records; default: re-hash them in evidenceDir. */
  checkArtifacts?: (claims: ArtifactClaim[]) => Promise<CustodyProblem[]>;
}

export interface CustodyVerification {
  incidentId: string;
  ok: boolean;
  records: number;
  headHash: string | null;
  artifacts: number; // distinct evidence files re-hashed
  checkpoints: number; // stored checkpoints checked
  externalCheckpoints: number;
  problems: CustodyProblem[]; // in chain order; the first names the first broken record
  consistency: ConsistencyResult[]; // one per --since-checkpoint
  /** Only when options.collectActs was given: who recorded (order of their first record) and the records of those acts. */
  collected?: { actors: string[]; acts: CustodyRecord[] };
}

export interface ConsistencyResult {
  label: string;
  from: number; // records the old checkpoint signed
  to: number; // records in the ledger now
  rootHash: string | null; // the ledger's Merkle root now
  proof: string[]; // hex, RFC 9162 PROOF(from, D[to])
  ok: boolean;
}

interface CheckpointToProve {
  label: string;
  text: string;
  row?: { seq: number; headHash: string };
}

/**
 * Re-derive the incident's chain, re-hash every evidence file its records name, check every
 * stored and external checkpoint's signature, and prove the ledger still extends each of them.
 */
export async function verifyCustody(db: Db, options: VerifyCustodyOptions): Promise<CustodyVerification> {
  const { incidentId } = options;
  const problems: CustodyProblem[] = [];
  const stored: CheckpointToProve[] = listCheckpoints(db, incidentId).map((row) => ({
    label: `checkpoint of ${row.created_at} (${row.reason})`,
    text: row.note,
    row: { seq: row.seq, headHash: row.head_hash },
  }));
  const external: CheckpointToProve[] = (options.externalCheckpoints ?? []).map((c) => ({ label: `external checkpoint ${c.label}`, text: c.text }));

  const parsed: { checkpoint: CheckpointToProve; note: ParsedCheckpoint }[] = [];
  for (const checkpoint of [...stored, ...external]) {
    try {
      parsed.push({ checkpoint, note: parseCheckpoint(checkpoint.text) });
    } catch (error) {
      if (!(error instanceof IrctlError)) throw error;
      problems.push({ incidentId, seq: null, kind: 'checkpoint-malformed', message: `${checkpoint.label} is not a valid signed note: ${error.message}` });
    }
  }

  const walk = walkChain(db, incidentId, { wantHashesAt: new Set(parsed.map((p) => p.note.count)), collectActs: new Set(options.collectActs) });
  problems.push(...walk.problems);

  const since = options.sinceCheckpoints ?? [];
  const key = parsed.length > 0 || since.length > 0 ? resolveKey(options, problems) : undefined;
  for (const { checkpoint, note } of parsed) {
    problems.push(...proveCheckpoint(incidentId, checkpoint, note, key, walk.lastSeq, walk.hashesAt, walk.rootsAt));
  }

  const consistency = since.map((checkpoint) => proveConsistency(db, incidentId, checkpoint, key, walk.lastSeq, walk.rootHash, problems));

  const check = options.checkArtifacts ?? ((claims: ArtifactClaim[]) => checkArtifacts(incidentId, options.evidenceDir, claims));
  problems.push(...(await check(walk.artifacts)));

  // Chain order; problems about no one record (unreadable checkpoint, no key) come last.
  const ordered = problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.seq ?? Infinity) - (b.problem.seq ?? Infinity) || a.index - b.index)
    .map((entry) => entry.problem);
  return {
    incidentId,
    ok: ordered.length === 0,
    records: walk.records,
    headHash: walk.headHash,
    artifacts: walk.artifacts.length,
    checkpoints: stored.length,
    externalCheckpoints: external.length,
    problems: ordered,
    consistency,
    ...(options.collectActs ? { collected: { actors: walk.actors, acts: walk.collected } } : {}),
  };
}

/** Does the ledger, as it is now, extend the tree an old checkpoint signed? RFC 9162 2.1.4. */
function proveConsistency(
  db: Db,
  incidentId: string,
  checkpoint: ExternalCheckpoint,
  key: CustodyPublicKey | undefined,
  size: number,
  rootHash: string | null,
  problems: CustodyProblem[],
): ConsistencyResult {
  const label = `old checkpoint ${checkpoint.label}`;
  const result: ConsistencyResult = { label, from: 0, to: size, rootHash, proof: [], ok: false };
  const add = (seq: number | null, kind: CustodyProblem['kind'], why: string) => problems.push({ incidentId, seq, kind, message: `${label}: ${why}` });
  let note: ParsedCheckpoint;
  try {
    note = parseCheckpoint(checkpoint.text);
  } catch (error) {
    if (!(error instanceof IrctlError)) throw error;
    add(null, 'checkpoint-malformed', `not a valid signed note: ${error.message}`);
    return result;
  }
  result.from = note.count;
  if (key) {
    const signature = verifyCheckpointSignature(note, key);
    if (!signature.ok) add(note.count || null, 'checkpoint-signature', signature.reason);
  }
  if (note.origin !== checkpointOrigin(incidentId)) {
    add(null, 'checkpoint-origin', `its origin is ${note.origin}, not ${checkpointOrigin(incidentId)}`);
    return result;
  }
  if (note.count > size) {
    add(size + 1, 'checkpoint-ahead', `it signed ${note.count} records but the ledger now holds ${size}: records were cut off`);
    return result;
  }
  let proof: Buffer[] = [];
  try {
    syncTree(db, incidentId);
    proof = storedConsistencyProof(db, incidentId, note.count, size);
  } catch (error) {
    if (error instanceof IrctlError) throw error;
    // a level-hash cache that cannot answer is as good as a failed proof; verify says so below
  }
  result.proof = proof.map((node) => node.toString('hex'));
  result.ok = rootHash !== null && verifyConsistency(note.count, size, Buffer.from(note.rootHash, 'hex'), Buffer.from(rootHash, 'hex'), proof);
  if (!result.ok) {
    add(
      note.count || null,
      'checkpoint-diverged',
      `the consistency proof from its ${note.count} records to the ledger's ${size} fails (RFC 9162): records 1–${note.count} are no longer what it signed — the history was rewritten`,
    );
  }
  return result;
}

function resolveKey(options: VerifyCustodyOptions, problems: CustodyProblem[]): CustodyPublicKey | undefined {
  if (options.publicKey) return options.publicKey;
  if (options.home && existsSync(signingKeyPath(options.home))) return loadPublicKey(options.home);
  problems.push({
    incidentId: options.incidentId,
    seq: null,
    kind: 'checkpoint-signature',
    message: `cannot check checkpoint signatures: no signing key at ${options.home ? signingKeyPath(options.home) : '(no state directory given)'}`,
  });
  return undefined;
}

function proveCheckpoint(
  incidentId: string,
  checkpoint: CheckpointToProve,
  note: ParsedCheckpoint,
  key: CustodyPublicKey | undefined,
  lastSeq: number,
  hashesAt: Map<number, string>,
  rootsAt: Map<number, string>,
): CustodyProblem[] {
  const problems: CustodyProblem[] = [];
  const add = (seq: number | null, kind: CustodyProblem['kind'], why: string) =>
    problems.push({ incidentId, seq, kind, message: `${checkpoint.label}: ${why}` });

  if (key) {
    const signature = verifyCheckpointSignature(note, key);
    if (!signature.ok) add(note.count || null, 'checkpoint-signature', signature.reason);
  }
  if (note.origin !== checkpointOrigin(incidentId)) {
    add(null, 'checkpoint-origin', `its origin is ${note.origin}, not ${checkpointOrigin(incidentId)}`);
    return problems;
  }
  if (checkpoint.row && checkpoint.row.seq !== note.count) {
    add(note.count || null, 'checkpoint-signature', `its stored record count (${checkpoint.row.seq}) differs from its signed note (${note.count})`);
  }
  if (note.count === 0) {
    if (!Buffer.from(note.rootHash, 'hex').equals(EMPTY_ROOT) && note.rootHash !== genesisHash(incidentId)) {
      add(null, 'checkpoint-diverged', "it pins an empty ledger with a root that is not the empty tree's");
    }
  } else if (note.count > lastSeq) {
    const cut = lastSeq + 1 === note.count ? `record ${note.count} was` : `records ${lastSeq + 1}–${note.count} were`;
    add(lastSeq + 1, 'checkpoint-ahead', `it pins ${note.count} records but the ledger ends at record ${lastSeq}: ${cut} cut off`);
  } else if (hashesAt.get(note.count) === undefined) {
    add(note.count, 'checkpoint-diverged', `record ${note.count}, the head it pins, is missing from the ledger`);
  } else if (rootsAt.get(note.count) !== note.rootHash && hashesAt.get(note.count) !== note.rootHash) {
    // (a note older than the Merkle tree signs the head record's hash on that line instead)
    add(
      note.count,
      'checkpoint-diverged',
      `the Merkle root of records 1–${note.count} differs from the root it signed: the chain up to record ${note.count} was rewritten`,
    );
  } else if (checkpoint.row && checkpoint.row.headHash !== hashesAt.get(note.count)) {
    add(
      note.count,
      'checkpoint-diverged',
      `record ${note.count}'s hash differs from the head stored with it: the chain up to record ${note.count} was rewritten`,
    );
  }
  return problems;
}
