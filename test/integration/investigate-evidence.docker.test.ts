import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { z } from 'zod';
import type { ActionDefinition } from '../../src/actions/contract.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceDiff } from '../../src/actions/evidence/diff.js';
import { evidenceInspect } from '../../src/actions/evidence/inspect.js';
import { evidenceLogs } from '../../src/actions/evidence/logs.js';
import { evidenceNetwork } from '../../src/actions/evidence/network.js';
import { evidenceProcesses } from '../../src/actions/evidence/processes.js';
import { investigateDiffReview } from '../../src/actions/investigate/diff-review.js';
import { investigateGrep } from '../../src/actions/investigate/grep.js';
import { investigateImage } from '../../src/actions/investigate/image.js';
import { investigateNetwork } from '../../src/actions/investigate/network.js';
import { investigateProcesses } from '../../src/actions/investigate/processes.js';
import { ExitCode, IntegrityError } from '../../src/errors.js';
import { listFindings } from '../../src/investigate/findings.js';
import { removeQuietly, testDocker } from '../helpers/docker.js';
import { evidenceFixture, type EvidenceFixture } from '../unit/evidence/fixtures.js';
import { compromisedVictim, evidenceContext, outputsOf } from './evidence-fixtures.js';

describe('investigation actions over real, verified evidence', () => {
  const docker = testDocker();
  let victim: Docker.Container;
  let fixture: EvidenceFixture;

  beforeAll(async () => {
    victim = await compromisedVictim(docker);
    fixture = evidenceFixture();
    const container = (await victim.inspect()).Id;
    await evidenceInspect.run(evidenceContext(fixture, evidenceInspect, { container }, 'inspect'));
    await evidenceProcesses.run(evidenceContext(fixture, evidenceProcesses, { container }, 'processes'));
    await evidenceNetwork.run(evidenceContext(fixture, evidenceNetwork, { container }, 'network'));
    await evidenceLogs.run(evidenceContext(fixture, evidenceLogs, { container }, 'logs'));
    await evidenceDiff.run(evidenceContext(fixture, evidenceDiff, { container }, 'diff'));
  }, 60_000);

  afterAll(() => removeQuietly(victim));

  const run = async <S extends z.ZodType>(action: ActionDefinition<S>, params: z.input<S>, stepId: string) =>
    outputsOf(await action.run(evidenceContext(fixture, action, params, stepId)));

  it('grep finds the indicators in the captured logs with line numbers and context, and stores them as findings', async () => {
    const outputs = await run(investigateGrep, { patterns: ['victim std(out|err) line'] }, 'grep-logs');
    expect(outputs).toMatchObject({ count: 2, matches: 2, files: 2, max_severity: 'medium' });
    const stored = listFindings(fixture.db, fixture.incidentId)
      .filter((row) => row.step_id === 'grep-logs')
      .map((row) => JSON.parse(row.detail));
    expect(stored.map((detail) => [detail.line, detail.text.replace(/^\S+ /, '')]).sort()).toEqual([
      [1, 'victim stderr line'],
      [1, 'victim stdout line'],
    ]);
  });

  it('diff-review reports the cron persistence and the dropped payload of the real diff', async () => {
    const outputs = await run(investigateDiffReview, {}, 'review-diff');
    expect(outputs).toMatchObject({ persistence: true, max_severity: 'high', paths: ['/etc/cron.d/evil', '/tmp/.x/miner'] });
  });

  it('processes flags the netcat listener started by docker exec', async () => {
    const outputs = await run(investigateProcesses, {}, 'review-processes');
    expect(outputs).toMatchObject({ listeners: 1, shells: 0, miners: 0 });
  });

  it('network flags the listener on a port the service does not use', async () => {
    const outputs = await run(investigateNetwork, { expected_ports: [8080] }, 'review-network');
    expect(outputs).toMatchObject({ unexpected_listeners: 1, external: 0 });
  });

  it('image reports no drift against the image the victim was started from, and drift against another', async () => {
    expect(await run(investigateImage, { expected: 'irctl-test/busybox:1' }, 'image-same')).toMatchObject({ drift: false, count: 0 });
    const committed = await victim.commit({ repo: 'irctl-test/drifted', tag: fixture.incidentId });
    try {
      expect(await run(investigateImage, { expected: `irctl-test/drifted:${fixture.incidentId}` }, 'image-other')).toMatchObject({
        drift: true,
        count: 1,
        max_severity: 'high',
      });
    } finally {
      await docker.getImage(committed.Id).remove({ force: true });
    }
  });

  it('refuses to analyse evidence whose file no longer matches its recorded hash, and stores no findings', async () => {
    const tampered = evidenceFixture();
    await evidenceLogs.run(evidenceContext(tampered, evidenceLogs, { container: (await victim.inspect()).Id }, 'logs'));
    const [row] = tampered.db.prepare("SELECT path FROM evidence WHERE kind = 'logs' ORDER BY rowid").all() as { path: string }[];
    chmodSync(join(tampered.evidenceDir, row!.path), 0o644);
    writeFileSync(join(tampered.evidenceDir, row!.path), 'nothing to see here\n');

    const failure = await investigateGrep.run(evidenceContext(tampered, investigateGrep, {}, 'grep')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IntegrityError);
    expect((failure as IntegrityError).exitCode).toBe(ExitCode.INTEGRITY);
    expect((failure as Error).message).toMatch(/cannot be analysed: its file now hashes to [0-9a-f]{64}, not the recorded/);
    expect(listFindings(tampered.db, tampered.incidentId)).toEqual([]);
  });

  it('refuses to analyse evidence whose file is missing', async () => {
    const missing = evidenceFixture();
    await evidenceDiff.run(evidenceContext(missing, evidenceDiff, { container: (await victim.inspect()).Id }, 'diff'));
    const [row] = missing.db.prepare("SELECT path FROM evidence WHERE kind = 'diff'").all() as { path: string }[];
    rmSync(join(missing.evidenceDir, row!.path));
    await expect(investigateDiffReview.run(evidenceContext(missing, investigateDiffReview, {}, 'review'))).rejects.toThrow(
      /cannot be analysed: its file is missing/,
    );
  });

  it('says which evidence it needs when none was captured', async () => {
    const empty = evidenceFixture();
    await expect(investigateProcesses.run(evidenceContext(empty, investigateProcesses, {}, 'review'))).rejects.toThrow(
      /has no complete evidence of kind processes/,
    );
  });
});
