import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { list as listTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceCommit } from '../../src/actions/evidence/commit.js';
import { evidenceDiff } from '../../src/actions/evidence/diff.js';
import { evidenceExport } from '../../src/actions/evidence/export.js';
import { evidenceFiles } from '../../src/actions/evidence/files.js';
import { listCustody } from '../../src/custody/ledger.js';
import { listEvidence } from '../../src/evidence/records.js';
import { removeQuietly, testDocker } from '../helpers/docker.js';
import { evidenceFixture, type EvidenceFixture } from '../unit/evidence/fixtures.js';
import { compromisedVictim, evidenceContext, expectSealed, MINER_BYTES, outputsOf } from './evidence-fixtures.js';

async function tarEntries(bytes: Buffer): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const parser = listTar({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => entries.set(entry.path.replace(/^\.?\//, ''), Buffer.concat(chunks).toString('utf8')));
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve).on('error', reject);
    Readable.from([bytes]).pipe(parser as unknown as NodeJS.WritableStream);
  });
  return entries;
}

// The filesystem evidence of a compromised victim: diff, dropped files, forensic image, export.
describe('filesystem evidence actions on a real engine', () => {
  let docker: Docker;
  let victim: Docker.Container;
  let victimId: string;
  let fixture: EvidenceFixture;
  const images: string[] = [];

  beforeAll(async () => {
    docker = testDocker();
    victim = await compromisedVictim(docker);
    victimId = (await victim.inspect()).Id;
    fixture = evidenceFixture();
  });
  afterAll(async () => {
    await removeQuietly(victim);
    for (const image of images)
      await docker
        .getImage(image)
        .remove({ force: true })
        .catch(() => undefined);
    fixture?.db.close();
  });

  it('evidence.diff names the dropped files as added with kind letters and counts', async () => {
    const outputs = outputsOf(await evidenceDiff.run(evidenceContext(fixture, evidenceDiff, { container: victimId }, 'diff')));
    const saved = JSON.parse(expectSealed(fixture, outputs).toString('utf8'));
    expect(saved.changes).toContainEqual({ path: '/tmp/.x/miner', kind: 'A' });
    expect(saved.changes).toContainEqual({ path: '/etc/cron.d/evil', kind: 'A' });
    expect(saved.changes).toContainEqual({ path: '/tmp', kind: 'C' });
    expect(outputs.added).toBe(saved.changes.filter((c: { kind: string }) => c.kind === 'A').length);
  });

  it('evidence.files with from_diff copies each dropped file out as its own artifact, mode and owner in the ledger', async () => {
    const outputs = outputsOf(await evidenceFiles.run(evidenceContext(fixture, evidenceFiles, { container: victimId, from_diff: true }, 'files')));
    expect(outputs.paths).toEqual(expect.arrayContaining(['/tmp/.x/miner', '/etc/cron.d/evil']));
    expect(outputs.paths).not.toContain('/tmp'); // parents of a change are not copied again
    const minerIndex = (outputs.paths as string[]).indexOf('/tmp/.x/miner');
    const miner = outputs.artifacts[minerIndex]!;
    expect(expectSealed(fixture, miner).toString()).toBe(MINER_BYTES);
    const acquired = listCustody(fixture.db, fixture.incidentId).find((record) => record.evidenceId === miner.evidence_id)!;
    expect(acquired.how).toMatchObject({ container_path: '/tmp/.x/miner', mode: '0755', uid: 0 });
    const cron = outputs.artifacts[(outputs.paths as string[]).indexOf('/etc/cron.d/evil')]!;
    expect(expectSealed(fixture, cron).toString()).toBe('* * * * * root /tmp/.x/miner\n');
    // the most suspicious first: cron persistence before the rest
    expect((outputs.paths as string[])[0]).toBe('/etc/cron.d/evil');
  });

  it('evidence.files reports a chosen path that does not exist without failing the others', async () => {
    const outputs = outputsOf(
      await evidenceFiles.run(evidenceContext(fixture, evidenceFiles, { container: victimId, paths: ['/etc/passwd', '/no/such/file'] }, 'files-chosen')),
    );
    expect(outputs.paths).toEqual(['/etc/passwd']);
    expect(outputs.missing).toEqual(['/no/such/file']);
  });

  it('evidence.commit makes a labelled forensic image of the paused victim and saves it into the store', async () => {
    await victim.pause();
    try {
      const ctx = evidenceContext(fixture, evidenceCommit, { container: victimId }, 'commit');
      const outputs = outputsOf(await evidenceCommit.run(ctx));
      images.push(outputs.image_id as string);
      const image = await docker.getImage(outputs.image_id as string).inspect();
      expect(image.Config.Labels).toMatchObject({ 'irctl.incident': fixture.incidentId, 'irctl.step': 'commit', 'irctl.container': victimId });
      expect(Date.parse(image.Config.Labels['irctl.captured_at']!)).not.toBeNaN();
      expect((await victim.inspect()).State.Paused).toBe(true); // the commit did not thaw it
      const entries = await tarEntries(expectSealed(fixture, outputs));
      expect([...entries.keys()]).toContain('manifest.json');
    } finally {
      await victim.unpause();
    }
  });

  it('evidence.export streams the whole filesystem, dropped files included, reporting progress', async () => {
    const reported: number[] = [];
    const ctx = evidenceContext(fixture, evidenceExport, { container: victimId }, 'export');
    const outputs = outputsOf(await evidenceExport.run({ ...ctx, progress: { update: (bytes) => reported.push(bytes) } }));
    const entries = await tarEntries(expectSealed(fixture, outputs));
    expect(entries.get('tmp/.x/miner')).toBe(MINER_BYTES);
    expect(entries.get('etc/cron.d/evil')).toContain('/tmp/.x/miner');
    expect(reported.at(-1)).toBe(outputs.size);
  });

  it('an export aborted mid-stream leaves no complete file and is recorded as incomplete', async () => {
    const ctx = evidenceContext(fixture, evidenceExport, { container: victimId }, 'export-aborted');
    const abortingCtx = { ...ctx, evidence: fixture.store('export-aborted', ctx.signal), progress: { update: () => ctx.abort.abort() } };
    await expect(evidenceExport.run(abortingCtx)).rejects.toThrow(/aborted/);
    const row = listEvidence(fixture.db, fixture.incidentId).find((r) => r.step_id === 'export-aborted');
    expect(row).toMatchObject({ status: 'incomplete', sha256: null });
    expect(existsSync(join(fixture.evidenceDir, row!.path))).toBe(false);
    expect(readdirSync(join(fixture.evidenceDir, fixture.incidentId)).filter((name) => name.includes('partial'))).toEqual([]);
    const failed = listCustody(fixture.db, fixture.incidentId).find((record) => record.act === 'capture-failed');
    expect(failed).toMatchObject({ artifactSha256: null, subject: victimId });
  });
});
