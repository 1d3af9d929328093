import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedRecordHash, recordHash, type CustodyRecord } from '../../src/custody/canonical.js';
import { buildRecord, custodyPages, insertRecord, listCustody, listCustodyActs, recordRowValues } from '../../src/custody/ledger.js';
import { verifyCustody } from '../../src/custody/verify.js';
import { exportBundle } from '../../src/report/bundle.js';
import { containmentActs } from '../../src/report/model-custody.js';
import { buildReport } from '../../src/report/model.js';
import { renderJson } from '../../src/report/json.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { createIncidentFixture, type IncidentFixture } from '../unit/report/fixtures/incident.js';
import { readEntries } from '../unit/report/fixtures/tar.js';

// Reports and bundles read the ledger a page at a time and from SQL aggregates. Over a 20k-record
// ledger they must say exactly what the whole-ledger reading (listCustody, the former way) says.

const EXTRA = 20_000;
const ACTORS = ['erin', 'frank', 'grace'];

function appendMany(fixture: IncidentFixture): void {
  const db = fixture.services.db;
  const head = db.prepare('SELECT seq, hash FROM custody_records WHERE incident_id = ? ORDER BY seq DESC LIMIT 1').get(fixture.incidentId) as {
    seq: number;
    hash: string;
  };
  db.transaction(() => {
    let prevHash = head.hash;
    for (let seq = head.seq + 1; seq <= head.seq + EXTRA; seq++) {
      const act = seq % 5000 === 0 ? 'contained' : seq % 5000 === 7 ? 'released' : seq % 2 ? 'verified' : 'acquired';
      const record = buildRecord(
        fixture.incidentId,
        seq,
        prevHash,
        {
          act,
          actor: ACTORS[seq % ACTORS.length]!,
          subject: `container-${seq % 13}`,
          where: { host: 'local', engine_version: '27.5.1' },
          how: { action: act === 'released' ? 'docker.pause' : 'docker.isolate', note: `é "quoted" \\ ${seq}` },
          ...(seq % 3 === 0 ? { details: { n: seq, nested: { b: [1, 2.5, null], a: true } } } : {}),
        },
        new Date(Date.UTC(2026, 0, 1, 0, 0, 0, seq)).toISOString(),
      );
      insertRecord(db, record);
      prevHash = record.hash;
    }
  })();
}

