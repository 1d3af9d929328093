import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceFiles } from '../../src/actions/evidence/files.js';
import { listCustody } from '../../src/custody/ledger.js';
import { listFindings } from '../../src/investigate/findings.js';
import { execIn, removeQuietly, startVictim, testDocker } from '../helpers/docker.js';
import { evidenceFixture, type EvidenceFixture } from '../unit/evidence/fixtures.js';
import { evidenceContext, expectSealed, manifestLines, outputsOf } from './evidence-fixtures.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const DROPS = 40; // files in one directory: copied from one archive of it
const JUNK = 60; // with the drops above: more changed files than the step's budget (max_paths 20), a flood

// File content is "content of <path>\n", so every artifact's expected hash is known.
const SETUP = [
  `mkdir -p /srv/drop /srv/tree/nested/deeper /tmp/.x /etc/cron.d /var/junk`,
  `for i in $(seq 1 ${DROPS}); do echo "content of /srv/drop/f$i" > /srv/drop/f$i; done`,
  `echo "content of /srv/tree/top.txt" > /srv/tree/top.txt`,
  `echo "content of /srv/tree/nested/deeper/inner.txt" > /srv/tree/nested/deeper/inner.txt`,
  `ln -s /etc/shadow /srv/tree/shadow-link`,
  `ln -s ../../../../../../etc/passwd /srv/tree/escape-link`,
].join(' && ');

describe('evidence.files on a real engine: archives split into per-file artifacts', () => {
  let docker: Docker;
  let victim: Docker.Container;
  let victimId: string;
  let fixture: EvidenceFixture;

  beforeAll(async () => {
    docker = testDocker();
    victim = await startVictim(docker, { cmd: ['sleep', '3600'] });
    victimId = (await victim.inspect()).Id;
    await execIn(victim, ['sh', '-c', SETUP]);
    fixture = evidenceFixture();
  });
  afterAll(async () => {
    await removeQuietly(victim);
    fixture?.db.close();
  });

  it('copies many files of one directory as one artifact each, every hash right, and records a missing one', async () => {
    const wanted = Array.from({ length: DROPS }, (_, i) => `/srv/drop/f${i + 1}`);
    const ctx = evidenceContext(fixture, evidenceFiles, { container: victimId, paths: [...wanted, '/srv/drop/never-there'] }, 'drop');
    const outputs = outputsOf(await evidenceFiles.run(ctx));
    expect([...(outputs.paths as string[])].sort()).toEqual([...wanted].sort());
    expect(outputs.missing).toEqual(['/srv/drop/never-there']);
    outputs.artifacts.forEach((artifact, index) => {
      const path = (outputs.paths as string[])[index];
      expect(artifact.sha256).toBe(sha256(`content of ${path}\n`));
      expect(expectSealed(fixture, artifact).toString()).toBe(`content of ${path}\n`);
    });
  });

  it('copies the files of a chosen directory, nested ones included, and lists symlinks without following them', async () => {
    const outputs = outputsOf(await evidenceFiles.run(evidenceContext(fixture, evidenceFiles, { container: victimId, paths: ['/srv/tree'] }, 'tree')));
    expect([...(outputs.paths as string[])].sort()).toEqual(['/srv/tree/nested/deeper/inner.txt', '/srv/tree/top.txt']);
    const inner = outputs.artifacts[(outputs.paths as string[]).indexOf('/srv/tree/nested/deeper/inner.txt')];
    expect(expectSealed(fixture, inner!).toString()).toBe('content of /srv/tree/nested/deeper/inner.txt\n');
    expect(outputs.links).toEqual(
      expect.arrayContaining([
        { path: '/srv/tree/shadow-link', target: '/etc/shadow' },
        { path: '/srv/tree/escape-link', target: '../../../../../../etc/passwd' },
      ]),
    );
    // nothing was captured from a link's target, inside the container or out of it
    expect(outputs.artifacts).toHaveLength(2);
  });

  it('takes a chosen symlink as a link, not as the file it points at', async () => {
    const outputs = outputsOf(
      await evidenceFiles.run(evidenceContext(fixture, evidenceFiles, { container: victimId, paths: ['/srv/tree/escape-link', '/srv/tree/top.txt'] }, 'link')),
    );
    expect(outputs.paths).toEqual(['/srv/tree/top.txt']);
    expect(outputs.links).toEqual([{ path: '/srv/tree/escape-link', target: '../../../../../../etc/passwd' }]);
  });

  it('under a flood of changed files takes the suspicious ones first, lists the rest and raises diff-flood', async () => {
    await execIn(victim, [
      'sh',
      '-c',
      `for i in $(seq 1 ${JUNK}); do echo junk > /var/junk/j$i; done && echo "content of /tmp/.x/payload" > /tmp/.x/payload && echo "* * * * * root /tmp/.x/payload" > /etc/cron.d/evil`,
    ]);
    const ctx = evidenceContext(fixture, evidenceFiles, { container: victimId, from_diff: true, max_paths: 20 }, 'flood');
    const outcome = await evidenceFiles.run(ctx); // never refused
    const outputs = outputsOf(outcome);
    const paths = outputs.paths as string[];
    expect(paths.length).toBeLessThanOrEqual(20);
    expect(paths).toEqual(expect.arrayContaining(['/etc/cron.d/evil', '/tmp/.x/payload']));
    expect(outputs.diff_flood).toBe(true);
    expect(outputs.not_captured as number).toBeGreaterThanOrEqual(JUNK + DROPS - 20);

    const [finding] = listFindings(fixture.db, fixture.incidentId).filter((row) => row.step_id === 'flood');
    expect(finding).toMatchObject({ kind: 'diff-flood', severity: 'high' });
    const detail = JSON.parse(finding!.detail) as { changed_paths: number; not_captured: number };
    expect(detail.changed_paths).toBeGreaterThan(JUNK);

    const notCaptured = manifestLines(fixture).filter((line) => line.type === 'not-captured' && line.step === 'flood');
    expect(notCaptured).toHaveLength(1);
    const listed = notCaptured[0]!.paths as string[];
    expect(listed.length).toBe(outputs.not_captured);
    expect(listed).not.toContain('/etc/cron.d/evil');
    const record = listCustody(fixture.db, fixture.incidentId).find((entry) => entry.act === 'not-captured');
    expect(record?.subject).toBe(victimId);
    expect(record?.details?.count).toBe(listed.length);
  });

  it('stops at the byte budget and lists the files past it', async () => {
    const outputs = outputsOf(
      await evidenceFiles.run(evidenceContext(fixture, evidenceFiles, { container: victimId, paths: ['/srv/drop'], max_bytes: 100 }, 'bytes')),
    );
    const total = outputs.artifacts.reduce((sum, artifact) => sum + artifact.size, 0);
    expect(total).toBeLessThanOrEqual(100);
    expect(outputs.artifacts.length).toBeGreaterThan(0);
    expect(outputs.not_captured).toBe(DROPS - outputs.artifacts.length);
  });
});
