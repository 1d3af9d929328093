import { createHash, hash as hashOnce, type Hash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statfsSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { createInflateRaw } from 'node:zlib';
import { UsageError } from '../errors.js';
import { isSafeBundlePath, MANIFEST_PATH, validateManifest, type BundleManifest } from './bundle-layout.js';
import type { BundleProblem } from './bundle-problems.js';
import { TarAmbiguityError, TarFormatError, TarReader, type TarEntrySink, type TarHeader } from './tar-reader.js';

// Read a bundle once, as a stream: the manifest (which the writer puts first) says what may
// follow; each entry is hashed as it passes and checked against it. Nothing is written to disk
// unless an extraction directory is given. Memory stays bounded: entry bytes are hashed and handed
// to a consumer (the ledger goes line by line into SQLite), never collected. The gunzipped bytes
// may not exceed what the manifest declares (plus tar headers), so a decompression bomb stops
// there, whatever the entries claim. Before any data, the declared total must be under a cap
// (--max-bytes) and, when extracting, fit in the free space of the target's filesystem.

export interface HashedFile {
  size: number;
  sha256: string;
}

/** Receives one entry's bytes as they pass; `end` once they have all passed. */
export interface EntryConsumer {
  data(chunk: Buffer): void;
  end(): void;
}

export interface StreamOptions {
  consumerFor?: (path: string, manifest: BundleManifest) => EntryConsumer | undefined;
  extractDir?: string; // also write each listed file here: an empty staging directory (see prepareExtraction)
  maxBytes?: number; // refuse, before reading any data, a manifest declaring more (default DEFAULT_MAX_BYTES)
}

export interface StreamedBundle {
  manifest: BundleManifest | undefined;
  files: Map<string, HashedFile>; // every listed entry that passed, as hashed
  problems: BundleProblem[];
  bytes: number; // uncompressed tar bytes read
}

/** Bundles larger than this are refused unless --max-bytes allows them: far beyond any incident's evidence. */
export const DEFAULT_MAX_BYTES = 64 * 1024 ** 3;

/** The manifest of a 100k-file bundle is ~15 MB; anything far beyond is not one irctl wrote. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
const REGULAR = new Set<TarHeader['type']>(['File', 'OldFile', 'ContiguousFile']);

/** Tar bytes the declared files may take: per file a header, a pax header and 512-byte padding. */
export function declaredBudget(manifest: BundleManifest, manifestSize: number): number {
  const entry = (size: number) => 3 * 512 + Math.ceil(size / 512) * 512;
  return manifest.files.reduce((sum, file) => sum + entry(file.size), entry(manifestSize)) + 64 * 1024;
}

export async function streamBundle(bundleFile: string, options: StreamOptions = {}): Promise<StreamedBundle> {
  await assertGzip(bundleFile);
  const problems: BundleProblem[] = [];
  const files = new Map<string, HashedFile>();
  const seen = new Set<string>();
  let manifest: BundleManifest | undefined;
  let listedFiles = new Map<string, ListedFile>();
  let budget = MAX_MANIFEST_BYTES + 4096;
  let bytes = 0;
  let first = true;
  let stopped = false;
  const openFds = new Set<number>();
  const results = { files, problems, openFds };
  const stop = (problem: BundleProblem) => {
    problems.push(problem);
    stopped = true;
    closeOpenFiles();
  };

  const onEntry = (entry: TarHeader): TarEntrySink | undefined => {
    const path = entry.path;
    if (first) {
      first = false;
      if (path !== MANIFEST_PATH || !REGULAR.has(entry.type) || entry.size > MAX_MANIFEST_BYTES) {
        stop({
          kind: 'manifest',
          path: MANIFEST_PATH,
          message: `the first entry is ${JSON.stringify(path)}, not ${MANIFEST_PATH}: a bundle starts with its manifest, which says what may follow; nothing else was read`,
        });
        return undefined;
      }
      const chunks: Buffer[] = [];
      return {
        data: (chunk) => chunks.push(Buffer.from(chunk)),
        end: () => {
          const text = Buffer.concat(chunks);
          const read = parseManifest(text.toString('utf8'), problems);
          if (!read)
            return stop({ kind: 'manifest', path: MANIFEST_PATH, message: 'the manifest cannot be read, so nothing in the bundle can be checked; stopped' });
          ({ manifest, byPath: listedFiles } = read);
          budget = declaredBudget(manifest, text.length);
          checkDeclaredSize(manifest, options);
        },
      };
    }
    if (!manifest) return undefined;
    const skip = (problem: BundleProblem) => void problems.push(problem);
    if (entry.type === 'Directory') {
      const name = path.replace(/\/+$/, '');
      if (!isSafeBundlePath(name)) skip({ kind: 'unsafe-path', path, message: `directory entry ${JSON.stringify(path)} is not a plain relative path` });
      return undefined;
    }
    if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
      const what = entry.type === 'SymbolicLink' ? 'a symbolic link' : 'a hard link';
      return skip({
        kind: 'link',
        path,
        message: `${JSON.stringify(path)} is ${what} to ${JSON.stringify(entry.linkpath)}: a bundle holds regular files only`,
      });
    }
    if (!REGULAR.has(entry.type)) {
      const type = entry.type === 'Unsupported' ? `type ${JSON.stringify(entry.flag)}` : entry.type;
      return skip({ kind: 'special-file', path, message: `${JSON.stringify(path)} is a ${type} entry: a bundle holds regular files only` });
    }
    // a listed path is a safe one: the manifest's paths were all checked when it was read
    const listed = path === MANIFEST_PATH ? undefined : listedFiles.get(path);
    if (!listed && !isSafeBundlePath(path))
      return skip({ kind: 'unsafe-path', path, message: `${JSON.stringify(path)} is not a plain relative path (absolute, "..", or unexpected characters)` });
    if (seen.has(path) || path === MANIFEST_PATH)
      return skip({ kind: 'duplicate', path, message: `${path} appears more than once in the archive; only the first copy was checked` });
    seen.add(path);
    if (!listed) return skip({ kind: 'added', path, message: `${path} is in the bundle but not in the manifest` });
    if (entry.size !== listed.size) {
      return skip({ kind: 'mismatch', path, message: `${path} is ${entry.size} bytes in the archive, the manifest says ${listed.size}` });
    }
    let fd: number | undefined;
    if (options.extractDir) {
      const opened = openExtractTarget(options.extractDir, path);
      if (typeof opened === 'string') return skip({ kind: 'extract-collision', path, message: opened });
      openFds.add((fd = opened));
    }
    const consumer = options.consumerFor?.(path, manifest);
    return new EntryCheck(path, listed, consumer, fd, results);
  };

  const closeOpenFiles = () => {
    for (const fd of openFds) closeSync(fd);
    openFds.clear();
  };
  try {
    await readArchive(
      bundleFile,
      new TarReader(onEntry),
      () => stopped,
      (message) => stop({ kind: 'ambiguous', path: null, message: `${message}: stopped reading there` }),
      (count) => {
        bytes += count;
        if (bytes > budget) {
          stop({
            kind: 'too-large',
            path: null,
            message: manifest
              ? `the archive unpacks past the ${budget} bytes its manifest declares (its files plus tar headers): stopped reading there (a decompression bomb, or data the manifest does not list)`
              : `the manifest entry runs past ${MAX_MANIFEST_BYTES} bytes: stopped reading`,
          });
        }
      },
    );
  } finally {
    closeOpenFiles(); // left open when reading failed part way
  }
  if (!stopped && manifest) {
    for (const file of manifest.files) {
      if (!seen.has(file.path))
        problems.push({ kind: 'missing', path: file.path, message: `${file.path} is listed in the manifest but missing from the bundle` });
    }
  }
  if (!stopped && !manifest && problems.length === 0)
    problems.push({ kind: 'missing', path: MANIFEST_PATH, message: 'manifest.json is missing: nothing says what the bundle should hold' });
  return { manifest, files, problems, bytes };
}