describe('report and export over a 20k-record ledger', () => {
  let fixture: IncidentFixture;
  let whole: CustodyRecord[];
  let report: Report;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    appendMany(fixture);
    whole = listCustody(fixture.services.db, fixture.incidentId);
    report = await buildReport(fixture.services.db, {
      incidentId: fixture.incidentId,
      evidenceDir: fixture.evidenceDir,
      home: fixture.home,
      generatedBy: 'dave',
    });
  });
  afterAll(() => fixture.cleanup());

  it('hashes each stored record without parsing it to the same hash as the canonical form', () => {
    for (const record of whole.filter((_, index) => index % 97 === 0)) {
      const [
        incidentId,
        seq,
        recordedAt,
        actor,
        act,
        subject,
        whereJson,
        howJson,
        detailsJson,
        artifactSha256,
        artifactSize,
        artifactLocation,
        evidenceId,
        prevHash,
      ] = recordRowValues(record);
      const stored = {
        incidentId,
        seq,
        recordedAt,
        actor,
        act,
        subject,
        whereJson,
        howJson,
        detailsJson,
        artifactSha256,
        artifactSize,
        artifactLocation,
        evidenceId,
        prevHash,
      } as Parameters<typeof storedRecordHash>[0];
      const { hash: _hash, ...fields } = record;
      expect(storedRecordHash(stored)).toBe(recordHash(fields));
      expect(storedRecordHash(stored)).toBe(record.hash);
    }
  });

  it('lists the containment acts and custody actors the whole ledger holds, in chain order, from the one walk', async () => {
    const acts = whole.filter((record) => record.act === 'contained' || record.act === 'released');
    expect(acts.length).toBeGreaterThan(4);
    expect(listCustodyActs(fixture.services.db, fixture.incidentId, ['contained', 'released'])).toEqual(acts);
    const walked = await verifyCustody(fixture.services.db, {
      incidentId: fixture.incidentId,
      evidenceDir: fixture.evidenceDir,
      home: fixture.home,
      collectActs: ['contained', 'released'],
    });
    expect(walked.collected?.acts).toEqual(acts);
    expect(walked.collected?.actors).toEqual([...new Set(whole.map((record) => record.actor))]);
    expect(report.containment).toEqual(containmentActs(acts));
    const custodyPeople = report.involved.filter((person) => person.as.includes('custody')).map((person) => person.actor);
    expect(custodyPeople.sort()).toEqual([...new Set(whole.map((record) => record.actor))].sort());
  });

  it('takes time to contain from the first contained record and verifies the whole chain once', async () => {
    const first = whole.find((record) => record.act === 'contained')!;
    expect([`custody record ${first.seq} (contained)`, 'step isolate finished']).toContain(report.sla.containedBy);
    expect(report.custody).toMatchObject({ ok: true, records: whole.length, headHash: whole.at(-1)!.hash });
    const verified = await verifyCustody(fixture.services.db, { incidentId: fixture.incidentId, evidenceDir: fixture.evidenceDir, home: fixture.home });
    expect(verified).toMatchObject({ ok: true, records: whole.length });
    expect(reportSchema.safeParse(JSON.parse(renderJson(report))).success).toBe(true);
  });

  it('pages through exactly the records up to the pinned head', () => {
    const paged = [...custodyPages(fixture.services.db, fixture.incidentId, whole.length - 3, 1000)].flat();
    expect(paged).toEqual(whole.slice(0, -3));
  });

  it('still names an edited record when the stored text is not canonical but the content is unchanged', async () => {
    const db = fixture.services.db;
    const copy = join(fixture.dir, 'copy.db');
    await db.backup(copy);
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER custody_records_no_update');
    const seq = whole.find((record) => record.details !== null)!.seq;
    const original = raw.prepare('SELECT details_json FROM custody_records WHERE incident_id = ? AND seq = ?').get(fixture.incidentId, seq) as {
      details_json: string;
    };
    // same content, other spelling: still verifies (the exact check parses it)
    raw
      .prepare('UPDATE custody_records SET details_json = ? WHERE incident_id = ? AND seq = ?')
      .run(JSON.stringify(JSON.parse(original.details_json), null, 1), fixture.incidentId, seq);
    const { openStore } = await import('../../src/schema.js');
    const respelled = openStore(copy);
    expect((await verifyCustody(respelled, { incidentId: fixture.incidentId, evidenceDir: fixture.evidenceDir, home: fixture.home })).ok).toBe(true);
    // changed content, and text that is not JSON at all: named, not a crash
    raw.prepare('UPDATE custody_records SET details_json = ? WHERE incident_id = ? AND seq = ?').run('{"n":1', fixture.incidentId, seq);
    const broken = await verifyCustody(respelled, { incidentId: fixture.incidentId, evidenceDir: fixture.evidenceDir, home: fixture.home });
    expect(broken.problems.map((problem) => [problem.seq, problem.kind])).toEqual([[seq, 'hash']]);
    respelled.close();
    raw.close();
  });

  it('exports a bundle whose ledger is the whole ledger as JSON lines, each file as the manifest says', async () => {
    const bundle = join(fixture.dir, 'large.tar.gz');
    const exported = await exportBundle({
      db: fixture.services.db,
      incidentId: fixture.incidentId,
      outFile: bundle,
      evidenceDir: fixture.evidenceDir,
      home: fixture.home,
      actor: 'dave',
    });
    const entries = await readEntries(bundle);
    const ledger = entries.find((entry) => entry.path === 'custody/ledger.jsonl')!.data.toString();
    const pinned = listCustody(fixture.services.db, fixture.incidentId).slice(0, exported.checkpoint!.count);
    expect(ledger).toBe(pinned.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const manifest = JSON.parse(entries.find((entry) => entry.path === 'manifest.json')!.data.toString()) as {
      ledgerRecords: number;
      files: { path: string; size: number; sha256: string }[];
    };
    expect(manifest.ledgerRecords).toBe(pinned.length);
    const { createHash } = await import('node:crypto');
    for (const file of manifest.files) {
      const entry = entries.find((candidate) => candidate.path === file.path)!;
      expect([file.path, entry.data.length, createHash('sha256').update(entry.data).digest('hex')]).toEqual([file.path, file.size, file.sha256]);
    }
  });
});
