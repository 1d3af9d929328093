import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCheckpoints } from '../../src/custody/checkpoint.js';
import { listCustody } from '../../src/custody/ledger.js';
import { ExitCode } from '../../src/errors.js';
import { openServices, type Services } from '../../src/services.js';
import { runCli } from '../helpers/run-cli.js';
import { createIncidentFixture, type IncidentFixture } from '../unit/report/fixtures/incident.js';

describe('irctl report, export and incident annotate', () => {
  let fixture: IncidentFixture;
  let db: () => Services['db'];
  let store: Services | undefined;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    db = () => (store ??= openServices({ home: fixture.home, evidenceDir: fixture.evidenceDir })).db;
  });
  afterAll(() => {
    store?.close();
    fixture.cleanup();
  });
  const irctl = (...args: string[]) => runCli([...fixture.args, ...args]);

  it('prints the Markdown report to stdout by default, as a preview that records no export', async () => {
    const before = { records: listCustody(db(), fixture.incidentId).length, checkpoints: listCheckpoints(db(), fixture.incidentId).length };
    const run = await irctl('report', fixture.incidentId);
    expect(run.code).toBe(ExitCode.OK);
    expect(run.out).toContain(`# Incident report: ${fixture.incidentId}`);
    expect(run.err).toContain('as a preview; nothing was recorded');
    expect({ records: listCustody(db(), fixture.incidentId).length, checkpoints: listCheckpoints(db(), fixture.incidentId).length }).toEqual(before);
  });

  it('writes each format to a file', async () => {
    for (const format of ['md', 'html', 'json']) {
      const file = join(fixture.dir, `report.${format}`);
      const run = await irctl('report', fixture.incidentId, '--format', format, '-o', file);
      expect(run.code).toBe(ExitCode.OK);
      expect(run.err).toContain(`wrote ${file}`);
    }
    expect(readFileSync(join(fixture.dir, 'report.html'), 'utf8')).toContain('<svg id="timeline-chart"');
    expect(JSON.parse(readFileSync(join(fixture.dir, 'report.json'), 'utf8')).incident.id).toBe(fixture.incidentId);
  });

  it('records each report as an exported custody act and signs a checkpoint at it', async () => {
    const file = join(fixture.dir, 'audit.md');
    await irctl('report', fixture.incidentId, '-o', file);
    const last = listCustody(db(), fixture.incidentId).at(-1)!;
    expect(last).toMatchObject({ act: 'exported', actor: 'dave', subject: 'report:md' });
    expect(last.details).toMatchObject({ format: 'md', file, size: readFileSync(file).length });
    const checkpoint = listCheckpoints(db(), fixture.incidentId).at(-1)!;
    expect(checkpoint).toMatchObject({ reason: 'export', seq: last.seq });
  });

  it('an unknown incident exits 5 and records nothing', async () => {
    const run = await irctl('report', 'inc-nope');
    expect(run.code).toBe(ExitCode.NOT_FOUND);
    expect(run.err).toContain('incident "inc-nope" not found');
    expect(listCustody(db(), 'inc-nope')).toEqual([]);
  });

  it('an unwritable output path exits 2 with the reason, before any custody record', async () => {
    const before = listCustody(db(), fixture.incidentId).length;
    const file = join(fixture.dir, 'no-such-dir', 'report.html');
    const run = await irctl('report', fixture.incidentId, '--format', 'html', '-o', file);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain(`cannot write the report to ${file}: directory ${join(fixture.dir, 'no-such-dir')} does not exist`);
    expect(run.err).toContain('hint: choose another path with -o FILE');
    expect(listCustody(db(), fixture.incidentId)).toHaveLength(before);
  });

  it('an output path that is a directory exits 2', async () => {
    const run = await irctl('report', fixture.incidentId, '-o', fixture.dir);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain('is a directory');
  });

  it('an unknown format exits 2 naming the choices', async () => {
    const run = await irctl('report', fixture.incidentId, '--format', 'pdf');
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain('md, html, json');
  });

  it('--schema prints the published JSON Schema', async () => {
    const run = await runCli(['report', '--schema']);
    expect(run.code).toBe(ExitCode.OK);
    expect(run.out).toBe(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
  });

  it('annotate fills the review sections that then appear in the report', async () => {
    const annotate = await irctl(
      'incident',
      'annotate',
      fixture.incidentId,
      '--root-cause',
      'default admin password',
      '--controls',
      'rotate credentials quarterly',
    );
    expect(annotate.code).toBe(ExitCode.OK);
    const run = await irctl('report', fixture.incidentId, '--format', 'json');
    const review = JSON.parse(run.out).review;
    expect(review).toMatchObject({ rootCause: 'default admin password', controls: 'rotate credentials quarterly', wentWell: null, updatedBy: 'dave' });
  });

  it('annotate with no section exits 2 with the flags in the hint', async () => {
    const run = await irctl('incident', 'annotate', fixture.incidentId);
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain('--root-cause');
  });

  it('annotate of an unknown incident exits 5', async () => {
    const run = await irctl('incident', 'annotate', 'inc-nope', '--went-well', 'x');
    expect(run.code).toBe(ExitCode.NOT_FOUND);
  });

  it('export to an unwritable path exits 2 and writes no transfer record', async () => {
    const before = listCustody(db(), fixture.incidentId).length;
    const run = await irctl('export', fixture.incidentId, '-o', join(fixture.dir, 'missing', 'b.tar.gz'));
    expect(run.code).toBe(ExitCode.USAGE);
    expect(run.err).toContain('cannot write the bundle to');
    expect(listCustody(db(), fixture.incidentId)).toHaveLength(before);
    expect(existsSync(join(fixture.dir, 'missing'))).toBe(false);
  });

  it('export of an unknown incident exits 5', async () => {
    const run = await irctl('export', 'inc-nope', '-o', join(fixture.dir, 'x.tar.gz'));
    expect(run.code).toBe(ExitCode.NOT_FOUND);
    expect(existsSync(join(fixture.dir, 'x.tar.gz'))).toBe(false);
  });
});

describe('irctl export of tampered evidence', () => {
  let fixture: IncidentFixture;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
  });
  afterAll(() => fixture.cleanup());

  it('refuses with exit 7 naming the changed file, and writes no bundle', async () => {
    const file = join(fixture.evidenceDir, fixture.incidentId, 'logs-web-1.txt');
    chmodSync(file, 0o644);
    writeFileSync(file, 'GET / 200\n');
    const bundle = join(fixture.dir, 'b.tar.gz');
    const run = await runCli([...fixture.args, 'export', fixture.incidentId, '-o', bundle]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.err).toContain(
      `refusing to export incident ${fixture.incidentId}: custody verification failed: evidence file ${fixture.incidentId}/logs-web-1.txt`,
    );
    expect(existsSync(bundle)).toBe(false);
  });

  it('writes the report showing the failure, exits 7, and adds nothing to the ledger', async () => {
    const countRecords = () => listCustody(fixture.services.db, fixture.incidentId).length;
    const before = countRecords();
    const out = join(fixture.dir, 'broken.md');
    const run = await runCli([...fixture.args, 'report', fixture.incidentId, '--format', 'md', '-o', out]);
    expect(run.code).toBe(ExitCode.INTEGRITY);
    expect(run.err).toContain('does not verify');
    expect(readFileSync(out, 'utf8')).toContain('FAILED');
    expect(countRecords()).toBe(before);
  });
});