type ListedFile = BundleManifest['files'][number];

/** One listed entry on its way through: hashed as it passes, handed on, checked at its end. */
class EntryCheck implements TarEntrySink {
  private hash: Hash | undefined;
  private whole: string | undefined; // a small entry arrives in one piece and is hashed in one call

  constructor(
    private readonly path: string,
    private readonly listed: ListedFile,
    private readonly consumer: EntryConsumer | undefined,
    private readonly fd: number | undefined,
    private readonly into: { files: Map<string, HashedFile>; problems: BundleProblem[]; openFds: Set<number> },
  ) {}

  data(chunk: Buffer): void {
    if (!this.hash && this.whole === undefined && chunk.length === this.listed.size) this.whole = hashOnce('sha256', chunk);
    else (this.hash ??= createHash('sha256')).update(chunk);
    this.consumer?.data(chunk);
    if (this.fd !== undefined) writeExtracted(this.fd, chunk, this.path);
  }

  end(): void {
    if (this.fd !== undefined && this.into.openFds.delete(this.fd)) closeSync(this.fd);
    this.consumer?.end();
    const sha256 = this.whole ?? (this.hash ?? createHash('sha256')).digest('hex');
    this.into.files.set(this.path, { size: this.listed.size, sha256 });
    if (sha256 !== this.listed.sha256)
      this.into.problems.push({ kind: 'mismatch', path: this.path, message: `${this.path} has SHA-256 ${sha256}, the manifest says ${this.listed.sha256}` });
  }
}

