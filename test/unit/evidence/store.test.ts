import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { listCustody } from '../../../src/custody/ledger.js';
import { ActionFailedError, DockerUnreachableError, EvidenceDiskError, ExitCode, isResumableFault } from '../../../src/errors.js';
import { listEvidence } from '../../../src/evidence/records.js';
import { evidenceFixture, failingSource, type EvidenceFixture } from './fixtures.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
let fixture: EvidenceFixture;
afterEach(() => fixture?.db.close());

describe('EvidenceStore.capture', () => {
  it('writes the streamed bytes to a read-only file whose sha256 and size it returns', async () => {
    fixture = evidenceFixture();
    const chunks = ['first line\n', 'second line\n', 'x'.repeat(100_000)];
    const captured = await fixture.store().capture({ name: 'logs-web.txt', kind: 'logs', source: Readable.from(chunks), subject: 'container abc' });
    const file = join(fixture.evidenceDir, captured.path);
    const bytes = readFileSync(file);
    expect(bytes.toString()).toBe(chunks.join(''));
    expect(captured.sha256).toBe(sha256(bytes));
    expect(captured.size).toBe(bytes.length);
    expect(statSync(file).mode & 0o777).toBe(0o400);
    expect(captured.path).toBe(`${fixture.incidentId}/logs-web.txt`);
  });

  it('records a complete evidence row and a custody acquired record with the same hash and location', async () => {
    fixture = evidenceFixture();
    const captured = await fixture.store('logs').capture({ name: 'a.txt', kind: 'logs', mediaType: 'text/plain', source: Readable.from(['hello']), subject: 'container abc', how: { action: 'evidence.logs' } });
    const [row] = listEvidence(fixture.db, fixture.incidentId);
    expect(row).toMatchObject({ id: captured.evidenceId, status: 'complete', sha256: captured.sha256, size: 5, step_id: 'logs', kind: 'logs', media_type: 'text/plain', captured_by: 'tester', error: null });
    const [record] = listCustody(fixture.db, fixture.incidentId);
    expect(record).toMatchObject({ act: 'acquired', subject: 'container abc', artifactSha256: captured.sha256, artifactSize: 5, artifactLocation: captured.path, evidenceId: captured.evidenceId });
    expect(record!.how).toMatchObject({ action: 'evidence.logs', step: 'logs' });
  });

  it('lists every artifact in the incident manifest', async () => {
    fixture = evidenceFixture();
    const first = await fixture.store().capture({ name: 'one.json', kind: 'inspect', source: Readable.from(['{}']), subject: 'c' });
    const second = await fixture.store().capture({ name: 'two.json', kind: 'diff', source: Readable.from(['[]']), subject: 'c' });
    const [head, ...lines] = readFileSync(join(fixture.evidenceDir, fixture.incidentId, 'manifest.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(head).toEqual({ format: 'irctl-evidence-manifest/2', incident: fixture.incidentId });
    expect(lines.map((a: { type: string; evidence_id: string; sha256: string }) => [a.type, a.evidence_id, a.sha256])).toEqual([
      ['artifact', first.evidenceId, first.sha256],
      ['artifact', second.evidenceId, second.sha256],
    ]);
  });

  it('keeps a recorded file when the manifest cannot be written after it, and says why', async () => {
    fixture = evidenceFixture();
    const first = await fixture.store().capture({ name: 'one.json', kind: 'inspect', source: Readable.from(['{}']), subject: 'c' });
    // the manifest's place taken by a directory: appending to it fails once the row and record are committed
    const manifest = join(fixture.evidenceDir, fixture.incidentId, 'manifest.jsonl');
    rmSync(manifest);
    mkdirSync(manifest);
    await expect(fixture.store().capture({ name: 'two.json', kind: 'diff', source: Readable.from(['[1]']), subject: 'c' })).rejects.toThrow(/EISDIR/);
    const rows = listEvidence(fixture.db, fixture.incidentId);
    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['one.json', 'complete'],
      ['two.json', 'complete'],
    ]);
    for (const row of rows) expect(sha256(readFileSync(join(fixture.evidenceDir, row.path)))).toBe(row.sha256); // every file the ledger names is there
    expect(listCustody(fixture.db, fixture.incidentId).map((record) => record.act)).toEqual(['acquired', 'acquired']);
    expect(first.path).toBe(rows[0]!.path);
  });

  it('gives a re-capture under a taken name a new name and leaves the first file untouched', async () => {
    fixture = evidenceFixture();
    const first = await fixture.store().capture({ name: 'logs.stdout.log', kind: 'logs', source: Readable.from(['old']), subject: 'c' });
    const second = await fixture.store().capture({ name: 'logs.stdout.log', kind: 'logs', source: Readable.from(['new']), subject: 'c' });
    expect(second.path).toBe(`${fixture.incidentId}/logs-2.stdout.log`);
    expect(readFileSync(join(fixture.evidenceDir, first.path), 'utf8')).toBe('old');
    expect(readFileSync(join(fixture.evidenceDir, second.path), 'utf8')).toBe('new');
  });

  it('keeps a name built from hostile text inside the incident folder', async () => {
    fixture = evidenceFixture();
    const captured = await fixture.store().capture({ name: '../../etc/passwd', kind: 'files', source: Readable.from(['x']), subject: 'c' });
    expect(captured.path).toBe(`${fixture.incidentId}/etc_passwd`);
  });

  it('removes the partial file of a source that fails mid-stream and records the capture as incomplete', async () => {
    fixture = evidenceFixture();
    const capture = fixture.store().capture({ name: 'export.tar', kind: 'export', source: failingSource(['abc', 'def'], new Error('socket hang up')), subject: 'c' });
    await expect(capture).rejects.toBeInstanceOf(ActionFailedError);
    await expect(capture).rejects.toThrow(/export\.tar.*failed after 6 bytes: socket hang up/);
    expect(readdirSync(join(fixture.evidenceDir, fixture.incidentId))).toEqual(['manifest.jsonl']);
    const [row] = listEvidence(fixture.db, fixture.incidentId);
    expect(row).toMatchObject({ status: 'incomplete', sha256: null, size: 6 });
    expect(row!.error).toMatch(/socket hang up/);
  });

  it('turns a full disk into a resumable fault that says how much to free and where', async () => {
    fixture = evidenceFixture();
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const error = await fixture.store().capture({ name: 'export.tar', kind: 'export', source: failingSource(['abcd'], full), subject: 'c' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceDiskError);
    expect(isResumableFault(error)).toBe(true);
    expect((error as EvidenceDiskError).exitCode).toBe(ExitCode.FAILED);
    expect((error as Error).message).toBe(`the evidence disk is full: free 4 bytes in ${join(fixture.evidenceDir, fixture.incidentId)}, then irctl resume ${fixture.incidentId}`);
  });

  it('turns an engine connection cut mid-stream into a resumable engine fault (exit 6)', async () => {
    fixture = evidenceFixture();
    const cut = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const error = await fixture.store().capture({ name: 'export.tar', kind: 'export', source: failingSource(['abc'], cut), subject: 'c' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockerUnreachableError);
    expect(isResumableFault(error)).toBe(true);
    expect((error as Error).message).toMatch(/connection to the Docker engine was cut \(ECONNRESET\).*after 3 bytes/);
    expect(readdirSync(join(fixture.evidenceDir, fixture.incidentId))).toEqual(['manifest.jsonl']);
  });

  it('records a capture-failed custody record that claims no artifact hash', async () => {
    fixture = evidenceFixture();
    await fixture.store().capture({ name: 'x.tar', kind: 'export', source: failingSource(['abc'], new Error('daemon gone')), subject: 'c' }).catch(() => undefined);
    const records = listCustody(fixture.db, fixture.incidentId);
    expect(records.map((r) => r.act)).toEqual(['capture-failed']);
    expect(records[0]!.artifactSha256).toBeNull();
    expect(records[0]!.details).toMatchObject({ name: 'x.tar', bytes_written: 3 });
  });

  it('stops a capture when the step is aborted and leaves no complete file', async () => {
    fixture = evidenceFixture();
    const controller = new AbortController();
    async function* endless() {
      for (;;) {
        yield Buffer.alloc(64 * 1024);
        controller.abort();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await expect(fixture.store('export', controller.signal).capture({ name: 'big.tar', kind: 'export', source: endless(), subject: 'c' })).rejects.toThrow(/aborted/);
    expect(existsSync(join(fixture.evidenceDir, fixture.incidentId, 'big.tar'))).toBe(false);
    expect(listEvidence(fixture.db, fixture.incidentId)[0]).toMatchObject({ status: 'incomplete' });
  });
});

describe('EvidenceStore.batch', () => {
  it('commits documents written side by side in the order they were added, each read-only, hashed and recorded in one chain', async () => {
    fixture = evidenceFixture();
    const batch = fixture.store('files').batch();
    const documents = Array.from({ length: 40 }, (_, i) => Buffer.from(`file ${i}\n`.repeat(i + 1)));
    for (const [i, bytes] of documents.entries()) await batch.add({ name: `f${i}`, kind: 'files', source: bytes, subject: 'c', how: { container_path: `/d/f${i}` } });
    expect(batch.staged).toBe(40);
    const captured = await batch.commit();
    expect(captured.map((c) => c.path)).toEqual(documents.map((_, i) => `${fixture.incidentId}/f${i}`));
    for (const [i, artifact] of captured.entries()) {
      const file = join(fixture.evidenceDir, artifact.path);
      expect(readFileSync(file)).toEqual(documents[i]);
      expect(artifact.sha256).toBe(sha256(documents[i]!));
      expect(statSync(file).mode & 0o777).toBe(0o400);
    }
    const records = listCustody(fixture.db, fixture.incidentId);
    expect(records.map((r) => [r.act, r.evidenceId])).toEqual(captured.map((c) => ['acquired', c.evidenceId]));
    expect(records.map((r) => r.how?.container_path)).toEqual(documents.map((_, i) => `/d/f${i}`));
    expect(readdirSync(join(fixture.evidenceDir, fixture.incidentId)).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('brings a failed background write out of commit, records it, and leaves no file behind', async () => {
    fixture = evidenceFixture();
    const controller = new AbortController();
    const batch = fixture.store('files', controller.signal).batch();
    await batch.add({ name: 'ok', kind: 'files', source: Buffer.from('fine'), subject: 'c' });
    await batch.commit();
    controller.abort(); // the step is stopped while its next write is in the background
    await batch.add({ name: 'lost', kind: 'files', source: Buffer.from('never written'), subject: 'c' }).catch(() => undefined);
    await expect(batch.commit()).rejects.toThrow(/lost.*aborted/);
    await batch.discard();
    expect(listEvidence(fixture.db, fixture.incidentId).map((row) => [row.name, row.status])).toEqual([
      ['ok', 'complete'],
      ['lost', 'incomplete'],
    ]);
    expect(listCustody(fixture.db, fixture.incidentId).map((r) => r.act)).toEqual(['acquired', 'capture-failed']);
    expect(readdirSync(join(fixture.evidenceDir, fixture.incidentId)).sort()).toEqual(['manifest.jsonl', 'ok']);
  });
});
