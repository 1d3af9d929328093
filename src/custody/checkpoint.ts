import { sign, verify } from 'node:crypto';
import { IntegrityError, IrctlError, NotFoundError, UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import { walkChain } from './chain.js';
import { cachedRange, rebuildTree, syncTree } from './merkle-store.js';
import type { CompactRange } from './merkle.js';
import { pushToWitnesses } from './witness.js';
import { loadOrCreateSigningKey, type CustodyPublicKey } from './keys.js';

// Checkpoints are C2SP signed notes (c2sp.org/signed-note) in the tlog-checkpoint shape
// (c2sp.org/tlog-checkpoint): origin, record count, base64 root hash of the ledger's RFC 9162
// Merkle tree over its first `count` records (merkle.ts); a blank line; then one
// "— <key name> <base64(key hash ‖ signature)>" line per signature. Notes signed before the tree
// existed carry the hash of record `count` on that line; verify still accepts those.

const ORIGIN_PREFIX = 'irctl.local/incident/';
const SIGNATURE_PREFIX = '\u2014 ';

export interface NoteSignature {
  keyName: string;
  keyHash: Buffer; // 4 bytes
  signature: Buffer; // 64 bytes for ed25519
  encoded: string; // base64(keyHash ‖ signature) as it appears in the note
}

export interface ParsedCheckpoint {
  origin: string;
  incidentId: string | null; // null when the origin is not an irctl incident
  count: number;
  rootHash: string; // hex: the Merkle root (or, in a note older than the tree, the head record's hash)
  body: string; // the signed text, ending in a newline
  signatures: NoteSignature[];
  text: string; // the whole note, normalised
}

export interface CheckpointRow {
  id: number;
  incident_id: string;
  seq: number;
  head_hash: string;
  note: string;
  signature: string;
  key_id: string;
  reason: string;
  created_at: string;
}

export function checkpointOrigin(incidentId: string): string {
  return `${ORIGIN_PREFIX}${incidentId}`;
}

export function checkpointBody(incidentId: string, count: number, rootHash: string): string {
  if (/[\s]/.test(incidentId)) throw new UsageError(`incident id ${JSON.stringify(incidentId)} contains whitespace and cannot name a checkpoint`);
  return `${checkpointOrigin(incidentId)}\n${count}\n${Buffer.from(rootHash, 'hex').toString('base64')}\n`;
}

/** What a checkpoint looks like, for messages about text that is not one. */
export const CHECKPOINT_SHAPE = `a checkpoint is a signed note: the origin line (${ORIGIN_PREFIX}<incident>), the record count, the base64 head hash, a blank line, then one "${SIGNATURE_PREFIX}<key name> <signature>" line per signature`;

/**
 * Parse a signed note; tolerant of CRLF and surrounding whitespace from a ticket paste.
 * Text that does not have the note's shape at all (empty, no signature block, no origin line)
 * throws UsageError: it is not a checkpoint, so it proves nothing either way. A note with the
 * shape whose fields are damaged (count, head hash, signature encoding) throws IntegrityError:
 * that is what an altered checkpoint looks like.
 */
export function parseCheckpoint(input: string): ParsedCheckpoint {
  const text = `${input.replace(/\r\n/g, '\n').trim()}\n`;
  if (text === '\n') throw new UsageError('it is empty');
  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw new UsageError('it has no signature block (a blank line, then signature lines)');
  const body = text.slice(0, split + 1);
  const lines = body.slice(0, -1).split('\n');
  const [origin = '', countText = '', headText = ''] = lines;
  if (lines.length !== 3 || origin === '' || /\s/.test(origin)) {
    throw new UsageError('its body is not three lines (origin, record count, head hash) starting with an origin line');
  }
  const signatureLines = text
    .slice(split + 2)
    .split('\n')
    .filter((line) => line.length > 0);
  const stray = signatureLines.find((line) => !line.startsWith(SIGNATURE_PREFIX));
  if (stray !== undefined) throw new UsageError(`a line after the blank line is not a signature line: ${JSON.stringify(stray)}`);

  if (!/^(0|[1-9][0-9]*)$/.test(countText)) throw new IntegrityError(`checkpoint record count ${JSON.stringify(countText)} is not a number`);
  const head = Buffer.from(headText, 'base64');
  if (head.length !== 32 || head.toString('base64') !== headText) throw new IntegrityError('checkpoint root hash is not 32 bytes of base64');
  const signatures = signatureLines.map((line): NoteSignature => {
    const [, keyName, encoded, ...rest] = line.split(' ');
    const bytes = Buffer.from(encoded ?? '', 'base64');
    if (!keyName || rest.length > 0 || bytes.length < 5) throw new IntegrityError(`checkpoint signature line is malformed: ${JSON.stringify(line)}`);
    return { keyName, keyHash: bytes.subarray(0, 4), signature: bytes.subarray(4), encoded: encoded! };
  });
  return {
    origin,
    incidentId: origin.startsWith(ORIGIN_PREFIX) ? origin.slice(ORIGIN_PREFIX.length) : null,
    count: Number(countText),
    rootHash: head.toString('hex'),
    body,
    signatures,
    text,
  };
}

/** Is the note signed by this key? Signatures by other keys are ignored, as signed-note says. */
export function verifyCheckpointSignature(checkpoint: ParsedCheckpoint, key: CustodyPublicKey): { ok: true } | { ok: false; reason: string } {
  const ours = checkpoint.signatures.filter((s) => s.keyName === key.keyName && s.keyHash.equals(key.noteKeyHash));
  if (ours.length === 0) {
    const names = checkpoint.signatures.map((s) => s.keyName).join(', ') || 'none';
    return { ok: false, reason: `not signed by key ${key.keyName} (signed by: ${names})` };
  }
  for (const signature of ours) {
    if (verify(null, Buffer.from(checkpoint.body), key.publicKey, signature.signature)) return { ok: true };
  }
  return { ok: false, reason: `signature by ${key.keyName} does not verify: the note or its signature was altered` };
}

export interface WrittenCheckpoint {
  incidentId: string;
  count: number;
  headHash: string; // hash of record `count`, the chain head
  rootHash: string; // Merkle root over records 1…count: what the note signs
  keyId: string;
  reason: string;
  createdAt: string;
  note: string;
  /** Set when the Merkle cache disagreed with the records and was derived again: what was wrong. */
  cacheRebuilt: string | null;
}

/**
 * Sign the incident's current head and store the note. A signature vouches for what was checked:
 * the records since the previous checkpoint are re-derived first, and a broken chain is refused.
 *
 * The signed root is never read from the Merkle cache (custody_merkle_nodes has no triggers and
 * nothing signs it). It is the previous signed tree extended by the records walked since: the
 * cached peaks of that tree (O(log n) rows) count only when they fold to the root the previous
 * note signed with this key. Otherwise (no previous checkpoint, a note older than the tree, another
 * key, a cache that does not fold to it) the whole chain is walked from record 1 and the root
 * computed from the records. A cache whose root then differs from the signed one is rebuilt from
 * the records, so proofs read from it agree with what was signed.
 */
export function writeCheckpoint(db: Db, home: string, incidentId: string, reason: string, now: () => Date = () => new Date()): WrittenCheckpoint {
  const key = loadOrCreateSigningKey(home);
  const { count, headHash, rootHash, cacheRebuilt } = db.transaction(() => {
    const previous = db
      .prepare('SELECT seq, head_hash, note FROM custody_checkpoints WHERE incident_id = ? ORDER BY seq DESC, id DESC LIMIT 1')
      .get(incidentId) as { seq: number; head_hash: string; note: string } | undefined;
    const anchor = previous
      ? (db.prepare('SELECT hash FROM custody_records WHERE incident_id = ? AND seq = ?').get(incidentId, previous.seq) as { hash: string } | undefined)
      : undefined;
    if (previous && anchor?.hash !== previous.head_hash) {
      throw new IntegrityError(`refusing to sign a checkpoint for incident ${incidentId}: record ${previous.seq} no longer matches the previous checkpoint`, {
        hint: `irctl custody verify ${incidentId}`,
      });
    }
    syncTree(db, incidentId);
    const signedPrefix = previous ? signedTree(db, incidentId, previous, key) : undefined;
    const walk = signedPrefix
      ? walkChain(db, incidentId, { fromSeq: previous!.seq + 1, prevHash: previous!.head_hash, tree: signedPrefix })
      : walkChain(db, incidentId); // from record 1: the root from the records themselves
    const first = walk.problems[0];
    if (first)
      throw new IntegrityError(`refusing to sign a checkpoint for incident ${incidentId}: ${first.message}`, { hint: `irctl custody verify ${incidentId}` });
    const headHash = walk.headHash ?? previous?.head_hash;
    if (!headHash || walk.rootHash === null) {
      throw new NotFoundError(`incident ${incidentId} has no custody records to checkpoint`, { hint: `irctl custody log ${incidentId}` });
    }
    const count = walk.lastSeq;
    const cached = cachedRange(db, incidentId, count)?.root().toString('hex');
    let cacheRebuilt: string | null = null;
    if (cached !== walk.rootHash) {
      rebuildTree(db, incidentId);
      cacheRebuilt = `the Merkle cache of incident ${incidentId} (custody_merkle_nodes) did not match the records: its root over records 1–${count} was ${cached ?? 'incomplete'}, the records' is ${walk.rootHash}; rebuilt from the records (the signed root is the records')`;
    }
    return { count, headHash, rootHash: walk.rootHash, cacheRebuilt };
  })();
  if (cacheRebuilt) process.emitWarning(cacheRebuilt, { code: 'IRCTL_CUSTODY_CACHE_REBUILT' });

  const body = checkpointBody(incidentId, count, rootHash);
  const signature = Buffer.concat([key.noteKeyHash, sign(null, Buffer.from(body), key.privateKey)]).toString('base64');
  const note = `${body}\n${SIGNATURE_PREFIX}${key.keyName} ${signature}\n`;
  const createdAt = now().toISOString();
  db.prepare('INSERT INTO custody_checkpoints (incident_id, seq, head_hash, note, signature, key_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    incidentId,
    count,
    headHash,
    note,
    signature,
    key.keyId,
    reason,
    createdAt,
  );
  const written = { incidentId, count, headHash, rootHash, keyId: key.keyId, reason, createdAt, note, cacheRebuilt };
  pushToWitnesses(written);
  return written;
}

/**
 * The tree over records 1…previous.seq, from the cache's peaks, when they fold to the root the
 * previous note signed with this key; undefined when anything about that does not hold.
 */
function signedTree(db: Db, incidentId: string, previous: { seq: number; note: string }, key: CustodyPublicKey): CompactRange | undefined {
  let note: ParsedCheckpoint;
  try {
    note = parseCheckpoint(previous.note);
  } catch (error) {
    if (error instanceof IrctlError) return undefined;
    throw error;
  }
  if (note.origin !== checkpointOrigin(incidentId) || note.count !== previous.seq || !verifyCheckpointSignature(note, key).ok) return undefined;
  const range = cachedRange(db, incidentId, previous.seq);
  return range?.root().toString('hex') === note.rootHash ? range : undefined;
}

export function listCheckpoints(db: Db, incidentId: string): CheckpointRow[] {
  return db.prepare('SELECT * FROM custody_checkpoints WHERE incident_id = ? ORDER BY seq, id').all(incidentId) as CheckpointRow[];
}
