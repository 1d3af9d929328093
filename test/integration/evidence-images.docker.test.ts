import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { irctl as runIrctl } from '../helpers/run-cli.js';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';

// evidence.commit, then a gate, so an incident can be caught while it is still waiting.
const RUNBOOK = `apiVersion: irctl/v1
kind: Runbook
name: commit-then-wait
description: Commit a forensic image of the container, then wait for a human.
severity: low
inputs:
  container: { required: true }
steps:
  - id: commit
    phase: evidence
    uses: evidence.commit
    with: { container: "\${{ inputs.container }}" }
  - id: done
    phase: recovery
    approval: { message: "close?", roles: [admin] }
`;

interface ImageRow {
  imageRef: string;
  imageId: string;
  inEngine: boolean;
  savedCopy: string;
  evidenceId: string | null;
  orphan: boolean;
}

describe('irctl evidence images on a real engine', () => {
  let docker: Docker;
  let victim: Docker.Container;
  let home: string;
  let evidenceDir: string;
  const extraContainers: Docker.Container[] = [];
  const leftImages: string[] = [];

  const irctl = (actor: string, args: string[]) =>
    runIrctl(['--home', home, '--evidence-dir', evidenceDir, '--runbooks', join(home, 'runbooks'), '--as', actor, ...args]);
  const imagesOf = async (incidentId: string): Promise<ImageRow[]> => {
    const listed = await irctl('viewer', ['--json', 'evidence', 'images', incidentId]);
    expect(listed.code, listed.output).toBe(0);
    return JSON.parse(listed.output) as ImageRow[];
  };
  /** Run the runbook to its gate; the forensic image now exists. */
  const incidentAtGate = async (): Promise<string> => {
    const started = await irctl('responder', ['run', 'commit-then-wait', '--input', `container=${(await victim.inspect()).Id}`]);
    expect(started.code, started.output).toBe(ExitCode.WAITING);
    const db = new Database(join(home, 'irctl.db'), { readonly: true });
    try {
      return (db.prepare('SELECT id FROM incidents ORDER BY created_at DESC LIMIT 1').get() as { id: string }).id;
    } finally {
      db.close();
    }
  };
  const finish = async (incidentId: string) => {
    const approved = await irctl('approver', ['approve', incidentId, '--resume']);
    expect(approved.code, approved.output).toBe(0);
  };
  const engineHas = (ref: string) =>
    docker
      .getImage(ref)
      .inspect()
      .then(
        () => true,
        () => false,
      );
  /** Commit the victim as evidence.commit does (same repo and labels), as a run killed before its save would leave it. */
  const commitLabelledFor = async (labelIncident: string, repoIncident: string, tag: string, step = 'commit'): Promise<{ ref: string; id: string }> => {
    const victimId = (await victim.inspect()).Id;
    const repo = `irctl-evidence/${repoIncident.toLowerCase()}`;
    const labels = { 'irctl.incident': labelIncident, 'irctl.step': step, 'irctl.captured_at': new Date().toISOString(), 'irctl.container': victimId };
    const committed = (await victim.commit({ _query: { container: victimId, repo, tag, pause: true }, _body: { Labels: labels } })) as { Id: string };
    leftImages.push(`${repo}:${tag}`);
    return { ref: `${repo}:${tag}`, id: committed.Id };
  };

  beforeAll(async () => {
    docker = testDocker();
    victim = await startVictim(docker, { name: uniqueName('images-victim') });
    home = mkdtempSync(join(tmpdir(), 'irctl-images-'));
    evidenceDir = join(home, 'evidence');
    mkdirSync(join(home, 'runbooks'));
    writeFileSync(join(home, 'runbooks', 'commit-then-wait.yaml'), RUNBOOK);
    writeFileSync(join(home, 'roles.yaml'), 'actors:\n  viewer: viewer\n  responder: operator\n  approver: admin\n');
  });
  afterAll(async () => {
    for (const container of [victim, ...extraContainers]) if (container) await removeQuietly(container);
    for (const ref of leftImages)
      await docker
        .getImage(ref)
        .remove({ force: true })
        .catch(() => undefined);
  });

  it('lists the image, refuses to remove it while the run waits, then removes it and records that in a ledger that still verifies', async () => {
    const incidentId = await incidentAtGate();
    const [image, ...others] = await imagesOf(incidentId);
    expect(others).toEqual([]);
    leftImages.push(image!.imageRef);
    expect(image).toMatchObject({ inEngine: true, savedCopy: 'ok' });
    expect(image!.imageRef).toMatch(/^irctl-evidence\/.+:commit-/);
    expect(await engineHas(image!.imageRef)).toBe(true);

    const early = await irctl('responder', ['evidence', 'images', incidentId, '--remove']);
    expect(early.code, early.output).toBe(ExitCode.REFUSED);
    expect(early.output).toContain(`incident ${incidentId} is still waiting`);
    expect(await engineHas(image!.imageRef)).toBe(true);

    const viewer = await irctl('viewer', ['evidence', 'images', incidentId, '--remove']);
    expect(viewer.code, viewer.output).toBe(ExitCode.REFUSED);

    await finish(incidentId);
    const removed = await irctl('responder', ['evidence', 'images', incidentId, '--remove']);
    expect(removed.code, removed.output).toBe(0);
    expect(removed.output).toMatch(new RegExp(`${image!.imageRef.replace(/[/.]/g, '\\$&')}.*removed`));
    expect(await engineHas(image!.imageId)).toBe(false);
    expect(await imagesOf(incidentId)).toMatchObject([{ inEngine: false, savedCopy: 'ok' }]);

    const log = await irctl('viewer', ['custody', 'log', incidentId]);
    expect(log.output).toContain('image-removed');
    const verified = await irctl('viewer', ['custody', 'verify', incidentId]);
    expect(verified.code, verified.output).toBe(0);

    const again = await irctl('responder', ['evidence', 'images', incidentId, '--remove']);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('already gone');
  });

  it('keeps an image whose saved tar no longer matches its hash, and exits 7', async () => {
    const incidentId = await incidentAtGate();
    await finish(incidentId);
    const [image] = await imagesOf(incidentId);
    leftImages.push(image!.imageRef);
    const db = new Database(join(home, 'irctl.db'), { readonly: true });
    const { path } = db.prepare('SELECT path FROM evidence WHERE id = ?').get(image!.evidenceId) as { path: string };
    db.close();
    appendFileSync(join(evidenceDir, path), 'tampered'); // root ignores the read-only mode

    const result = await irctl('responder', ['evidence', 'images', incidentId, '--remove']);
    expect(result.code, result.output).toBe(ExitCode.INTEGRITY);
    expect(result.output).toContain('its saved copy is modified');
    expect(await engineHas(image!.imageRef)).toBe(true);
  });

  it('keeps an image a container still uses, and says how to free it', async () => {
    const incidentId = await incidentAtGate();
    await finish(incidentId);
    const [image] = await imagesOf(incidentId);
    leftImages.push(image!.imageRef);
    extraContainers.push(await docker.createContainer({ Image: image!.imageRef, Cmd: ['true'], Labels: { 'irctl.test': '1' } }));

    const result = await irctl('responder', ['evidence', 'images', incidentId, '--remove']);
    expect(result.code, result.output).toBe(ExitCode.REFUSED);
    expect(result.output).toContain('a container uses it');
    expect(result.output).toContain('docker ps -a --filter ancestor=');
    expect(await engineHas(image!.imageRef)).toBe(true);
  });

  it('lists an image committed for the incident that no custody record names as an orphan, removes it with a custody record, and leaves an image labelled for another incident alone', async () => {
    const incidentId = await incidentAtGate();
    const [saved] = await imagesOf(incidentId);
    leftImages.push(saved!.imageRef);
    const orphan = await commitLabelledFor(incidentId, incidentId, 'commit-20260101T000000Z');
    // same repo as this incident's images, and a label value that only starts with its id
    const foreign = await commitLabelledFor(`${incidentId}-2`, incidentId, 'commit-20260101T000001Z');

    expect(await imagesOf(incidentId)).toEqual([
      expect.objectContaining({ imageRef: saved!.imageRef, orphan: false, savedCopy: 'ok' }),
      {
        evidenceId: null,
        host: 'local',
        imageRef: orphan.ref,
        imageId: orphan.id,
        savedCopy: 'none (capture interrupted)',
        inEngine: true,
        orphan: true,
        capture: expect.objectContaining({ step: 'commit' }),
      },
    ]);
    const table = await irctl('viewer', ['evidence', 'images', incidentId]);
    expect(table.output).toContain('none (capture interrupted)');
    expect(table.output).not.toContain(foreign.ref);

    const early = await irctl('responder', ['evidence', 'images', incidentId, '--remove']);
    expect(early.code, early.output).toBe(ExitCode.REFUSED);
    expect(await engineHas(orphan.id)).toBe(true);

    await finish(incidentId);
    const removed = await irctl('responder', ['evidence', 'images', incidentId, '--remove']);
    expect(removed.code, removed.output).toBe(0);
    expect(removed.output).toMatch(new RegExp(`${orphan.ref.replace(/[/.]/g, '\\$&')}.*removed`));
    expect(await engineHas(orphan.id)).toBe(false);
    expect(await engineHas(saved!.imageId)).toBe(false);
    expect(await engineHas(foreign.id)).toBe(true);
    expect(removed.output).not.toContain(foreign.ref);

    const log = await irctl('viewer', ['--json', 'custody', 'log', incidentId]);
    const removals = (JSON.parse(log.output) as { act: string; subject: string; details: Record<string, unknown> }[]).filter((r) => r.act === 'image-removed');
    expect(removals).toEqual([
      expect.objectContaining({ subject: saved!.imageId, details: expect.objectContaining({ saved_copy: 'verified' }) }),
      expect.objectContaining({
        subject: orphan.id,
        details: expect.objectContaining({ orphan: true, image_ref: orphan.ref, saved_copy: 'none', untagged_only: false }),
      }),
    ]);
    const verified = await irctl('viewer', ['custody', 'verify', incidentId]);
    expect(verified.code, verified.output).toBe(0);
    expect(await imagesOf(incidentId)).toMatchObject([{ imageRef: saved!.imageRef, inEngine: false, orphan: false }]);
  });

  it('keeps an orphan whose step no retry saved: it is the only copy of that capture (exit 4, says how to keep it)', async () => {
    const incidentId = await incidentAtGate();
    const [saved] = await imagesOf(incidentId);
    leftImages.push(saved!.imageRef);
    const lone = await commitLabelledFor(incidentId, incidentId, 'other-20260101T000000Z', 'other');
    await finish(incidentId);

    const result = await irctl('responder', ['evidence', 'images', incidentId, '--remove']);
    expect(result.code, result.output).toBe(ExitCode.REFUSED);
    expect(result.output).toContain('it is the only copy of that capture');
    expect(result.output).toContain(`docker save ${lone.ref}`);
    expect(await engineHas(lone.id)).toBe(true);
    expect(await engineHas(saved!.imageId)).toBe(false); // the saved one still goes
  });

  it('names an unknown incident with exit 5', async () => {
    const result = await irctl('viewer', ['evidence', 'images', 'inc-nope']);
    expect(result.code, result.output).toBe(ExitCode.NOT_FOUND);
  });
});
