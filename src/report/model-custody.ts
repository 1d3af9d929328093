import type { CustodyRecord } from '../custody/canonical.js';
import { listCheckpoints } from '../custody/checkpoint.js';
import { verifyCustody } from '../custody/verify.js';
import type { Db } from '../store/db.js';
import type { ContainmentAct, CustodySummary } from './schema.js';

/** The custody verification (chain, evidence bytes, checkpoint signatures) and the newest signed head. */
export async function custodySummary(db: Db, incidentId: string, evidenceDir: string, home: string): Promise<CustodySummary> {
  const result = await verifyCustody(db, { incidentId, evidenceDir, home });
  const newest = listCheckpoints(db, incidentId).at(-1);
  return {
    ok: result.ok,
    records: result.records,
    headHash: result.headHash,
    artifacts: result.artifacts,
    checkpoints: result.checkpoints,
    problems: result.problems.map(({ seq, kind, message }) => ({ seq, kind, message })),
    signedHead: newest
      ? {
          seq: newest.seq,
          hash: newest.head_hash,
          signature: newest.signature,
          keyFingerprint: newest.key_id,
          reason: newest.reason,
          signedAt: newest.created_at,
          note: newest.note,
        }
      : null,
  };
}

const field = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Containment acts from the ledger: `contained` taken, `released` undone. */
export function containmentActs(records: readonly CustodyRecord[]): ContainmentAct[] {
  return records
    .filter((record) => record.act === 'contained' || record.act === 'released')
    .map((record) => ({
      seq: record.seq,
      at: record.recordedAt,
      kind: record.act === 'contained' ? 'taken' : 'undone',
      actor: record.actor,
      action: field(record.how?.action),
      subject: record.subject,
      host: field(record.where?.host),
    }));
}