/** The manifest, and its files by path (the first listing of each; a second one is a problem). */
function parseManifest(text: string, problems: BundleProblem[]): { manifest: BundleManifest; byPath: Map<string, ListedFile> } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    problems.push({ kind: 'manifest', path: MANIFEST_PATH, message: `manifest.json is not JSON: ${(error as Error).message}` });
    return undefined;
  }
  const parsed = validateManifest(raw);
  if ('issue' in parsed) {
    problems.push({ kind: 'manifest', path: MANIFEST_PATH, message: `manifest.json is malformed: ${parsed.issue}` });
    return undefined;
  }
  const byPath = new Map<string, ListedFile>();
  for (const file of parsed.manifest.files) {
    if (byPath.has(file.path)) problems.push({ kind: 'duplicate', path: file.path, message: `${file.path} is listed twice in the manifest` });
    else byPath.set(file.path, file);
  }
  problems.push(...fileDirectoryClashes(byPath));
  return { manifest: parsed.manifest, byPath };
}

/** A name listed as a file and also as a directory of another file: no extraction can hold both. */
function fileDirectoryClashes(byPath: Map<string, ListedFile>): BundleProblem[] {
  const clashes: BundleProblem[] = [];
  for (const path of byPath.keys()) {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const dir = path.slice(0, slash);
      if (byPath.has(dir))
        clashes.push({ kind: 'manifest', path: dir, message: `${dir} is listed as a file and as the directory of ${path}: no extraction can hold both` });
    }
  }
  return clashes;
}

/** Refuse, before any data is read, a bundle declaring more than allowed or than the target can hold. */
function checkDeclaredSize(manifest: BundleManifest, options: StreamOptions): void {
  const declared = manifest.files.reduce((sum, file) => sum + file.size, 0);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (declared > maxBytes)
    throw new UsageError(`the bundle's manifest declares ${declared} bytes of files, more than --max-bytes ${maxBytes}: refused before reading them`, {
      hint: 'if a bundle this large is expected, pass a larger --max-bytes; a small .tar.gz declaring this much is likely a decompression bomb',
    });
  if (!options.extractDir) return;
  const fs = statfsSync(options.extractDir);
  const free = fs.bavail * fs.bsize;
  if (declared > free)
    throw new UsageError(`the bundle's manifest declares ${declared} bytes of files; the filesystem of the --extract directory has ${free} bytes free`, {
      hint: 'free some space or extract elsewhere (nothing was written)',
    });
}

/**
 * File → gunzip → tar reader, in large chunks. `onBytes` sees every gunzipped chunk before the
 * reader does; once `stopped()` says so, reading ends there. A damaged stream is a UsageError; one
 * that tar readers could read differently goes to `ambiguous` (a refused bundle, not a damaged one).
 * Exactly one gzip member is read: gunzip (and so `tar -z`) would unpack a second member appended
 * after the first as more of the archive, so anything after the first member's trailer is refused.
 */
