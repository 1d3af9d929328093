import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, Header } from 'tar';
import { describe, expect, it } from 'vitest';
import { TarAmbiguityError, TarFormatError, TarReader, type TarHeader } from '../../../src/report/tar-reader.js';
import { rawHeader } from './fixtures/tar.js';

interface Read {
  header: TarHeader;
  data: Buffer;
}

/** Feed `archive` to a reader in pieces of `step` bytes; collect every entry with its bytes. */
function readAll(archive: Buffer, step = archive.length): Read[] {
  const entries: Read[] = [];
  const reader = new TarReader((header) => {
    const parts: Buffer[] = [];
    const entry = { header: { ...header }, data: Buffer.alloc(0) };
    entries.push(entry);
    return { data: (chunk) => parts.push(Buffer.from(chunk)), end: () => (entry.data = Buffer.concat(parts)) };
  });
  for (let offset = 0; offset < archive.length; offset += step) reader.write(archive.subarray(offset, offset + step));
  reader.end();
  return entries;
}

function block(fields: { path: string; type?: string; size?: number; linkpath?: string }): Buffer {
  const out = Buffer.alloc(512);
  new Header({
    path: fields.path,
    type: (fields.type ?? 'File') as never,
    size: fields.size ?? 0,
    mode: 0o600,
    mtime: new Date(0),
    uid: 0,
    gid: 0,
    linkpath: fields.linkpath ?? '',
  }).encode(out, 0);
  return out;
}

const pad = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
const END = Buffer.alloc(1024);

function pax(records: Record<string, string>): Buffer {
  let body = '';
  for (const [key, value] of Object.entries(records)) {
    const text = ` ${key}=${value}\n`;
    let length = text.length + 1;
    while (`${length}${text}`.length !== length) length += 1;
    body += `${length}${text}`;
  }
  return Buffer.from(body);
}

/** A pax `x` header and its body; several record sets are concatenated (to repeat a key). */
function paxHeader(...recordSets: Record<string, string>[]): Buffer {
  const body = Buffer.concat(recordSets.map((records) => pax(records)));
  return Buffer.concat([rawHeader('PaxHeader/x', 'x', body.length), pad(body)]);
}

/** A GNU long name (`L`) or long link (`K`) header and its body. */
function longName(flag: 'L' | 'K', name: string): Buffer {
  const body = Buffer.from(`${name}\0`);
  return Buffer.concat([rawHeader('././@LongLink', flag, body.length), pad(body)]);
}

