import type { CustodyRecord } from '../custody/canonical.js';
import { listCheckpoints } from '../custody/checkpoint.js';
import { verifyCustody } from '../custody/verify.js';
import type { Db } from '../store/db.js';
import type { ContainmentAct, CustodySummary } from './schema.js';

/** What the report takes from the ledger, from one walk of the chain. */
export interface ReportCustody {
  summary: CustodySummary;
  actors: string[]; // everyone who recorded, in order of their first record
  acts: CustodyRecord[]; // `contained` and `released`, in chain order
}

/**
 * The custody verification (chain, evidence bytes, checkpoint signatures), the newest signed head,
 * and, from the same walk of the chain, who recorded and the containment acts: a ledger of a
 * million records is read once.
 */
export async function reportCustody(db: Db, incidentId: string, evidenceDir: string, home: string): Promise<ReportCustody> {
  const result = await verifyCustody(db, { incidentId, evidenceDir, home, collectActs: ['contained', 'released'] });
  const newest = listCheckpoints(db, incidentId).at(-1);
  const summary: CustodySummary = {
    ok: result.ok,
    records: result.records,
    headHash: result.headHash,
    artifacts: result.artifacts,
    checkpoints: result.checkpoints,
    problems: result.problems.map(({ seq, kind, message }) => ({ seq, kind, message })),
    warnings: result.warnings,
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
  return { summary, actors: result.collected?.actors ?? [], acts: result.collected?.acts ?? [] };
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
