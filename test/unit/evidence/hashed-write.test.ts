import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeHashed } from '../../../src/evidence/hashed-write.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempFile = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-hashed-'));
  dirs.push(dir);
  return join(dir, name);
};

describe('writeHashed', () => {
  it('hashes and keeps every byte of a stream long enough to be flushed behind the writes', async () => {
    async function* source() {
      for (let i = 0; i < 20; i++) yield Buffer.alloc(1024 * 1024, i); // 20 MiB: past the first background flush
    }
    const expected = createHash('sha256');
    for (let i = 0; i < 20; i++) expected.update(Buffer.alloc(1024 * 1024, i));
    const path = tempFile('long.bin');
    const written = await writeHashed(source(), path, { mode: 0o400 });
    expect(written).toEqual({ sha256: expected.digest('hex'), size: 20 * 1024 * 1024 });
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(written.sha256);
    expect(statSync(path).mode & 0o777).toBe(0o400);
  });

  it('refuses to overwrite a file that exists', async () => {
    const path = tempFile('taken');
    await writeHashed(Buffer.from('first'), path);
    await expect(writeHashed(Buffer.from('second'), path)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(writeHashed((async function* () { yield Buffer.from('third'); })(), path)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('first');
  });
});
