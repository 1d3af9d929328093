import { createHash } from 'node:crypto';
import type { CustodyRecord } from '../custody/canonical.js';
import { canonicalJson } from '../custody/canonical.js';
import { listCheckpoints, writeCheckpoint, type CheckpointRow } from '../custody/checkpoint.js';
import { appendCustody, custodyHeadSeq } from '../custody/ledger.js';
import { writeTransaction, type Db } from '../store/db.js';
import { CHECKPOINT_DIR, LEDGER_PATH, MANIFEST_PATH, type BundleManifest } from './bundle-layout.js';
import type { BundleProblem } from './bundle-problems.js';

// The bundle's contents are bound to the signed head: before the final checkpoint, one `bundled`
// custody record holds the digest of every packed file's path, size and SHA-256 (reports, evidence,
// the public key). The ledger and the checkpoints are not in the digest: they prove themselves
// (chain, signatures), and the ledger cannot hold its own hash. A receiver who pins the key (and
// the head irctl export printed) thus detects any changed, added or missing file.

export const BINDING_ACT = 'bundled';
const DIGEST_TAG = 'irctl-bundle-contents-v1\n';

export type ManifestFile = BundleManifest['files'][number];

/** Files the bundled record binds: every file but the manifest, the ledger and the checkpoints. */
export function isBoundPath(path: string): boolean {
  return path !== MANIFEST_PATH && path !== LEDGER_PATH && !path.startsWith(CHECKPOINT_DIR);
}

/** SHA-256 over a domain tag and the canonical JSON of the bound files, sorted by path. */
export function contentsDigest(files: readonly ManifestFile[]): string {
  const bound = files
    .filter((file) => isBoundPath(file.path))
    .map(({ path, size, sha256 }) => ({ path, size, sha256 }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return createHash('sha256').update(DIGEST_TAG).update(canonicalJson(bound)).digest('hex');
}

export interface BoundLedger {
  /** The ledger to pack is records 1..this (it ends at the bundled record); stream it, never load it. */
  ledgerRecords: number;
  checkpoints: CheckpointRow[];
}

/**
 * Append the `bundled` record for these files, sign the head right after it, and read the ledger
 * and checkpoints to pack — one transaction, so the packed ledger ends exactly at the bundled
 * record and the newest packed checkpoint pins it. `asOfSeq` is the last record whose evidence
 * the bundle was assembled from: artifacts recorded after it are not expected inside.
 */
export function bindContents(
  db: Db,
  home: string,
  incidentId: string,
  entry: { actor: string; subject: string; asOfSeq: number; files: readonly ManifestFile[] },
): BoundLedger {
  return writeTransaction(db, () => {
    const bound = entry.files.filter((file) => isBoundPath(file.path));
    appendCustody(db, incidentId, {
      act: BINDING_ACT,
      actor: entry.actor,
      subject: entry.subject,
      details: {
        contents_sha256: contentsDigest(entry.files),
        files: bound.length,
        bytes: bound.reduce((sum, file) => sum + file.size, 0),
        evidence_as_of_seq: entry.asOfSeq,
      },
    });
    writeCheckpoint(db, home, incidentId, 'export');
    return { ledgerRecords: custodyHeadSeq(db, incidentId), checkpoints: listCheckpoints(db, incidentId) };
  });
}

/** The bundle's own binding record: the last record of its ledger. */
export function bindingRecord(last: CustodyRecord | undefined): CustodyRecord | undefined {
  return last?.act === BINDING_ACT ? last : undefined;
}

/**
 * Does the manifest list exactly the files the signed ledger's last record bound? The caller has
 * already checked that every archive entry matches the manifest, and that the chain and its
 * checkpoints verify; `last` is the ledger's last record. This closes the gap of a manifest recomputed after editing a file.
 */
export function checkBinding(manifest: BundleManifest, last: CustodyRecord | undefined): BundleProblem[] {
  const record = bindingRecord(last);
  if (!record) {
    return [
      {
        kind: 'unbound',
        path: LEDGER_PATH,
        message: `the ledger's last record is ${last ? `record ${last.seq} (${last.act})` : 'absent'}, not the "${BINDING_ACT}" record that binds the bundle's files to the signed head: the files are covered by no signature (cut ledger, or a bundle irctl did not write)`,
      },
    ];
  }
  const claimed = record.details?.contents_sha256;
  const actual = contentsDigest(manifest.files);
  if (claimed === actual) return [];
  return [
    {
      kind: 'unbound',
      path: MANIFEST_PATH,
      message: `the bundle's files differ from what signed record ${record.seq} (${BINDING_ACT}) bound: contents digest ${actual}, signed ${typeof claimed === 'string' ? claimed : JSON.stringify(claimed)} — a report, evidence file or the key was changed, added or removed after export (and manifest.json recomputed)`,
    },
  ];
}

/** The last record whose evidence the bundle was assembled from (its artifacts must be inside). */
export function evidenceAsOfSeq(last: CustodyRecord | undefined): number {
  const asOf = bindingRecord(last)?.details?.evidence_as_of_seq;
  return typeof asOf === 'number' ? asOf : Infinity;
}
