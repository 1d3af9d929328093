// A strict, push-fed reader of tar archives (POSIX ustar and pax, GNU long names), for the one
// job of checking a bundle as it streams past. node-tar's Parser does this through a stream object
// and several buffers per entry; a bundle of 100,000 small files spent most of its verification
// there. This reader hands each entry's bytes on as views of the chunks it is given, and refuses
// anything it cannot read exactly: a bad checksum, a size that is not a number, metadata it would
// have to guess at, an archive that ends inside an entry. Whatever it reports as a path is what
// GNU tar would extract the entry as, so a verifier and `tar -x` never disagree on names: where
// readers could disagree (a name given twice by different means, data after the end-of-archive
// marker that `tar -i` would read) it refuses with a TarAmbiguityError.

const BLOCK = 512;
/** pax and GNU long-name bodies larger than this are not metadata an honest writer produces. */
const MAX_META_BYTES = 1024 * 1024;

export type TarEntryType =
  'File' | 'OldFile' | 'ContiguousFile' | 'Link' | 'SymbolicLink' | 'Directory' | 'CharacterDevice' | 'BlockDevice' | 'FIFO' | 'Unsupported';

const TYPES: Record<string, TarEntryType> = {
  '0': 'File',
  '\0': 'OldFile',
  '7': 'ContiguousFile',
  '1': 'Link',
  '2': 'SymbolicLink',
  '3': 'CharacterDevice',
  '4': 'BlockDevice',
  '5': 'Directory',
  '6': 'FIFO',
};

export interface TarHeader {
  path: string;
  type: TarEntryType;
  /** the typeflag character as written, for messages about unsupported entries */
  flag: string;
  size: number;
  linkpath: string;
}

/** Receives one entry's bytes (views into the fed chunks: copy what you keep) and its end. */
export interface TarEntrySink {
  data(chunk: Buffer): void;
  end(): void;
}

export class TarFormatError extends Error {}

/** The archive is well formed but two tar readers could read it differently: a sign of tampering. */
export class TarAmbiguityError extends TarFormatError {}

type Meta = { path?: string; linkpath?: string; size?: number };

export class TarReader {
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private remaining = 0; // data bytes of the current entry still to come
  private padding = 0; // bytes after it up to the next block
  private sink: TarEntrySink | undefined;
  private current: TarHeader | undefined;
  private meta: { kind: 'pax' | 'global' | 'longname' | 'longlink'; parts: Buffer[] } | undefined;
  private pending: Meta = {};
  private pendingFrom: Partial<Record<keyof Meta, string>> = {}; // which header gave each pending value
  private zeroBlocks = 0;
  private finished = false;

  /** `onEntry` sees each entry's header and returns where its bytes go (or nothing, to skip them). */
  constructor(private readonly onEntry: (header: TarHeader) => TarEntrySink | undefined) {}

  /** True once the end-of-archive marker (two zero blocks) has been read; only zero bytes may follow. */
  get ended(): boolean {
    return this.finished;
  }

