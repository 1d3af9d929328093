import type { JsonValue } from '../json.js';
import { writeCheckpoint, type WrittenCheckpoint } from '../custody/checkpoint.js';
import { appendCustody } from '../custody/ledger.js';
import type { Db } from '../store/db.js';

// Anything that leaves irctl (a report, a bundle) is a custody record, and the head is signed
// right after it, so the ledger proves what was handed out, when, and by whom.

export interface ExportRecord {
  seq: number;
  hash: string;
  checkpoint: WrittenCheckpoint;
}

export function recordExport(
  db: Db,
  home: string,
  incidentId: string,
  entry: { act: 'exported' | 'transferred'; actor: string; subject: string; details: Record<string, JsonValue> },
): ExportRecord {
  const record = appendCustody(db, incidentId, entry);
  const checkpoint = writeCheckpoint(db, home, incidentId, 'export');
  return { seq: record.seq, hash: record.hash, checkpoint };
}

/** Sign the head before packing when no checkpoint pins it yet, so a bundle's whole ledger is signed. */
export function pinHeadForExport(db: Db, home: string, incidentId: string): void {
  const head = db.prepare('SELECT MAX(seq) AS seq FROM custody_records WHERE incident_id = ?').get(incidentId) as { seq: number | null };
  if (head.seq === null) return;
  const pinned = db.prepare('SELECT MAX(seq) AS seq FROM custody_checkpoints WHERE incident_id = ?').get(incidentId) as { seq: number | null };
  if (pinned.seq !== head.seq) writeCheckpoint(db, home, incidentId, 'export');
}
