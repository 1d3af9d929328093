import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decideGate } from '../../src/cli/commands/approvals/decide.js';
import { closeGate, gateState } from '../../src/engine/approvals.js';
import { insertIncident } from '../../src/engine/incidents.js';
import { RefusedError } from '../../src/errors.js';
import { MIGRATIONS } from '../../src/schema.js';
import { openServices } from '../../src/services.js';
import { approvalWorkspace, gateRunbook } from '../helpers/approvals.js';

const INCIDENT = 'inc-20260101-0000-abcdef';
const GATE = 'approve-recovery';

/** A store as irctl left it before gates were kept per visit, holding one gate decided by bob. */
function storeBeforeVisits() {
  const ws = approvalWorkspace();
  const db = new Database(join(ws.home, 'irctl.db'));
  db.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const migration of MIGRATIONS.filter((m) => m.id !== 'core-2' && m.id !== 'core-3-approval-keys')) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(migration.id, '2026-01-01T00:00:00.000Z');
  }
  insertIncident(db, {
    id: INCIDENT,
    runbookName: 'gated',
    runbookFile: ws.runbook,
    runbookSource: gateRunbook(),
    severity: 'high',
    inputs: {},
    initiator: 'alice',
  });
  db.prepare(
    "INSERT INTO approvals (incident_id, step_id, actor, role, decision, comment, at) VALUES (?, ?, 'bob', 'admin', 'approve', 'image is clean', '2026-01-01T00:01:00.000Z')",
  ).run(INCIDENT, GATE);
  db.prepare("INSERT INTO gates (incident_id, step_id, outcome, decided_at) VALUES (?, ?, 'approved', '2026-01-01T00:01:00.000Z')").run(INCIDENT, GATE);
  db.close();
  return openServices({ home: ws.home, evidenceDir: join(ws.dir, 'evidence') });
}

describe('the per-visit gate migration', () => {
  it('reads a gate decided before the migration as decided on its first visit, with its approvals', () => {
    const services = storeBeforeVisits();
    expect(gateState(services.db, INCIDENT, GATE)).toMatchObject({
      visit: 1,
      outcome: 'approved',
      decidedAt: '2026-01-01T00:01:00.000Z',
      approvers: ['bob'],
      comments: [{ actor: 'bob', decision: 'approve', comment: 'image is clean' }],
    });
    services.close();
  });

  it('still refuses a late decision on a gate decided before the migration', () => {
    const services = storeBeforeVisits();
    const late = () => decideGate({ ...services, actor: 'carol' }, { incidentId: INCIDENT, stepId: GATE, decision: 'approve' });
    expect(late).toThrow(RefusedError);
    expect(late).toThrow('is already decided (approved)');
    services.close();
  });

  it('makes a gate unique per incident, step and visit: visit 1 stays decided, visit 2 can be decided', () => {
    const services = storeBeforeVisits();
    expect(closeGate(services.db, INCIDENT, GATE, 'rejected', 1)).toBe(false);
    expect(closeGate(services.db, INCIDENT, GATE, 'rejected', 2)).toBe(true);
    expect(services.db.prepare('SELECT visit, outcome FROM gates WHERE incident_id = ? ORDER BY visit').all(INCIDENT)).toEqual([
      { visit: 1, outcome: 'approved' },
      { visit: 2, outcome: 'rejected' },
    ]);
    services.close();
  });
});
