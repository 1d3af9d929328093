import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendManifest, artifactLine, completeManifest, MANIFEST_FORMAT, MANIFEST_NAME, type ManifestLine } from '../../../src/evidence/manifest.js';
import type { EvidenceRow } from '../../../src/evidence/records.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function evidenceDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-manifest-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'inc-1'));
  return dir;
}

const line = (n: number): ManifestLine => ({ type: 'artifact', evidence_id: `ev-${n}`, name: `file-${n}` });

describe('the evidence manifest', () => {
  it('keeps the order of the calls when appends made in one turn are in flight together, headed once', async () => {
    const dir = evidenceDir();
    // as the captures side by side call it, each right after its own commit
    await Promise.all(Array.from({ length: 40 }, (_, n) => appendManifest(dir, 'inc-1', [line(n), line(n + 100)])));
    const lines = readFileSync(join(dir, 'inc-1', MANIFEST_NAME), 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(lines[0]).toEqual({ format: MANIFEST_FORMAT, incident: 'inc-1' });
    expect(lines.slice(1).map((entry) => entry.evidence_id)).toEqual(Array.from({ length: 40 }, (_, n) => [`ev-${n}`, `ev-${n + 100}`]).flat());
  });

  it('fails the append that fails, and the next one still lands', async () => {
    const dir = evidenceDir();
    const failed = appendManifest(dir, 'no-such-incident-folder', [line(1)]);
    const next = appendManifest(dir, 'inc-1', [line(2)]);
    await expect(failed).rejects.toThrow(/ENOENT/);
    await expect(next).resolves.toBe(join(dir, 'inc-1', MANIFEST_NAME));
    // after a failed append, the next one on the same manifest still lands
    rmSync(join(dir, 'inc-1'), { recursive: true });
    const lost = appendManifest(dir, 'inc-1', [line(3)]);
    await expect(lost).rejects.toThrow(/ENOENT/);
    mkdirSync(join(dir, 'inc-1'));
    await appendManifest(dir, 'inc-1', [line(4)]);
    expect(readFileSync(join(dir, 'inc-1', MANIFEST_NAME), 'utf8')).toContain('"ev-4"');
  });
});

describe('completing the manifest after a crash', () => {
  const row = (n: number): EvidenceRow => ({
    id: `ev-${n}`,
    incident_id: 'inc-1',
    step_id: 'collect',
    name: `file-${n}`,
    kind: 'file',
    media_type: 'text/plain',
    path: `inc-1/file-${n}`,
    sha256: 'a'.repeat(64),
    size: n,
    status: 'complete',
    captured_at: `2026-12-08T00:00:0${n}.000Z`,
    captured_by: 'alice',
    subject: 'host',
    error: null,
  });
  const named = (dir: string) =>
    readFileSync(join(dir, 'inc-1', MANIFEST_NAME), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((text) => (JSON.parse(text) as { evidence_id: string }).evidence_id);

  it('adds the artifacts the manifest lacks, in the table order, and only those', async () => {
    const dir = evidenceDir();
    await appendManifest(dir, 'inc-1', [artifactLine(row(1)), artifactLine(row(3))]);
    await expect(completeManifest(dir, 'inc-1', [row(1), row(2), row(3), row(4)])).resolves.toBe(2);
    expect(named(dir)).toEqual(['ev-1', 'ev-3', 'ev-2', 'ev-4']);
    await expect(completeManifest(dir, 'inc-1', [row(1), row(2), row(3), row(4)])).resolves.toBe(0);
    expect(named(dir)).toEqual(['ev-1', 'ev-3', 'ev-2', 'ev-4']);
  });

  it('heads a manifest the crash left unwritten, and writes nothing when there is no evidence', async () => {
    const dir = evidenceDir();
    await expect(completeManifest(dir, 'inc-1', [])).resolves.toBe(0);
    expect(existsSync(join(dir, 'inc-1', MANIFEST_NAME))).toBe(false);
    await expect(completeManifest(dir, 'inc-1', [row(1)])).resolves.toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'inc-1', MANIFEST_NAME), 'utf8').split('\n')[0]!)).toEqual({ format: MANIFEST_FORMAT, incident: 'inc-1' });
    expect(named(dir)).toEqual(['ev-1']);
  });

  it('ends a torn last line before adding, so every line after it is whole', async () => {
    const dir = evidenceDir();
    await appendManifest(dir, 'inc-1', [artifactLine(row(1))]);
    appendFileSync(join(dir, 'inc-1', MANIFEST_NAME), '{"type":"artifact","evidence_id":"ev-2"'); // cut mid-line
    await expect(completeManifest(dir, 'inc-1', [row(1), row(2)])).resolves.toBe(1);
    const lines = readFileSync(join(dir, 'inc-1', MANIFEST_NAME), 'utf8').split('\n');
    expect(lines[2]).toBe('{"type":"artifact","evidence_id":"ev-2"');
    expect(JSON.parse(lines[3]!)).toMatchObject({ evidence_id: 'ev-2', sha256: 'a'.repeat(64) });
    expect(lines[4]).toBe('');
  });
});