  write(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.finished) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.passData(chunk.subarray(offset, offset + take));
        offset += take;
        this.remaining -= take;
        if (this.remaining === 0) this.endEntry();
        continue;
      }
      if (this.padding > 0) {
        const skip = Math.min(this.padding, chunk.length - offset);
        offset += skip;
        this.padding -= skip;
        continue;
      }
      // a header: read straight from the chunk when it holds the whole block
      if (this.headerFill === 0 && chunk.length - offset >= BLOCK) {
        this.readHeader(chunk, offset);
        offset += BLOCK;
        continue;
      }
      const take = Math.min(BLOCK - this.headerFill, chunk.length - offset);
      chunk.copy(this.header, this.headerFill, offset, offset + take);
      this.headerFill += take;
      offset += take;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.readHeader(this.header, 0);
      }
    }
    if (this.finished) refuseDataAfterEnd(chunk, offset);
  }

  /** The input is over: throws unless it stopped at an entry boundary. */
  end(): void {
    if (this.finished) return;
    if (this.remaining > 0 || this.headerFill > 0 || this.meta || this.hasPending()) {
      const where = this.current ? ` inside ${JSON.stringify(this.current.path)}` : '';
      throw new TarFormatError(`the archive ends in the middle of an entry${where}`);
    }
    // no end-of-archive marker: as tar does, a stream that stops between entries is read as whole
    this.finished = true;
  }

  private merge(meta: Meta, source: string): void {
    mergeMeta(this.pending, this.pendingFrom, meta, source);
  }

  private hasPending(): boolean {
    return this.pending.path !== undefined || this.pending.linkpath !== undefined || this.pending.size !== undefined;
  }

  private readHeader(block: Buffer, at: number): void {
    if (isZero(block, at)) {
      if (this.meta || this.hasPending()) throw new TarFormatError('metadata (a pax or long-name header) is followed by the end of the archive');
      this.zeroBlocks += 1;
      if (this.zeroBlocks === 2) this.finished = true;
      return;
    }
    if (this.zeroBlocks > 0) throw new TarFormatError('an entry follows a zero block: the archive is damaged or has been appended to');
    checkChecksum(block, at);
    const flag = String.fromCharCode(block[at + 156]!);
    const size = this.pending.size ?? parseNumber(block, at + 124, 12, 'size');
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      // whether a pending pax size applies to this header or the entry after it is up to the reader
      if (this.pending.size !== undefined) throw new TarAmbiguityError('a metadata header follows a pax header that sets a size');
      if (size > MAX_META_BYTES) throw new TarFormatError(`a ${size}-byte metadata entry: more than any archive writer produces`);
      const kind = flag === 'x' ? 'pax' : flag === 'g' ? 'global' : flag === 'L' ? 'longname' : 'longlink';
      this.meta = { kind, parts: [] };
      this.current = undefined;
      this.startData(size);
      return;
    }
    const ustar = block[at + 257] === 0x75 && block[at + 262] === 0 && block.toString('latin1', at + 257, at + 262) === 'ustar';
    const name = cString(block, at, 100);
    const prefix = ustar ? cString(block, at + 345, 155) : '';
    const header: TarHeader = {
      path: this.pending.path ?? (prefix ? `${prefix}/${name}` : name),
      type: TYPES[flag] ?? 'Unsupported',
      flag,
      size,
      linkpath: this.pending.linkpath ?? cString(block, at + 157, 100),
    };
    this.pending = {};
    this.pendingFrom = {};
    // Readers disagree on whether a link, directory, device or unknown entry's size is followed by
    // data; whichever this reader chose, another could find entries in those bytes that it never saw.
    if (size > 0 && header.type !== 'File' && header.type !== 'OldFile' && header.type !== 'ContiguousFile')
      throw new TarFormatError(
        `${JSON.stringify(header.path)} is a ${header.type === 'Unsupported' ? `type ${JSON.stringify(flag)}` : header.type} entry with ${size} bytes of data`,
      );
    this.current = header;
    this.sink = this.onEntry(header);
    this.startData(header.size);
  }

  private startData(size: number): void {
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.endEntry();
  }

  private passData(data: Buffer): void {
    if (this.meta) {
      this.meta.parts.push(Buffer.from(data)); // a copy: the chunk is the caller's
    } else {
      this.sink?.data(data);
    }
  }

  private endEntry(): void {
    if (this.meta) {
      const { kind, parts } = this.meta;
      this.meta = undefined;
      const body = Buffer.concat(parts);
      if (kind === 'pax') this.merge(parsePax(body), 'a pax header');
      else if (kind === 'global') refuseGlobalNames(parsePax(body));
      else if (kind === 'longname') this.merge({ path: cString(body, 0, body.length) }, 'a GNU long name');
      else this.merge({ linkpath: cString(body, 0, body.length) }, 'a GNU long link');
      return;
    }
    const sink = this.sink;
    this.sink = undefined;
    this.current = undefined;
    sink?.end();
  }
}

const META_WHAT: Record<keyof Meta, string> = { path: 'name', linkpath: 'link target', size: 'size' };

/**
 * Readers disagree on which of two names for one entry wins (GNU tar takes the pax path in either
 * order, others the last one read), so an entry whose name, link target or size is given twice is
 * refused rather than read one way: with two entries cross-named so, `tar -x` would swap their bytes.
 */
function mergeMeta(pending: Meta, from: Partial<Record<keyof Meta, string>>, meta: Meta, source: string): void {
  for (const key of ['path', 'linkpath', 'size'] as const) {
    const value = meta[key];
    if (value === undefined) continue;
    if (pending[key] !== undefined)
      throw new TarAmbiguityError(
        `an entry's ${META_WHAT[key]} is given twice, by ${from[key]} (${JSON.stringify(pending[key])}) and by ${source} (${JSON.stringify(value)}): tar readers disagree on which wins`,
      );
    Object.assign(pending, { [key]: value });
    from[key] = source;
  }
}

/** `tar -i` reads past the end-of-archive marker, so anything there but padding is refused. */
function refuseDataAfterEnd(chunk: Buffer, from: number): void {
  for (let i = from; i < chunk.length; i += 1) {
    if (chunk[i] !== 0)
      throw new TarAmbiguityError('data follows the end-of-archive marker: `tar -i` would read it as more entries; the archive has been appended to');
  }
}

