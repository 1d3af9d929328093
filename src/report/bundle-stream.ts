import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { UsageError } from '../errors.js';
import { isSafeBundlePath, MANIFEST_PATH, validateManifest, type BundleManifest } from './bundle-layout.js';
import type { BundleProblem } from './bundle-problems.js';

// Read a bundle once, as a stream: the manifest (which the writer puts first) says what may
// follow; each entry is hashed as it passes and checked against it. Nothing is written to disk
// unless an extraction directory is given. Memory stays bounded: entry bytes are hashed and handed
// to a consumer (the ledger goes line by line into SQLite), never collected. The gunzipped bytes
// may not exceed what the manifest declares (plus tar headers), so a decompression bomb stops
// there, whatever the entries claim.

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
  extractDir?: string; // also write each listed file here (must be absent or empty)
}

export interface StreamedBundle {
  manifest: BundleManifest | undefined;
  files: Map<string, HashedFile>; // every listed entry that passed, as hashed
  problems: BundleProblem[];
  bytes: number; // uncompressed tar bytes read
}

/** The manifest of a 100k-file bundle is ~15 MB; anything far beyond is not one irctl wrote. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile']);

/** Tar bytes the declared files may take: per file a header, a pax header and 512-byte padding. */
export function declaredBudget(manifest: BundleManifest, manifestSize: number): number {
  const entry = (size: number) => 3 * 512 + Math.ceil(size / 512) * 512;
  return manifest.files.reduce((sum, file) => sum + entry(file.size), entry(manifestSize)) + 64 * 1024;
}

class Stop extends Error {}

export async function streamBundle(bundleFile: string, options: StreamOptions = {}): Promise<StreamedBundle> {
  await assertGzip(bundleFile);
  if (options.extractDir) prepareExtractDir(options.extractDir);
  const problems: BundleProblem[] = [];
  const files = new Map<string, HashedFile>();
  const seen = new Set<string>();
  let manifest: BundleManifest | undefined;
  let budget = MAX_MANIFEST_BYTES + 4096;
  let bytes = 0;
  let first = true;
  const control = { abort: () => {} };
  const openFds = new Set<number>();
  const stop = (problem: BundleProblem) => {
    problems.push(problem);
    control.abort();
    for (const fd of openFds) closeSync(fd);
    openFds.clear();
  };

  const onEntry = (entry: ReadEntry) => {
    const path = entry.path;
    const skip = (problem?: BundleProblem) => {
      if (problem) problems.push(problem);
      entry.resume();
    };
    const isFirst = first;
    first = false;
    if (isFirst) {
      if (path !== MANIFEST_PATH || !REGULAR.has(entry.type) || (entry.size ?? 0) > MAX_MANIFEST_BYTES) {
        stop({
          kind: 'manifest',
          path: MANIFEST_PATH,
          message: `the first entry is ${JSON.stringify(path)}, not ${MANIFEST_PATH}: a bundle starts with its manifest, which says what may follow; nothing else was read`,
        });
        return skip();
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        const text = Buffer.concat(chunks);
        manifest = parseManifest(text.toString('utf8'), problems);
        if (!manifest)
          return stop({ kind: 'manifest', path: MANIFEST_PATH, message: 'the manifest cannot be read, so nothing in the bundle can be checked; stopped' });
        budget = declaredBudget(manifest, text.length);
      });
      return;
    }
    if (!manifest) return skip();
    if (entry.type === 'Directory') {
      const name = path.replace(/\/+$/, '');
      return isSafeBundlePath(name)
        ? skip()
        : skip({ kind: 'unsafe-path', path, message: `directory entry ${JSON.stringify(path)} is not a plain relative path` });
    }
    if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
      const what = entry.type === 'SymbolicLink' ? 'a symbolic link' : 'a hard link';
      return skip({
        kind: 'link',
        path,
        message: `${JSON.stringify(path)} is ${what} to ${JSON.stringify(entry.linkpath ?? '')}: a bundle holds regular files only`,
      });
    }
    if (!REGULAR.has(entry.type))
      return skip({ kind: 'special-file', path, message: `${JSON.stringify(path)} is a ${entry.type} entry: a bundle holds regular files only` });
    if (!isSafeBundlePath(path))
      return skip({ kind: 'unsafe-path', path, message: `${JSON.stringify(path)} is not a plain relative path (absolute, "..", or unexpected characters)` });
    if (seen.has(path) || path === MANIFEST_PATH)
      return skip({ kind: 'duplicate', path, message: `${path} appears more than once in the archive; only the first copy was checked` });
    seen.add(path);
    const listed = expected(manifest).get(path);
    if (!listed) return skip({ kind: 'added', path, message: `${path} is in the bundle but not in the manifest` });
    if (entry.size !== listed.size) {
      return skip({ kind: 'mismatch', path, message: `${path} is ${entry.size} bytes in the archive, the manifest says ${listed.size}` });
    }
    const hash: Hash = createHash('sha256');
    const consumer = options.consumerFor?.(path, manifest);
    const fd = options.extractDir ? openExtractTarget(options.extractDir, path) : undefined;
    if (fd !== undefined) openFds.add(fd);
    let size = 0;
    entry.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      consumer?.data(chunk);
      if (fd !== undefined) writeSync(fd, chunk);
    });
    entry.on('end', () => {
      if (fd !== undefined && openFds.delete(fd)) closeSync(fd);
      consumer?.end();
      const sha256 = hash.digest('hex');
      files.set(path, { size, sha256 });
      if (sha256 !== listed.sha256) problems.push({ kind: 'mismatch', path, message: `${path} has SHA-256 ${sha256}, the manifest says ${listed.sha256}` });
    });
  };

  const stopped = await readArchive(bundleFile, onEntry, control, (count) => {
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
  });
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

