import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyCustody } from '../../src/custody/verify.js';
import type { RunObserver } from '../../src/engine/observer.js';
import { releaseLease } from '../../src/engine/run-lease.js';
import { driveIncident, openIncident } from '../../src/engine/runner.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { openServices, type Services } from '../../src/services.js';
import { approvalWorkspace } from '../helpers/approvals.js';

// A full disk under the store (--home) is a fault of the surroundings, like a full evidence disk:
// the run stops resumably instead of crashing or routing the step's on_failure. A real full disk
// needs root and a tmpfs; SQLite's max_page_count gives the same SQLITE_FULL on this connection:
// capped at the store's size with its room used up but for a few pages, a write that needs more
// fails, as on a disk with a little room left (the step's own small records still fit).

const BIG = 'x'.repeat(40_000); // a step's outputs: some ten pages, each time they are written

const runbook = stringify({
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'store-full',
  severity: 'high',
  steps: [
    { id: 'first', phase: 'evidence', uses: 'core.log', with: { message: 'before' } },
    { id: 'big', uses: 'core.log', with: { message: BIG }, on_failure: 'fallback' },
    { id: 'after', uses: 'core.log', with: { message: 'after' }, next: 'end' },
    { id: 'fallback', uses: 'core.log', with: { message: 'on_failure taken' } },
  ],
});

/**
 * Cap the store at its size and use up its room but for a few pages: enough to rewrite the step's
 * journal row once more (SQLite writes a row anew before it frees the old one), not for its outputs.
 */
function fillStore(services: Services, pagesLeft = 14): void {
  const { db } = services;
  db.exec('CREATE TABLE IF NOT EXISTS test_filler (b BLOB)');
  const fill = db.prepare('INSERT INTO test_filler VALUES (zeroblob(3000))'); // a page each
  for (let i = 0; i < pagesLeft; i++) fill.run(); // the room to leave, taken for now
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  for (let i = 0; ; i++) {
    if (i > 10_000) throw new Error('the store never filled');
    try {
      fill.run(); // its free pages
    } catch (error) {
      expect((error as { code?: string }).code).toBe('SQLITE_FULL');
      break;
    }
  }
  db.prepare('DELETE FROM test_filler WHERE rowid <= ?').run(pagesLeft);
  expect(db.pragma('freelist_count', { simple: true })).toBeGreaterThanOrEqual(pagesLeft - 1);
}

function roomAgain(services: Services): void {
  services.db.pragma('max_page_count = 1073741823');
  services.db.exec('DROP TABLE IF EXISTS test_filler');
}

let opened: Services | undefined;
afterEach(() => {
  opened?.close();
  opened = undefined;
});

async function runUntilFull(fullAt: (services: Services) => RunObserver) {
  const ws = approvalWorkspace(runbook);
  const evidenceDir = join(ws.dir, 'evidence');
  const services = openServices({ home: ws.home, evidenceDir, as: 'alice' });
  opened = services;
  const incidentId = openIncident(services, { loaded: loadRunbook(runbook, ws.runbook), inputs: {}, initiator: 'alice' });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  try {
    const result = await driveIncident(services, incidentId, { observer: fullAt(services) });
    await new Promise(setImmediate); // a rejection nobody handled is reported before the next turn
    return { ws, evidenceDir, services, incidentId, result, unhandled };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  }
}

const journal = (services: Services, incidentId: string) =>
  services.db.prepare('SELECT step_id, status FROM step_journal WHERE incident_id = ? ORDER BY rowid').all(incidentId) as { step_id: string; status: string }[];

async function resumeAndVerify(services: Services, incidentId: string, evidenceDir: string, home: string) {
  // the stopped run's lease could not be released on the full store; it lapses when its process
  // ends (the CLI exits), which this process stands in for
  const { runner_id: holder } = services.db.prepare('SELECT runner_id FROM incidents WHERE id = ?').get(incidentId) as { runner_id: string | null };
  if (holder) releaseLease(services, incidentId, holder);
  const resumed = await driveIncident(services, incidentId);
  expect(resumed.status).toBe('succeeded');
  expect(journal(services, incidentId).map((row) => row.step_id)).not.toContain('fallback');
  const custody = await verifyCustody(services.db, { incidentId, evidenceDir, home });
  expect(custody.problems).toEqual([]);
  expect(custody.ok).toBe(true);
}

describe('a full store disk', () => {
  it("stops the run as a resumable fault when a step's bookkeeping cannot be written: interrupted, not failed", async () => {
    const { ws, evidenceDir, services, incidentId, result, unhandled } = await runUntilFull((services) => ({
      stepStarted: (stepId) => {
        if (stepId === 'big') fillStore(services); // its start is written; its end (with outputs) does not fit
      },
    }));
    expect(unhandled).toEqual([]);
    expect(result.fault).toMatchObject({ stepId: 'big', code: 'STORE_DISK' });
    expect(result.fault!.message).toContain(`the store at ${join(ws.home, 'irctl.db')}`);
    expect(result.fault!.message).toContain(`free space, then irctl resume ${incidentId}`);
    roomAgain(services);
    expect(journal(services, incidentId)).toEqual([
      { step_id: 'first', status: 'finished' },
      { step_id: 'big', status: 'interrupted' },
    ]);
    await resumeAndVerify(services, incidentId, evidenceDir, ws.home);
  });

  it('stops the run as that fault when a transition cannot be persisted, instead of an uncaught error', async () => {
    const { ws, evidenceDir, services, incidentId, result, unhandled } = await runUntilFull((services) => ({
      stepFinished: (stepId) => {
        if (stepId === 'big') fillStore(services); // its end is written; the snapshot holding its outputs does not fit
      },
    }));
    expect(unhandled).toEqual([]);
    // the transition into "after" was not persisted: the run stopped before that step could act
    expect(result.fault).toMatchObject({ stepId: 'after', code: 'STORE_DISK' });
    expect(result.fault!.message).toContain(`the store at ${join(ws.home, 'irctl.db')}`);
    roomAgain(services);
    expect(journal(services, incidentId)).toEqual([
      { step_id: 'first', status: 'finished' },
      { step_id: 'big', status: 'finished' },
      { step_id: 'after', status: 'interrupted' },
    ]);
    await resumeAndVerify(services, incidentId, evidenceDir, ws.home);
  });
});