describe('TarReader', () => {
  it('reads what node-tar writes (files, directories, links, long names through pax and the ustar prefix) in pieces of any size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irctl-tar-reader-'));
    const deep = `${'d'.repeat(90)}/${'e'.repeat(90)}`;
    mkdirSync(join(dir, 'src', deep), { recursive: true });
    writeFileSync(join(dir, 'src', 'small.txt'), 'hello\n');
    writeFileSync(join(dir, 'src', 'block.bin'), Buffer.alloc(512, 7));
    writeFileSync(join(dir, 'src', 'big.bin'), Buffer.alloc(70_000, 3));
    writeFileSync(join(dir, 'src', deep, `${'n'.repeat(120)}.txt`), 'deep\n');
    writeFileSync(join(dir, 'src', 'ünïcode.txt'), 'u\n');
    writeFileSync(join(dir, 'src', 'empty'), '');
    symlinkSync('small.txt', join(dir, 'src', 'link'));
    const archive = join(dir, 'a.tar');
    await create({ file: archive, cwd: join(dir, 'src'), portable: true }, ['.']);
    const bytes = (await import('node:fs')).readFileSync(archive);

    const whole = readAll(bytes);
    const gnu = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(whole.map((entry) => entry.header.path)).toEqual(gnu); // the names GNU tar extracts
    const byPath = new Map(whole.map((entry) => [entry.header.path.replace(/^\.\//, ''), entry]));
    expect(byPath.get('small.txt')!.data.toString()).toBe('hello\n');
    expect(byPath.get('big.bin')!.data).toEqual(Buffer.alloc(70_000, 3));
    expect(byPath.get(`${deep}/${'n'.repeat(120)}.txt`)!.data.toString()).toBe('deep\n');
    expect(byPath.get('ünïcode.txt')!.header.type).toBe('File');
    expect(byPath.get('link')!.header).toMatchObject({ type: 'SymbolicLink', linkpath: 'small.txt', size: 0 });
    expect(byPath.get('empty')!.data.length).toBe(0);
    for (const step of [1, 7, 511, 512, 513, 4096]) {
      expect(readAll(bytes, step).map((entry) => [entry.header.path, entry.data.toString('hex')])).toEqual(
        whole.map((entry) => [entry.header.path, entry.data.toString('hex')]),
      );
    }
  });

  it('takes GNU long names and links, pax paths and sizes, and base-256 sizes', () => {
    const longName = `${'x'.repeat(150)}/file.txt`;
    const gnuName = Buffer.from(`${longName}\0`);
    const paxBody = pax({ path: 'from-pax.txt', size: '3', mtime: '0' });
    const archive = Buffer.concat([
      rawHeader('././@LongLink', 'L', gnuName.length),
      pad(gnuName),
      rawHeader('short', '0', 2),
      pad(Buffer.from('ab')),
      rawHeader('PaxHeaders/x', 'x', paxBody.length),
      pad(paxBody),
      rawHeader('ignored-name', '0', 999), // pax size wins, as in every reader
      pad(Buffer.from('abc')),
      rawHeader('b256', '0', 0, (b) => {
        b.fill(0, 124, 136);
        b[124] = 0x80;
        b[135] = 4;
      }),
      pad(Buffer.from('four')),
      END,
    ]);
    expect(readAll(archive).map((entry) => [entry.header.path, entry.data.toString()])).toEqual([
      [longName, 'ab'],
      ['from-pax.txt', 'abc'],
      ['b256', 'four'],
    ]);
  });

  // Trailing data used to be ignored here, but `tar -i` reads entries past the end-of-archive
  // marker: a forged copy appended there overwrote a verified file. Only zero padding may follow.
  it('refuses anything but zero bytes after the end-of-archive marker, in pieces of any size', () => {
    const archive = Buffer.concat([block({ path: 'a', size: 1 }), pad(Buffer.from('a')), END, Buffer.from('trailing garbage')]);
    for (const step of [1, 100, 512, archive.length]) expect(() => readAll(archive, step)).toThrow(TarAmbiguityError);
    const appended = Buffer.concat([block({ path: 'a', size: 1 }), pad(Buffer.from('a')), END, block({ path: 'a', size: 1 }), pad(Buffer.from('b')), END]);
    expect(() => readAll(appended)).toThrow(/data follows the end-of-archive marker/);
  });

  it('accepts zero padding after the end-of-archive marker, as GNU tar writes it (a 10240-byte record)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irctl-tar-reader-'));
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    execFileSync('tar', ['-cf', join(dir, 'gnu.tar'), '-C', dir, 'a.txt']);
    const bytes = readFileSync(join(dir, 'gnu.tar'));
    expect(bytes.length).toBe(10240);
    for (const step of [1, 700, bytes.length]) expect(readAll(bytes, step).map((entry) => entry.header.path)).toEqual(['a.txt']);
  });

  // GNU tar takes a pax path over a GNU long name in either order; other readers take the last.
  // With two entries cross-named so, `tar -x` wrote each verified file's bytes under the other's name.
  const twice: [string, Buffer[]][] = [
    ['a pax path, then a GNU long name', [paxHeader({ path: 'B' }), longName('L', 'A')]],
    ['a GNU long name, then a pax path', [longName('L', 'A'), paxHeader({ path: 'B' })]],
    ['a pax linkpath and a GNU long link', [paxHeader({ linkpath: 'B' }), longName('K', 'A')]],
    ['two GNU long names', [longName('L', 'A'), longName('L', 'B')]],
    ['two pax headers with a path each', [paxHeader({ path: 'A' }), paxHeader({ path: 'B' })]],
    ['one pax header giving the path twice', [paxHeader({ path: 'A' }, { path: 'B' })]],
    ['a pax size, then a GNU long name', [paxHeader({ size: '1' }), longName('L', 'A')]],
  ];

  it.each(twice)('refuses an entry named twice: %s', (_what, meta) => {
    const archive = Buffer.concat([...meta, rawHeader('ustar-name', '0', 1), pad(Buffer.from('x')), END]);
    expect(() => readAll(archive)).toThrow(TarAmbiguityError);
  });

  it('names both values when an entry is named twice', () => {
    const archive = Buffer.concat([paxHeader({ path: 'B' }), longName('L', 'A'), rawHeader('n', '0', 0), END]);
    expect(() => readAll(archive)).toThrow(
      `an entry's name is given twice, by a pax header ("B") and by a GNU long name ("A"): tar readers disagree on which wins`,
    );
  });

  it('reports unknown entry types for the caller to refuse', () => {
    const [entry] = readAll(Buffer.concat([rawHeader('vol', 'V', 0), END]));
    expect(entry!.header).toMatchObject({ path: 'vol', type: 'Unsupported', flag: 'V' });
  });

  const damaged: [string, Buffer, RegExp][] = [
    [
      'a header whose checksum is wrong',
      (() => {
        const b = block({ path: 'a', size: 1 });
        b[0] = 'b'.charCodeAt(0);
        return Buffer.concat([b, pad(Buffer.from('a')), END]);
      })(),
      /checksum/,
    ],
    ['a size that is not octal', Buffer.concat([rawHeader('a', '0', 0, (b) => b.write('12345678z00\0', 124, 'latin1')), END]), /not an octal number/],
    ['a negative base-256 size', Buffer.concat([rawHeader('a', '0', 0, (b) => b.fill(0xff, 124, 136)), END]), /negative/],
    ['a directory that carries data', Buffer.concat([rawHeader('d/', '5', 512), Buffer.alloc(512, 1), END]), /Directory entry with 512 bytes/],
    ['a link that carries data', Buffer.concat([rawHeader('l', '2', 10), pad(Buffer.from('0123456789')), END]), /SymbolicLink entry/],
    ['an unknown type that carries data', Buffer.concat([rawHeader('s', 'S', 10), pad(Buffer.from('0123456789')), END]), /type "S" entry/],
    ['an entry after a lone zero block', Buffer.concat([Buffer.alloc(512), block({ path: 'hidden', size: 0 }), END]), /follows a zero block/],
    [
      'a global pax header that renames later entries',
      (() => {
        const body = pax({ path: 'everything' });
        return Buffer.concat([rawHeader('g', 'g', body.length), pad(body), block({ path: 'a' }), END]);
      })(),
      /global pax header/,
    ],
    [
      'a malformed pax record',
      (() => {
        const body = Buffer.from('99 path=x\n');
        return Buffer.concat([rawHeader('p', 'x', body.length), pad(body), block({ path: 'a' }), END]);
      })(),
      /pax header record is malformed/,
    ],
    [
      'a sparse file',
      (() => {
        const body = pax({ 'GNU.sparse.major': '1' });
        return Buffer.concat([rawHeader('p', 'x', body.length), pad(body), block({ path: 'a' }), END]);
      })(),
      /sparse/,
    ],
    ['metadata larger than any writer makes', Buffer.concat([rawHeader('L', 'L', 2 * 1024 * 1024), END]), /metadata entry/],
    ['an archive cut inside an entry', Buffer.concat([block({ path: 'cut', size: 1000 }), Buffer.alloc(600)]), /ends in the middle of an entry inside "cut"/],
    ['an archive cut inside a header', block({ path: 'cut' }).subarray(0, 300), /ends in the middle of an entry/],
    [
      'pax metadata with no entry after it',
      (() => {
        const body = pax({ path: 'x' });
        return Buffer.concat([rawHeader('p', 'x', body.length), pad(body), END]);
      })(),
      /followed by the end of the archive/,
    ],
  ];

  it.each(damaged)('refuses %s', (_what, archive, message) => {
    let error: unknown;
    try {
      readAll(archive);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TarFormatError);
    expect((error as Error).message).toMatch(message);
  });

  it('passes a stream with no end-of-archive marker that stops between entries, as tar does', () => {
    const archive = Buffer.concat([block({ path: 'a', size: 1 }), pad(Buffer.from('a'))]);
    expect(readAll(archive).map((entry) => entry.header.path)).toEqual(['a']);
  });
});