async function readArchive(
  bundleFile: string,
  reader: TarReader,
  stopped: () => boolean,
  ambiguous: (message: string) => void,
  onBytes: (count: number) => void,
): Promise<void> {
  const damaged = (why: string, error: unknown) =>
    new UsageError(`${bundleFile} is not a readable bundle: ${why}: ${(error as Error).message}`, {
      hint: 'the file is truncated or corrupt; copy it again from its source and compare its SHA-256 with the transferred record',
    });
  const { headerLength, fileSize } = await readGzipHeader(bundleFile, damaged);
  const input = createReadStream(bundleFile, { start: headerLength, highWaterMark: 1 << 20 });
  // node's gunzip reads every member in turn; a raw inflate stops at the end of the first and counts what it took
  const inflate = createInflateRaw({ chunkSize: 1 << 20 });
  let readError: unknown;
  input.on('error', (error) => {
    readError = error;
    inflate.destroy(error);
  });
  input.pipe(inflate);
  // the reader's own errors say the tar is damaged; what a consumer throws (a full disk) passes as is
  const read = (feed: () => void) => {
    try {
      feed();
    } catch (error) {
      if (error instanceof TarAmbiguityError) return ambiguous(error.message);
      throw error instanceof TarFormatError ? damaged('the tar stream is damaged', error) : error;
    }
  };
  const chunks = (inflate as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let crc = 0;
  let size = 0;
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw damaged(readError ? 'it cannot be read' : 'the gzip stream is damaged', error);
      }
      if (next.done) break;
      crc = crc32(next.value, crc);
      size += next.value.length;
      onBytes(next.value.length);
      if (stopped()) return;
      read(() => reader.write(next.value));
      if (stopped()) return;
    }
  } finally {
    input.destroy();
    inflate.destroy();
  }
  const trailerAt = headerLength + inflate.bytesWritten;
  await checkGzipTrailer(bundleFile, trailerAt, { crc, size }, (why) => damaged('the gzip stream is damaged', new Error(why)));
  const after = fileSize - (trailerAt + 8);
  if (after > 0)
    return ambiguous(
      `${after} bytes follow the end of the gzip stream: the file has been appended to (gunzip, and so tar -z, unpacks a second gzip member there as more of the archive)`,
    );
  read(() => reader.end());
}

const MAX_GZIP_HEADER = 64 * 1024;

/** The length of the gzip header (RFC 1952: fixed part, extra field, name, comment, header CRC). */
async function readGzipHeader(bundleFile: string, damaged: (why: string, error: unknown) => Error): Promise<{ headerLength: number; fileSize: number }> {
  const handle = await open(bundleFile, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const head = Buffer.alloc(Math.min(MAX_GZIP_HEADER, fileSize));
    await handle.read(head, 0, head.length, 0);
    const length = gzipHeaderLength(head);
    if (typeof length === 'string') throw damaged('the gzip header is damaged', new Error(length));
    return { headerLength: length, fileSize };
  } finally {
    await handle.close();
  }
}

function gzipHeaderLength(head: Buffer): number | string {
  if (head.length < 10) return 'it is shorter than a gzip header';
  if (head[2] !== 8) return `compression method ${head[2]} is not deflate`;
  const flags = head[3]!;
  if (flags & 0xe0) return 'reserved flags are set';
  let at = 10;
  if (flags & 0x04) at = head.length >= at + 2 ? at + 2 + head.readUInt16LE(at) : Infinity; // FEXTRA
  for (const flag of [0x08, 0x10]) {
    // FNAME, FCOMMENT: NUL-terminated
    if (!(flags & flag) || at >= head.length) continue;
    const nul = head.indexOf(0, at);
    at = nul === -1 ? Infinity : nul + 1;
  }
  if (flags & 0x02) {
    // FHCRC: the low 16 bits of the header's CRC-32
    if (at + 2 > head.length) return `it runs past ${head.length} bytes`;
    if ((crc32(head.subarray(0, at)) & 0xffff) !== head.readUInt16LE(at)) return 'the header CRC does not match';
    at += 2;
  }
  return at > head.length ? `it runs past ${head.length} bytes` : at;
}

/** The member's trailer: the CRC-32 and the length (mod 2^32) of what it unpacked to. */
async function checkGzipTrailer(bundleFile: string, at: number, unpacked: { crc: number; size: number }, damaged: (why: string) => Error): Promise<void> {
  const handle = await open(bundleFile, 'r');
  try {
    const trailer = Buffer.alloc(8);
    const { bytesRead } = await handle.read(trailer, 0, 8, at);
    if (bytesRead < 8) throw damaged('it ends inside its trailer');
    if (trailer.readUInt32LE(0) !== unpacked.crc >>> 0) throw damaged('the CRC-32 of the unpacked data does not match its trailer');
    if (trailer.readUInt32LE(4) !== unpacked.size % 2 ** 32) throw damaged('the length of the unpacked data does not match its trailer');
  } finally {
    await handle.close();
  }
}

