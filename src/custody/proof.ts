import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IntegrityError, NotFoundError, UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import { canonicalJson, type CustodyRecordFields } from './canonical.js';
import { checkpointOrigin, parseCheckpoint, verifyCheckpointSignature } from './checkpoint.js';
import type { CustodyPublicKey } from './keys.js';
import { RECORD_COLUMNS, recordFromRow, type CustodyRow } from './ledger.js';
import { recordLeaf, rootFromInclusion } from './merkle.js';
import { rebuildTree, storedInclusionProof, syncTree } from './merkle-store.js';

// An inclusion proof that one evidence file's custody record is in a signed tree head: checkable
// with the file, this document and the signer's public key alone (docs/custody-proofs.md).

export const PROOF_FORMAT = 'irctl-inclusion-proof/1';
const RECORD_TAG = 'irctl-custody-v1\n'; // as canonical.ts: record hash = SHA-256(tag ‖ record)

export const inclusionProofSchema = z
  .object({
    format: z.literal(PROOF_FORMAT),
    incident: z.string().min(1),
    record: z.string().min(2), // the exact bytes hashed: RFC 8785 JSON of the record's fields
    leafIndex: z.number().int().nonnegative(), // record seq − 1
    treeSize: z.number().int().positive(),
    path: z.array(z.string().regex(/^[0-9a-f]{64}$/)), // RFC 9162 audit path, hex
    checkpoint: z.string().min(1), // the signed note whose root the path leads to
  })
  .strict();
export type InclusionProof = z.output<typeof inclusionProofSchema>;

/**
 * Prove that the record which acquired `artifact` (its location, file name or evidence id) is in
 * the newest signed checkpoint covering it. Reads O(log n) stored level hashes, never the ledger.
 */
export function proveArtifact(db: Db, incidentId: string, artifact: string): InclusionProof {
  const row = db
    .prepare(
      `SELECT ${RECORD_COLUMNS} FROM custody_records WHERE incident_id = ? AND artifact_location IS NOT NULL
         AND (artifact_location = ? OR artifact_location = ? OR evidence_id = ?) ORDER BY seq LIMIT 1`,
    )
    .get(incidentId, artifact, `${incidentId}/${artifact}`, artifact) as CustodyRow | undefined;
  if (!row)
    throw new NotFoundError(`no custody record of incident ${incidentId} names evidence ${artifact}`, {
      hint: `irctl evidence ls ${incidentId} lists the evidence files`,
    });
  const checkpoint = db
    .prepare('SELECT seq, note FROM custody_checkpoints WHERE incident_id = ? AND seq >= ? ORDER BY seq DESC, id DESC LIMIT 1')
    .get(incidentId, row.seq) as { seq: number; note: string } | undefined;
  if (!checkpoint) {
    throw new NotFoundError(`no signed checkpoint of incident ${incidentId} covers record ${row.seq} yet`, {
      hint: `irctl custody checkpoint ${incidentId} signs one (operator role)`,
    });
  }
  syncTree(db, incidentId);
  const { hash, ...fields } = recordFromRow(row);
  const record = canonicalJson(fields);
  if (recordDigest(record) !== hash) throw new IntegrityError(`record ${row.seq} does not match its hash`, { hint: `irctl custody verify ${incidentId}` });
  // the level hashes are an unauthenticated cache: a path that does not lead to the signed root is
  // built again from the records before anyone is handed a proof that will not check
  const signedRoot = parseCheckpoint(checkpoint.note).rootHash;
  const leaf = recordLeaf(hash);
  const leadsToSignedRoot = (path: Buffer[]) => rootFromInclusion(row.seq - 1, checkpoint.seq, leaf, path)?.toString('hex') === signedRoot;
  let path = storedInclusionProof(db, incidentId, row.seq, checkpoint.seq);
  if (!leadsToSignedRoot(path)) {
    rebuildTree(db, incidentId);
    path = storedInclusionProof(db, incidentId, row.seq, checkpoint.seq);
    if (!leadsToSignedRoot(path)) {
      throw new IntegrityError(`the records no longer lead to the root checkpoint ${checkpoint.seq} of incident ${incidentId} signed`, {
        hint: `irctl custody verify ${incidentId} says what changed (a checkpoint from before Merkle roots cannot prove inclusion: sign a new one)`,
      });
    }
  }
  return {
    format: PROOF_FORMAT,
    incident: incidentId,
    record,
    leafIndex: row.seq - 1,
    treeSize: checkpoint.seq,
    path: path.map((node) => node.toString('hex')),
    checkpoint: checkpoint.note,
  };
}

const recordDigest = (record: string) => createHash('sha256').update(RECORD_TAG).update(record).digest('hex');

export interface ProofCheck {
  ok: boolean;
  problems: string[]; // what is wrong, each naming the check that failed
  record?: CustodyRecordFields;
}

/** Check a proof against the file's bytes (SHA-256 and size) and the signer's key. */
export function checkInclusionProof(proofText: string, file: { sha256: string; size: number }, key: CustodyPublicKey): ProofCheck {
  let proof: InclusionProof;
  try {
    proof = inclusionProofSchema.parse(JSON.parse(proofText));
  } catch (error) {
    throw new UsageError(`the proof is not an ${PROOF_FORMAT} document: ${(error as Error).message.split('\n')[0]}`, {
      hint: 'irctl custody prove <incident> <artifact> writes one',
    });
  }
  const problems: string[] = [];
  let record: CustodyRecordFields;
  try {
    record = JSON.parse(proof.record) as CustodyRecordFields;
  } catch {
    return { ok: false, problems: ["the proof's record is not JSON"] };
  }
  if (record.artifactSha256 !== file.sha256)
    problems.push(
      `the file's SHA-256 is ${file.sha256}, the custody record says ${record.artifactSha256}: the file is not the one acquired (changed, or another file)`,
    );
  else if (record.artifactSize !== null && record.artifactSize !== file.size)
    problems.push(`the file is ${file.size} bytes, the custody record says ${record.artifactSize}`);
  if (record.incidentId !== proof.incident || record.seq !== proof.leafIndex + 1)
    problems.push(`the record is ${record.incidentId} #${record.seq}, the proof is for ${proof.incident} leaf ${proof.leafIndex}`);

  const root = rootFromInclusion(
    proof.leafIndex,
    proof.treeSize,
    recordLeaf(recordDigest(proof.record)),
    proof.path.map((node) => Buffer.from(node, 'hex')),
  );
  let note;
  try {
    note = parseCheckpoint(proof.checkpoint);
  } catch (error) {
    return { ok: false, problems: [...problems, `the proof's checkpoint is not a valid signed note: ${(error as Error).message}`], record };
  }
  const signature = verifyCheckpointSignature(note, key);
  if (!signature.ok) problems.push(`the checkpoint ${signature.reason}`);
  if (note.origin !== checkpointOrigin(proof.incident)) problems.push(`the checkpoint is for ${note.origin}, not incident ${proof.incident}`);
  if (note.count !== proof.treeSize) problems.push(`the checkpoint signs ${note.count} records, the proof is for a tree of ${proof.treeSize}`);
  if (!root) problems.push(`the audit path has the wrong length for leaf ${proof.leafIndex} of ${proof.treeSize}`);
  else if (root.toString('hex') !== note.rootHash)
    problems.push(`the record and audit path lead to root ${root.toString('hex')}, the checkpoint signed ${note.rootHash}: the record or the path was altered`);
  return { ok: problems.length === 0, problems, record };
}
