import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCustody } from '../../src/custody/ledger.js';
import { createLedgerFixture, type LedgerFixture } from '../unit/custody/fixtures/ledger.js';

const WORKER = fileURLToPath(new URL('../unit/custody/fixtures/append-worker.mjs', import.meta.url));
const WORKERS = 4;
const APPENDS_EACH = 100;

describe('custody appends from several processes', () => {
  let fixture: LedgerFixture;
  beforeEach(() => {
    fixture = createLedgerFixture(); // creates and migrates the store before the workers race on it
  });
  afterEach(() => fixture.cleanup());

  it('produce one unbroken chain holding every record', async () => {
    await Promise.all(
      Array.from({ length: WORKERS }, (_, n) =>
        execa(process.execPath, [WORKER, fixture.dbPath, fixture.incidentId, String(APPENDS_EACH), `worker-${n}`, String(WORKERS)]),
      ),
    );
    const result = await fixture.verify();
    expect(result).toMatchObject({ ok: true, records: WORKERS * APPENDS_EACH });
    const records = listCustody(fixture.db, fixture.incidentId);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: WORKERS * APPENDS_EACH }, (_, i) => i + 1));
    expect(new Set(records.map((r) => r.actor)).size).toBe(WORKERS);
    // the workers' records interleave: every worker's first half comes before any second half (the
    // half-way barrier), so the chain switches writer at least 2 × (WORKERS − 1) times, where four
    // runs one after another would switch WORKERS − 1 times (more when the appends race)
    const switches = records.filter((r, i) => i > 0 && r.actor !== records[i - 1]!.actor).length;
    expect(switches).toBeGreaterThanOrEqual(2 * (WORKERS - 1));
  });
});
