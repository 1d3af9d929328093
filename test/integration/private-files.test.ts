import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';
import { createIncidentFixture, type IncidentFixture } from '../unit/report/fixtures/incident.js';
import { runIsolated } from '../unit/report/fixtures/verify-process.js';

// State and evidence are private by default: 0700 directories, 0600 store/keys/reports/bundles,
// 0400 evidence; doctor and custody verify warn when anything is looser.

const mode = (path: string) => statSync(path).mode & 0o777;

describe('private by default', () => {
  let fixture: IncidentFixture;
  beforeAll(async () => {
    fixture = await createIncidentFixture();
    chmodSync(fixture.home, 0o700); // the test made this directory, not irctl
  });
  afterAll(() => fixture.cleanup());

  it('the store, its WAL, the signing key, evidence folders and files are owner-only', () => {
    expect(mode(join(fixture.home, 'irctl.db'))).toBe(0o600);
    expect(mode(join(fixture.home, 'irctl.db-wal'))).toBe(0o600);
    expect(mode(join(fixture.home, 'custody-signing.key'))).toBe(0o600);
    expect(mode(fixture.evidenceDir)).toBe(0o700);
    const folder = join(fixture.evidenceDir, fixture.incidentId);
    expect(mode(folder)).toBe(0o700);
    const files = readdirSync(folder);
    expect(files).toContain('inspect-web-1.json');
    for (const name of files) expect(mode(join(folder, name)), name).toBe(0o400);
  });

  it('reports and bundles are written 0600, or with --mode', async () => {
    const report = join(fixture.dir, 'report.md');
    expect((await runCli([...fixture.args, 'report', fixture.incidentId, '-o', report])).code).toBe(ExitCode.OK);
    expect(mode(report)).toBe(0o600);
    const shared = join(fixture.dir, 'shared.md');
    expect((await runCli([...fixture.args, 'report', fixture.incidentId, '-o', shared, '--mode', '640'])).code).toBe(ExitCode.OK);
    expect(mode(shared)).toBe(0o640);
    const bundle = join(fixture.dir, 'incident.tar.gz');
    const exported = await runCli([...fixture.args, 'export', fixture.incidentId, '-o', bundle]);
    expect(exported.code, exported.err).toBe(ExitCode.OK);
    expect(mode(bundle)).toBe(0o600);
    const bad = await runCli([...fixture.args, 'report', fixture.incidentId, '-o', shared, '--mode', 'rw-r--r--']);
    expect(bad.code).toBe(ExitCode.USAGE);
    expect(bad.err).toContain('is not an octal file mode');
  });

  it('doctor says ok when everything is private, and names each looser path; custody verify warns too', async () => {
    const ok = await runCli([...fixture.args, 'doctor']);
    expect(ok.code).toBe(ExitCode.OK);
    expect(ok.out).toContain('are private to this user');

    const evidenceFile = join(fixture.evidenceDir, fixture.incidentId, 'inspect-web-1.json');
    chmodSync(join(fixture.home, 'irctl.db'), 0o644);
    chmodSync(evidenceFile, 0o444);
    try {
      const warned = await runCli([...fixture.args, 'doctor']);
      expect(warned.err).toContain(`store file ${join(fixture.home, 'irctl.db')} is 0644: readable or writable by other users`);
      expect(warned.err).toContain(`evidence file ${evidenceFile} is 0444`);
      const json = await runCli([...fixture.args, 'doctor', '--json']);
      expect((JSON.parse(json.out) as { ok: boolean; loose: unknown[] }).loose).toHaveLength(2);
      const verify = await runCli([...fixture.args, 'custody', 'verify', fixture.incidentId]);
      expect(verify.err).toContain(`warning: evidence file ${evidenceFile} is 0444`);
    } finally {
      chmodSync(join(fixture.home, 'irctl.db'), 0o600);
      chmodSync(evidenceFile, 0o400);
    }
  });
});

describe('the irctl process runs with umask 077', () => {
  it('a new state directory is 0700, and any file it writes is owner-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irctl-umask-'));
    try {
      const home = join(dir, 'new-home');
      const schema = join(dir, 'out', 'runbook.schema.json');
      expect((await runIsolated(['--home', home, 'custody', 'pubkey'])).code).toBe(ExitCode.OK);
      expect((await runIsolated(['runbook', 'schema', '-o', schema])).code).toBe(ExitCode.OK);
      expect(mode(home)).toBe(0o700);
      expect(mode(join(home, 'custody-signing.key'))).toBe(0o600);
      expect(mode(schema)).toBe(0o600);
      expect(mode(join(dir, 'out'))).toBe(0o700);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