/** zlib's CRC-32 (Node 20.15 and later), or the same computed here for older Node 20s. */
const crc32: (data: Buffer, value?: number) => number = (zlib as Partial<typeof zlib>).crc32 ?? crc32Table;

let CRC_TABLE: Uint32Array | undefined;
function crc32Table(data: Buffer, value = 0): number {
  const table = (CRC_TABLE ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  }));
  let crc = ~value >>> 0;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

async function assertGzip(bundleFile: string): Promise<void> {
  const handle = await open(bundleFile, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    if (bytesRead < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) {
      throw new UsageError(`${bundleFile} is not a gzip file, so not an irctl bundle`, { hint: 'irctl export <incident> -o FILE.tar.gz writes one' });
    }
  } finally {
    await handle.close();
  }
}

/**
 * Where --extract writes while the bundle is checked: a 0700 staging directory inside the target
 * (so on its filesystem, even when the target is a mount point), its contents moved into place
 * only once the whole verification passed, removed otherwise: a failed check leaves no file under
 * an evidence name (bundle names never start with a dot, so they cannot clash with the staging one).
 */
export interface Extraction {
  staging: string;
  commit(): void;
  discard(): void;
}

export function prepareExtraction(target: string): Extraction {
  const created = prepareTarget(target);
  const staging = mkdtempSync(join(target, '.irctl-extract-')); // 0700
  const discard = () => {
    rmSync(staging, { recursive: true, force: true });
    if (created) rmSync(target, { recursive: true, force: true });
  };
  const commit = () => {
    try {
      for (const name of readdirSync(staging)) renameSync(join(staging, name), join(target, name));
      rmdirSync(staging);
    } catch (error) {
      discard();
      throw new UsageError(`cannot move the checked files into --extract directory ${target}: ${(error as Error).message}`, {
        hint: 'nothing is left there: was the directory changed while the bundle was checked?',
      });
    }
  };
  return { staging, commit, discard };
}

/** The --extract target must be absent (it is created, 0700) or an empty directory; true if created. */
function prepareTarget(target: string): boolean {
  const existing = statSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory())
    throw new UsageError(`--extract ${target} exists and is not a directory`, { hint: 'give a new or empty directory: nothing is ever overwritten' });
  if (existing && readdirSync(target).length > 0)
    throw new UsageError(`--extract directory ${target} is not empty`, { hint: 'give a new or empty directory: nothing is ever overwritten' });
  if (existing) return false;
  try {
    mkdirSync(target, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new UsageError(`cannot create --extract directory ${target}: ${(error as Error).message}`, {
      hint: 'give a new or empty directory you can write to',
    });
  }
  return true;
}

/** File-versus-directory clashes: the bundle's fault (two names one filesystem cannot hold); the rest is the disk's. */
const CLASH_CODES = new Set(['EEXIST', 'ENOTDIR', 'EISDIR']);

/**
 * Open dir/path for writing, never replacing anything (the path was checked by isSafeBundlePath):
 * the descriptor, or why the bundle's names clash; any other failure is a UsageError.
 */
function openExtractTarget(dir: string, path: string): number | string {
  const segments = path.split('/');
  try {
    mkdirSync(join(dir, ...segments.slice(0, -1)), { recursive: true, mode: 0o700 });
    return openSync(join(dir, ...segments), 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (CLASH_CODES.has(code))
      return `${path} cannot be extracted: another file of the bundle already takes that name or one of its directories (${code}); it was not written`;
    throw extractFailed(path, error);
  }
}

function writeExtracted(fd: number, chunk: Buffer, path: string): void {
  try {
    for (let written = 0; written < chunk.length;) written += writeSync(fd, chunk, written);
  } catch (error) {
    throw extractFailed(path, error);
  }
}

const extractFailed = (path: string, error: unknown) =>
  new UsageError(`cannot write ${path} under the --extract directory: ${(error as Error).message}`, {
    hint: 'nothing was kept there; free space or extract elsewhere',
  });
