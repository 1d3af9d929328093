import type { Db } from '../store/db.js';
import {
  genesisHash,
  recordHash,
  storedRecordHash,
  type CustodyRecord,
  type CustodyRecordFields,
  type JsonObject,
  type StoredRecordFields,
} from './canonical.js';
import { RECORD_COLUMNS } from './ledger.js';
import { CompactRange, recordLeaf } from './merkle.js';
import type { CustodyProblem } from './problems.js';

/** An evidence file a record vouches for. */
export interface ArtifactClaim {
  seq: number;
  location: string;
  sha256: string;
  size: number | null;
}

export interface ChainWalk {
  problems: CustodyProblem[];
  records: number; // rows walked
  lastSeq: number; // seq of the last row walked (fromSeq - 1 when none)
  headHash: string | null; // stored hash of the last row walked
  hashesAt: Map<number, string>; // stored hash at each seq the caller asked for
  rootsAt: Map<number, string>; // Merkle root (hex) over records 1…seq, for each seq asked for (walks from 1, or given `tree`)
  rootHash: string | null; // Merkle root over records 1…lastSeq (walks from 1, or given `tree`)
  artifacts: ArtifactClaim[]; // one per distinct (location, sha256, size)
  actors: string[]; // everyone who recorded, in order of their first record walked
  collected: CustodyRecord[]; // the records whose act was asked for (collectActs), in chain order
  recordedBy: number; // the last seq recorded at or before options.recordedBy (0 when none, or not asked)
}

export interface WalkOptions {
  fromSeq?: number; // default 1
  prevHash?: string; // the hash record fromSeq must link to; default the incident's genesis
  wantHashesAt?: ReadonlySet<number>;
  /** Acts whose records the walk hands back whole (a report's containment acts): no second scan. */
  collectActs?: ReadonlySet<string>;
  /** The tree over records 1…fromSeq−1, authenticated by the caller: the walk extends it (rootHash). */
  tree?: CompactRange;
  /** An ISO 8601 UTC time: the walk reports the last record recorded at or before it (recordedBy). */
  recordedBy?: string;
}

const parseObject = (text: string | null): JsonObject | null => (text === null ? null : (JSON.parse(text) as JsonObject));

/** The record's fields with its stored objects parsed (throws when one is not JSON). */
function parsedFields(stored: StoredRecordFields): CustodyRecordFields {
  const { whereJson, howJson, detailsJson, ...rest } = stored;
  return { ...rest, where: parseObject(whereJson), how: parseObject(howJson), details: parseObject(detailsJson) };
}

/** The slow, exact check: parse the stored objects and hash the canonical form (non-canonical text, or not JSON at all). */
function parsedHashMatches(stored: StoredRecordFields, storedHash: string): boolean {
  try {
    return recordHash(parsedFields(stored)) === storedHash;
  } catch {
    return false; // a stored object that is not JSON: the record was edited
  }
}

/**
 * Re-derive the chain from the rows: seq contiguity, prev links, each record's hash. The next
 * record is linked against the previous record's STORED hash, so one edited record is named alone
 * instead of breaking everything after it. Rows come raw (arrays) to keep the hot loop light.
 */
export function walkChain(db: Db, incidentId: string, options: WalkOptions = {}): ChainWalk {
  const fromSeq = options.fromSeq ?? 1;
  const wanted = options.wantHashesAt;
  const problems: CustodyProblem[] = [];
  const hashesAt = new Map<number, string>();
  const rootsAt = new Map<number, string>();
  // the tree over the stored hashes, as they are: what a checkpoint signed (from record 1, or from the given prefix)
  const tree = options.tree ?? (fromSeq === 1 ? new CompactRange() : undefined);
  if (tree && tree.size !== fromSeq - 1) throw new RangeError(`a walk from record ${fromSeq} extends a tree of ${fromSeq - 1} leaves, not ${tree.size}`);
  const artifacts: ArtifactClaim[] = [];
  const seenArtifacts = new Set<string>();
  const actors = new Set<string>(); // a Set keeps insertion order: first record first
  const collected: CustodyRecord[] = [];
  let expectedSeq = fromSeq;
  let expectedPrev = options.prevHash ?? genesisHash(incidentId);
  let records = 0;
  let headHash: string | null = null;
  let recordedBy = 0;

  const rows = db
    .prepare(`SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND seq >= ? ORDER BY seq`)
    .raw(true)
    .iterate(incidentId, fromSeq) as IterableIterator<unknown[]>;
  for (const row of rows) {
    const seq = row[1] as number;
    const prevHash = row[13] as string;
    const storedHash = row[14] as string;
    const stored: StoredRecordFields = {
      incidentId: row[0] as string,
      seq,
      recordedAt: row[2] as string,
      actor: row[3] as string,
      act: row[4] as string,
      subject: row[5] as string,
      whereJson: row[6] as string | null,
      howJson: row[7] as string | null,
      detailsJson: row[8] as string | null,
      artifactSha256: row[9] as string | null,
      artifactSize: row[10] as number | null,
      artifactLocation: row[11] as string | null,
      evidenceId: row[12] as string | null,
      prevHash,
    };
    records++;

    if (seq !== expectedSeq) {
      const missing = seq - 1 === expectedSeq ? `record ${expectedSeq} is missing` : `records ${expectedSeq}–${seq - 1} are missing`;
      problems.push({
        incidentId,
        seq,
        kind: 'sequence',
        message: `record ${seq} follows record ${expectedSeq - 1}: ${missing} (deleted, or the records were renumbered)`,
      });
    }
    if (storedRecordHash(stored) !== storedHash && !parsedHashMatches(stored, storedHash)) {
      problems.push({
        incidentId,
        seq,
        kind: 'hash',
        message: `record ${seq} does not match its hash: a field was changed after it was recorded, or the record was copied from another chain`,
      });
    }
    if (prevHash !== expectedPrev && seq === expectedSeq) {
      problems.push({
        incidentId,
        seq,
        kind: 'link',
        message:
          seq === 1
            ? `record 1 does not start incident ${incidentId}'s chain: its prev hash is not derived from the incident id (copied from another incident?)`
            : `record ${seq} does not link to record ${seq - 1}: its prev hash differs (a record was inserted, removed or reordered)`,
      });
    }

    tree?.push(recordLeaf(storedHash));
    if (wanted?.has(seq)) {
      hashesAt.set(seq, storedHash);
      if (tree && tree.size === seq) rootsAt.set(seq, tree.root().toString('hex'));
    }
    if (stored.artifactLocation !== null && stored.artifactSha256 !== null) {
      const key = `${stored.artifactLocation}\0${stored.artifactSha256}\0${stored.artifactSize}`;
      if (!seenArtifacts.has(key)) {
        seenArtifacts.add(key);
        artifacts.push({ seq, location: stored.artifactLocation, sha256: stored.artifactSha256, size: stored.artifactSize });
      }
    }
    actors.add(stored.actor);
    if (options.recordedBy !== undefined && stored.recordedAt <= options.recordedBy) recordedBy = seq;
    if (options.collectActs?.has(stored.act)) collected.push({ ...parsedFields(stored), hash: storedHash });
    expectedSeq = seq + 1;
    expectedPrev = storedHash;
    headHash = storedHash;
  }
  return {
    problems,
    records,
    lastSeq: expectedSeq - 1,
    headHash,
    hashesAt,
    rootsAt,
    rootHash: tree ? tree.root().toString('hex') : null,
    artifacts,
    actors: [...actors],
    collected,
    recordedBy,
  };
}
