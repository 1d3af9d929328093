import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkArtifacts, sha256File } from '../../../src/custody/artifacts.js';

describe('custody artifact checks', () => {
  let evidenceDir: string;
  beforeEach(() => {
    evidenceDir = mkdtempSync(join(tmpdir(), 'irctl-artifacts-'));
  });
  afterEach(() => rmSync(evidenceDir, { recursive: true, force: true }));

  it('hashes a file larger than one read chunk to its SHA-256', async () => {
    const content = Buffer.alloc(3 * (1 << 20) + 17, 7);
    writeFileSync(join(evidenceDir, 'big.bin'), content);
    expect(await sha256File(join(evidenceDir, 'big.bin'))).toBe(createHash('sha256').update(content).digest('hex'));
  });

  it('refuses to read a location that points outside the evidence directory', async () => {
    const problems = await checkArtifacts('inc-1', evidenceDir, [{ seq: 4, location: '../../etc/passwd', sha256: 'a'.repeat(64), size: 1 }]);
    expect(problems).toEqual([expect.objectContaining({ seq: 4, kind: 'artifact-location' })]);
  });

  it('reports a size change without hashing the file', async () => {
    writeFileSync(join(evidenceDir, 'a.txt'), 'abc');
    const problems = await checkArtifacts('inc-1', evidenceDir, [{ seq: 2, location: 'a.txt', sha256: 'a'.repeat(64), size: 4 }]);
    expect(problems).toEqual([
      expect.objectContaining({ seq: 2, kind: 'artifact-mismatch', message: expect.stringContaining('is 3 bytes, the ledger recorded 4') }),
    ]);
  });
});
