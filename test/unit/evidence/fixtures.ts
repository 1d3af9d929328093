// Shared by the evidence unit and integration tests: a real SQLite store (migrated), an incident
// row, a temporary evidence directory and an evidence store bound to them with the real ledger.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../src/store/db.js';
import { openStore } from '../../../src/schema.js';
import { custodyAppender } from '../../../src/custody/ledger.js';
import { EvidenceStore } from '../../../src/evidence/store.js';

export interface EvidenceFixture {
  db: Db;
  evidenceDir: string;
  incidentId: string;
  store(stepId?: string, signal?: AbortSignal): EvidenceStore;
}

export function insertIncident(db: Db, incidentId: string): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO incidents (id, runbook_name, runbook_file, runbook_source, severity, status, inputs, initiator, created_at, updated_at)
     VALUES (?, 'test', 'test.yaml', '', 'high', 'running', '{}', 'tester', ?, ?)`,
  ).run(incidentId, now, now);
}

export function evidenceFixture(incidentId = `inc-${Math.random().toString(36).slice(2, 10)}`): EvidenceFixture {
  const home = mkdtempSync(join(tmpdir(), 'irctl-evidence-'));
  const db = openStore(join(home, 'irctl.db'));
  insertIncident(db, incidentId);
  const evidenceDir = join(home, 'evidence');
  return {
    db,
    evidenceDir,
    incidentId,
    store: (stepId = 'capture', signal?: AbortSignal) =>
      new EvidenceStore({ db, evidenceDir, incidentId, stepId, actor: 'tester', custody: custodyAppender(db, incidentId), signal }),
  };
}

/** An async source that yields `chunks` and then fails, like a daemon that goes away mid-stream. */
export async function* failingSource(chunks: string[], error: Error): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk);
  throw error;
}
