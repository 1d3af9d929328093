import { existsSync } from 'node:fs';
import { IrctlError } from '../errors.js';
import type { Db } from '../store/db.js';
import { genesisHash, type CustodyRecord } from './canonical.js';
import { EMPTY_ROOT, verifyConsistency } from './merkle.js';
import { cachedRange, rebuildTree, storedConsistencyProof, syncTree } from './merkle-store.js';
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
  /**
   * When the incident closed through a path that signs the ledger's head (the runner writes a
   * checkpoint at close): every record recorded by then must be pinned by a checkpoint, and one
   * must have been stored at or after it. ISO 8601 UTC, as the incident's finished_at.
   */
  closedAt?: string;
  /** Records no checkpoint pins are a problem, not a warning (as verify-bundle treats its unsigned tail). */
  requirePinned?: boolean;
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
  pinned: number; // records 1…pinned are pinned by a stored or external checkpoint that checked out
  warnings: string[]; // what is not a break but weakens the result, e.g. records no checkpoint pins
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
  createdAt?: string; // stored checkpoints: when irctl wrote it
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
    createdAt: row.created_at,
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

  const walk = walkChain(db, incidentId, {
    wantHashesAt: new Set(parsed.map((p) => p.note.count)),
    collectActs: new Set(options.collectActs),
    ...(options.closedAt ? { recordedBy: options.closedAt } : {}),
  });
  problems.push(...walk.problems);

  const since = options.sinceCheckpoints ?? [];
  const key = parsed.length > 0 || since.length > 0 ? resolveKey(options, problems) : undefined;
  let pinned = 0;
  const sound: CheckpointToProve[] = []; // checkpoints whose signature and fit with the ledger hold
  for (const { checkpoint, note } of parsed) {
    const found = proveCheckpoint(incidentId, checkpoint, note, key, walk.lastSeq, walk.hashesAt, walk.rootsAt);
    problems.push(...found);
    if (found.length === 0 && key) {
      pinned = Math.max(pinned, note.count);
      sound.push(checkpoint);
    }
  }
  const warnings: string[] = [];
  problems.push(...unpinnedRecords(incidentId, walk.lastSeq, pinned, walk.recordedBy, sound, options, warnings));
  const cached = walk.rootHash === null ? undefined : cachedRange(db, incidentId, walk.lastSeq);
  if (cached && cached.root().toString('hex') !== walk.rootHash) {
    warnings.push(
      `the Merkle cache (custody_merkle_nodes) does not match the records: it is derived, unsigned data and was written to outside irctl. Roots here are computed from the records; the next checkpoint rebuilds the cache`,
    );
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
    pinned,
    warnings,
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
  const oldRoot = Buffer.from(note.rootHash, 'hex');
  const attempt = (): Buffer[] => {
    try {
      syncTree(db, incidentId);
      return storedConsistencyProof(db, incidentId, note.count, size);
    } catch (error) {
      if (error instanceof IrctlError) throw error;
      return []; // a level-hash cache that cannot answer is as good as a failed proof
    }
  };
  const holds = (candidate: Buffer[]) => rootHash !== null && verifyConsistency(note.count, size, oldRoot, Buffer.from(rootHash, 'hex'), candidate);
  let proof = attempt();
  if (!holds(proof)) {
    // the cache is unsigned and derived: before calling the history rewritten, derive it again from the records
    rebuildTree(db, incidentId);
    proof = attempt();
  }
  result.proof = proof.map((node) => node.toString('hex'));
  result.ok = holds(proof);
  if (!result.ok) {
    add(
      note.count || null,
      'checkpoint-diverged',
      `the consistency proof from its ${note.count} records to the ledger's ${size} fails (RFC 9162): records 1–${note.count} are no longer what it signed — the history was rewritten`,
    );
  }
  return result;
}

/**
 * Records no checkpoint pins could have been written, or rewritten, by anyone who can write the
 * store: no key is needed to append a record with a valid link, or to rewrite the chain after the
 * last checkpoint left in it. While an incident runs that is its open tail (the next phase end
 * signs it): a warning. It is a problem where irctl always signs (records of an incident closed
 * through a signing path, recorded by its close, and the closing checkpoint itself), or when asked
 * (requirePinned, as verify-bundle treats a bundle's unsigned tail).
 */
function unpinnedRecords(
  incidentId: string,
  lastSeq: number,
  pinned: number,
  recordedByClose: number,
  sound: CheckpointToProve[],
  options: VerifyCustodyOptions,
  warnings: string[],
): CustodyProblem[] {
  const problems: CustodyProblem[] = [];
  const range = (from: number, to: number) => (from === to ? `record ${from} is` : `records ${from}–${to} are`);
  const { closedAt } = options;
  if (closedAt && recordedByClose > pinned) {
    problems.push({
      incidentId,
      seq: pinned + 1,
      kind: 'unpinned',
      message:
        `incident ${incidentId} closed at ${closedAt} and irctl signs the ledger's head when an incident closes, but ${range(pinned + 1, recordedByClose)} ` +
        "recorded by then and pinned by no checkpoint: checkpoints were deleted from the store, or records were written into the closed incident's history",
    });
  } else if (closedAt && recordedByClose > 0 && !sound.some((c) => c.createdAt !== undefined && c.createdAt >= closedAt)) {
    problems.push({
      incidentId,
      seq: null,
      kind: 'unpinned',
      message: `incident ${incidentId} closed at ${closedAt} but no stored checkpoint was signed at or after its close: irctl signs the ledger when an incident closes, so the closing checkpoint was deleted (and with it, perhaps, the records it pinned)`,
    });
  }
  if (lastSeq > pinned && !problems.some((p) => p.seq === pinned + 1)) {
    const why = `${range(pinned + 1, lastSeq)} pinned by no signed checkpoint: ${pinned + 1 === lastSeq ? 'it' : 'they'} could have been written or rewritten by anyone with write access to the store`;
    if (options.requirePinned) problems.push({ incidentId, seq: pinned + 1, kind: 'unpinned', message: why });
    else warnings.push(`${why} (irctl custody checkpoint ${incidentId} signs them; a copy of the note kept off this host anchors them)`);
  }
  return problems;
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