const expectedByManifest = new WeakMap<BundleManifest, Map<string, BundleManifest['files'][number]>>();
function expected(manifest: BundleManifest): Map<string, BundleManifest['files'][number]> {
  let map = expectedByManifest.get(manifest);
  if (!map) {
    map = new Map();
    for (const file of manifest.files) {
      if (!map.has(file.path)) map.set(file.path, file);
    }
    expectedByManifest.set(manifest, map);
  }
  return map;
}

function parseManifest(text: string, problems: BundleProblem[]): BundleManifest | undefined {
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
  const paths = new Set<string>();
  for (const file of parsed.manifest.files) {
    if (paths.has(file.path)) problems.push({ kind: 'duplicate', path: file.path, message: `${file.path} is listed twice in the manifest` });
    paths.add(file.path);
  }
  return parsed.manifest;
}

/**
 * Pipe file → gunzip → byte counter → tar parser. `onBytes` sees every gunzipped chunk before the
 * parser does; `control.abort()` stops reading (resolves true: stopped early). A damaged stream is a UsageError.
 */
function readArchive(
  bundleFile: string,
  onEntry: (entry: ReadEntry) => void,
  control: { abort: () => void },
  onBytes: (count: number) => void,
): Promise<boolean> {
  return new Promise<boolean>((resolveDone, reject) => {
    let settled = false;
    const finish = (stopped: boolean) => {
      if (settled) return;
      settled = true;
      resolveDone(stopped);
    };
    const fail = (why: string) => (error: Error) => {
      if (settled || error instanceof Stop) return;
      settled = true;
      input.destroy();
      reject(
        new UsageError(`${bundleFile} is not a readable bundle: ${why}: ${error.message}`, {
          hint: 'the file is truncated or corrupt; copy it again from its source and compare its SHA-256 with the transferred record',
        }),
      );
    };
    const parser = new Parser({ strict: true, onReadEntry: onEntry });
    const gunzip = createGunzip();
    const input = createReadStream(bundleFile, { highWaterMark: 1 << 20 });
    control.abort = () => {
      input.destroy();
      gunzip.destroy();
      counter.destroy();
      finish(true);
    };
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        onBytes(chunk.length);
        if (settled) return done();
        done(null, chunk);
      },
    });
    parser.on('error', fail('the tar stream is damaged'));
    parser.on('end', () => finish(false));
    gunzip.on('error', fail('the gzip stream is damaged'));
    input.on('error', fail('it cannot be read'));
    input.pipe(gunzip).pipe(counter).pipe(parser);
  });
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

function prepareExtractDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (readdirSync(dir).length > 0)
    throw new UsageError(`--extract directory ${dir} is not empty`, { hint: 'give a new or empty directory: nothing is ever overwritten' });
}

/** Open dir/path for writing, never replacing anything; the path was checked by isSafeBundlePath. */
function openExtractTarget(dir: string, path: string): number {
  const segments = path.split('/');
  mkdirSync(join(dir, ...segments.slice(0, -1)), { recursive: true, mode: 0o700 });
  return openSync(join(dir, ...segments), 'wx', 0o600);
}
