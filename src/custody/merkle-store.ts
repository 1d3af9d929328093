import type { Db } from '../store/db.js';
import { CompactRange, consistencyProof, EMPTY_ROOT, inclusionProof, nodeHash, peakRanges, recordLeaf, splitPoint, type SubtreeHash } from './merkle.js';

// The ledger's Merkle tree, kept as level hashes in custody_merkle_nodes (see schema.ts). Filled on
// demand from the records not yet covered, so appends stay as they were; amortised, each record
// adds two rows. A proof then reads O(log² n) rows at most, never the ledger.
// The table has no triggers and nothing signs it: whoever can write the store can overwrite it.
// Nothing is signed from it unchecked (checkpoint.ts authenticates the peaks it extends against the
// previous signed root, and rebuilds the cache when its root differs from the records').

interface TreeStatements {
  covered: import('better-sqlite3').Statement<[string], { n: number | null }>;
  get: import('better-sqlite3').Statement<[string, number, number], { hash: Buffer }>;
  insert: import('better-sqlite3').Statement<[string, number, number, Buffer]>;
  records: import('better-sqlite3').Statement<[string, number, number]>;
}
const statementsByDb = new WeakMap<Db, TreeStatements>();

function statements(db: Db): TreeStatements {
  let prepared = statementsByDb.get(db);
  if (!prepared) {
    prepared = {
      covered: db.prepare('SELECT MAX(idx) + 1 AS n FROM custody_merkle_nodes WHERE incident_id = ? AND level = 0'),
      get: db.prepare('SELECT hash FROM custody_merkle_nodes WHERE incident_id = ? AND level = ? AND idx = ?'),
      insert: db.prepare('INSERT INTO custody_merkle_nodes (incident_id, level, idx, hash) VALUES (?, ?, ?, ?)'),
      records: db.prepare('SELECT hash FROM custody_records WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    };
    statementsByDb.set(db, prepared);
  }
  return prepared;
}

/** Bring the stored tree up to the incident's last record; returns the number of leaves. */
export function syncTree(db: Db, incidentId: string): number {
  const s = statements(db);
  return db
    .transaction(() => {
      let size = s.covered.get(incidentId)?.n ?? 0;
      // in batches: the connection cannot insert while a SELECT is still being iterated
      // plucked here, not when prepared: the connection hands one statement to every user of its text (store/db.ts)
      const hashes = () => s.records.pluck().all(incidentId, size, 10_000) as string[];
      for (let batch = hashes(); batch.length > 0; batch = hashes()) {
        for (const hash of batch) size = appendLeaf(s, incidentId, size, hash);
      }
      return size;
    })
    .immediate();
}

/** Drop the incident's cached level hashes and derive them again from the records (O(n)). */
export function rebuildTree(db: Db, incidentId: string): number {
  return db.transaction(() => {
    db.prepare('DELETE FROM custody_merkle_nodes WHERE incident_id = ?').run(incidentId);
    return syncTree(db, incidentId);
  })();
}

/**
 * The tree over the first `size` records as the cache holds it: its peaks (O(log n) rows), as a
 * CompactRange to extend. Undefined when the cache lacks one of them. Unauthenticated: compare its
 * root with a signed one before trusting it.
 */
export function cachedRange(db: Db, incidentId: string, size: number): CompactRange | undefined {
  const s = statements(db);
  const peaks: Buffer[] = [];
  for (const { level, index } of peakRanges(size)) {
    const row = s.get.get(incidentId, level, index);
    if (!row || row.hash.length !== 32) return undefined;
    peaks.push(row.hash);
  }
  return CompactRange.fromPeaks(size, peaks);
}

/** Store leaf `size` and every perfect subtree it completes; returns the new size. */
function appendLeaf(s: TreeStatements, incidentId: string, size: number, hash: string): number {
  let node = recordLeaf(hash);
  let index = size;
  let level = 0;
  s.insert.run(incidentId, 0, index, node);
  while (index % 2 === 1) {
    const left = s.get.get(incidentId, level, index - 1)!.hash;
    node = nodeHash(left, node);
    index = (index - 1) / 2;
    level++;
    s.insert.run(incidentId, level, index, node);
  }
  return size + 1;
}

/** MTH of leaves [start, end) from the stored level hashes. */
export function storedSubtree(db: Db, incidentId: string): SubtreeHash {
  const s = statements(db);
  const subtree: SubtreeHash = (start, end) => {
    const n = end - start;
    if (n === 0) return EMPTY_ROOT;
    if ((n & (n - 1)) === 0 && start % n === 0) {
      const level = Math.log2(n);
      const row = s.get.get(incidentId, level, start / n);
      if (!row) throw new Error(`the Merkle tree of ${incidentId} has no node at level ${level}, index ${start / n}: syncTree first`);
      return row.hash;
    }
    const k = splitPoint(n);
    return nodeHash(subtree(start, start + k), subtree(start + k, end));
  };
  return subtree;
}

/** The tree root over the first `size` records. */
export function treeRoot(db: Db, incidentId: string, size: number): Buffer {
  return storedSubtree(db, incidentId)(0, size);
}

export function storedInclusionProof(db: Db, incidentId: string, seq: number, size: number): Buffer[] {
  return inclusionProof(seq - 1, size, storedSubtree(db, incidentId));
}

export function storedConsistencyProof(db: Db, incidentId: string, oldSize: number, size: number): Buffer[] {
  return consistencyProof(oldSize, size, storedSubtree(db, incidentId));
}
