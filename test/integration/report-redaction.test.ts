import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvidence } from '../../src/evidence/records.js';
import { verifyEvidenceFile } from '../../src/evidence/verify.js';
import { runCli } from '../helpers/run-cli.js';
import { createIncidentFixture, SECRET_VALUES, type IncidentFixture } from '../unit/report/fixtures/incident.js';
import { readEntries } from '../unit/report/fixtures/tar.js';

// The fixture's inspect evidence holds DB_PASSWORD, API_TOKEN and an AWS key id in Config.Env,
// and an approver pasted a token into a comment. No report shows them; the evidence keeps them.

describe('secrets in reports', () => {
  let fixture: IncidentFixture;
  const reports: Record<string, string> = {};
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    for (const format of ['md', 'html', 'json']) {
      const run = await runCli([...fixture.args, 'report', fixture.incidentId, '--format', format]);
      if (run.code !== 0) throw new Error(run.err);
      reports[format] = run.out;
    }
  });
  afterAll(() => fixture.cleanup());

  it.each(['md', 'html', 'json'])('the %s report shows no captured secret value', (format) => {
    for (const secret of SECRET_VALUES) expect(reports[format]).not.toContain(secret);
  });

  it.each(['md', 'html', 'json'])('the %s report shows the environment names with their values redacted', (format) => {
    expect(reports[format]).toMatch(/DB\\?_PASSWORD=‹redacted›/);
    expect(reports[format]).toMatch(/API\\?_TOKEN=‹redacted›/);
    expect(reports[format]).toMatch(/PATH=‹redacted›/);
  });

  it('redacts a secret pasted into an approval comment', () => {
    expect(reports.json).toContain('ok, rotate API_TOKEN=‹redacted› first');
  });

  it('the evidence file keeps the original bytes and still verifies', async () => {
    const inspect = listEvidence(fixture.services.db, fixture.incidentId).find((row) => row.kind === 'inspect')!;
    const bytes = readFileSync(join(fixture.evidenceDir, inspect.path), 'utf8');
    for (const secret of SECRET_VALUES) expect(bytes).toContain(secret);
    expect((await verifyEvidenceFile(fixture.evidenceDir, inspect)).state).toBe('ok');
  });

  it("the bundle's reports are redacted while its evidence copy keeps the bytes", async () => {
    const bundle = join(fixture.dir, 'b.tar.gz');
    const run = await runCli([...fixture.args, 'export', fixture.incidentId, '-o', bundle]);
    expect(run.code).toBe(0);
    const entries = await readEntries(bundle);
    for (const entry of entries.filter((e) => e.path.startsWith('report/'))) {
      for (const secret of SECRET_VALUES) expect(entry.data.toString()).not.toContain(secret);
    }
    expect(entries.find((e) => e.path.endsWith('inspect-web-1.json'))!.data.toString()).toContain('hunter2-very-secret');
  });
});
