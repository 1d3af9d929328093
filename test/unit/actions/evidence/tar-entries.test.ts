import { Header } from 'tar';
import { describe, expect, it } from 'vitest';
import { tarEntries } from '../../../../src/actions/evidence/tar-entries.js';

/** A tar header block for one regular file of `size` bytes. */
function header(path: string, size: number): Buffer {
  const block = Buffer.alloc(512);
  new Header({ path, size, mode: 0o644, type: 'File', mtime: new Date(0) }).encode(block);
  return block;
}

const padded = (bytes: Buffer) => Buffer.concat([bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512)]);

describe('tarEntries', () => {
  it('gives each entry whole, in order', async () => {
    const one = Buffer.from('first file');
    const two = Buffer.alloc(3000, 7);
    async function* source() {
      yield Buffer.concat([header('a', one.length), padded(one), header('b', two.length)]);
      yield padded(two);
      yield Buffer.alloc(1024);
    }
    const read: [string, Buffer][] = [];
    for await (const entry of tarEntries(source())) read.push([entry.path, await entry.concat()]);
    expect(read).toEqual([
      ['a', one],
      ['b', two],
    ]);
  });

  it('fails the entry being read when the source breaks in the middle of it, instead of leaving it waiting', async () => {
    async function* source() {
      yield Buffer.concat([header('big', 4096), Buffer.alloc(1000, 1)]);
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    const reading = (async () => {
      for await (const entry of tarEntries(source())) await entry.concat();
    })();
    await expect(reading).rejects.toThrow(/socket hang up/);
  });

  it('does not hand out an entry whose bytes the broken source never sent', async () => {
    const first = Buffer.from('complete');
    async function* source() {
      // the first entry whole, then the next one's header and only part of its bytes
      yield Buffer.concat([header('a', first.length), padded(first), header('b', 4096), Buffer.alloc(100, 2)]);
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    const read: string[] = [];
    const reading = (async () => {
      for await (const entry of tarEntries(source())) {
        await entry.concat();
        read.push(entry.path);
      }
    })();
    await expect(reading).rejects.toThrow(/socket hang up/);
    expect(read).toEqual(['a']);
  });
});
