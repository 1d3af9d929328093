import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendManifest, MANIFEST_FORMAT, MANIFEST_NAME, type ManifestLine } from '../../../src/evidence/manifest.js';

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