function isZero(block: Buffer, at: number): boolean {
  for (let i = at; i < at + BLOCK; i += 1) if (block[i] !== 0) return false;
  return true;
}

/** The bytes up to the first NUL, as UTF-8 (what node-tar and GNU tar in a UTF-8 locale read). */
function cString(buffer: Buffer, start: number, length: number): string {
  let end = start;
  let ascii = true;
  for (const limit = start + length; end < limit; end += 1) {
    const byte = buffer[end]!;
    if (byte === 0) break;
    if (byte > 0x7f) ascii = false;
  }
  // plain ASCII (nearly every name) decodes the same either way, and latin1 needs no validation
  return buffer.toString(ascii ? 'latin1' : 'utf8', start, end);
}

/** An octal field (NUL- or space-terminated), or GNU's base-256 for large values. */
function parseNumber(block: Buffer, start: number, length: number, what: string): number {
  const first = block[start]!;
  if (first & 0x80) {
    if (first === 0xff) throw new TarFormatError(`the ${what} field is negative`);
    let value = first & 0x7f;
    for (let i = start + 1; i < start + length; i += 1) value = value * 256 + block[i]!;
    if (!Number.isSafeInteger(value)) throw new TarFormatError(`the ${what} field is too large`);
    return value;
  }
  // octal digits, optionally led by spaces and ended by NULs or spaces, nothing else
  const end = start + length;
  let i = start;
  while (i < end && block[i] === 0x20) i += 1;
  let value = 0;
  for (; i < end && block[i]! >= 0x30 && block[i]! <= 0x37; i += 1) value = value * 8 + (block[i]! - 0x30);
  for (; i < end; i += 1) {
    if (block[i] !== 0 && block[i] !== 0x20) {
      throw new TarFormatError(`the ${what} field ${JSON.stringify(block.toString('latin1', start, end).replace(/\0+$/, ''))} is not an octal number`);
    }
  }
  return value;
}

function checkChecksum(block: Buffer, at: number): void {
  const recorded = parseNumber(block, at + 148, 8, 'checksum');
  let unsigned = 0;
  for (let i = at; i < at + BLOCK; i += 1) unsigned += block[i]!;
  let field = 0;
  for (let i = at + 148; i < at + 156; i += 1) field += block[i]!;
  unsigned += 8 * 0x20 - field; // the checksum field itself counts as eight spaces
  if (recorded === unsigned) return;
  // some old writers summed the bytes as signed chars
  let high = 0;
  for (let i = at; i < at + BLOCK; i += 1) if (block[i]! > 127 && (i < at + 148 || i >= at + 156)) high += 1;
  if (recorded !== unsigned - 256 * high) throw new TarFormatError('a header fails its checksum');
}

/** pax records: "LEN key=value\n", LEN counting the whole record. */
function parsePax(body: Buffer): Meta {
  const meta: Meta = {};
  let offset = 0;
  while (offset < body.length) {
    if (body[offset] === 0) break; // NUL padding after the last record
    const space = body.indexOf(0x20, offset);
    const lengthText = space === -1 ? '' : body.toString('latin1', offset, space);
    const length = /^[1-9][0-9]{0,7}$/.test(lengthText) ? Number(lengthText) : NaN;
    if (!Number.isFinite(length) || offset + length > body.length || body[offset + length - 1] !== 0x0a)
      throw new TarFormatError('a pax header record is malformed');
    const record = body.toString('utf8', space + 1, offset + length - 1);
    const equals = record.indexOf('=');
    if (equals <= 0) throw new TarFormatError('a pax header record has no key');
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if ((key === 'path' || key === 'linkpath' || key === 'size') && meta[key] !== undefined)
      throw new TarAmbiguityError(`a pax header gives ${key} twice: readers disagree on which one counts`);
    if (key === 'path') meta.path = value;
    else if (key === 'linkpath') meta.linkpath = value;
    else if (key === 'size') {
      if (!/^[0-9]{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) throw new TarFormatError(`a pax size ${JSON.stringify(value)} is not a size`);
      meta.size = Number(value);
    } else if (key.startsWith('GNU.sparse.')) throw new TarFormatError('a sparse file (GNU.sparse pax records): not something a bundle holds');
    offset += length;
  }
  return meta;
}

/** A global pax header naming paths or sizes would rename every later entry for some readers. */
function refuseGlobalNames(meta: Meta): void {
  if (meta.path !== undefined || meta.linkpath !== undefined || meta.size !== undefined)
    throw new TarFormatError('a global pax header sets a path, link or size for every later entry');
}
