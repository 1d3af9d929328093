import { createHash } from 'node:crypto';
import { createReadStream, statfsSync, type WriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { UsageError } from '../errors.js';
import { isSafeBundlePath } from './bundle-layout.js';
import type { BundleProblem } from './bundle-problems.js';

export interface ExtractedFile {
  size: number;
  sha256: string;
}

export interface Extraction {
  files: Map<string, ExtractedFile>; // bundle path → what was written under the work directory
  problems: BundleProblem[];
}

const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile']);

/**
 * Extract a bundle into `workDir` (a fresh, empty temporary directory) without trusting it: the
 * archive's names are checked, never used as given — only plain relative paths (see
 * isSafeBundlePath) are written, each with O_EXCL, under workDir. Links, devices, duplicates and
 * unsafe names are reported and skipped. Every written file is hashed in the same pass.
 * A file that is not gzip, or is truncated or corrupt, throws a UsageError (exit 2).
 */
export async function extractBundle(bundleFile: string, workDir: string, maxBytes = extractionBudget(workDir)): Promise<Extraction> {
  await assertGzip(bundleFile);
  let budget = maxBytes;
  const files = new Map<string, ExtractedFile>();
  const problems: BundleProblem[] = [];
  const seen = new Set<string>();
  const writes: Promise<void>[] = [];
  const inflight: InFlight = { stopped: false, outputs: new Set() };

  const onEntry = (entry: ReadEntry) => {
    const path = entry.path;
    const skip = (problem: BundleProblem) => {
      problems.push(problem);
      entry.resume();
    };
    if (entry.type === 'Directory') {
      const name = path.replace(/\/+$/, '');
      return isSafeBundlePath(name) ? entry.resume() : skip({ kind: 'unsafe-path', path, message: `directory entry ${JSON.stringify(path)} is not a plain relative path; not extracted` });
    }
    if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
      const what = entry.type === 'SymbolicLink' ? 'a symbolic link' : 'a hard link';
      return skip({ kind: 'link', path, message: `${JSON.stringify(path)} is ${what} to ${JSON.stringify(entry.linkpath ?? '')}: a bundle holds regular files only; not extracted` });
    }
    if (!REGULAR.has(entry.type)) {
      return skip({ kind: 'special-file', path, message: `${JSON.stringify(path)} is a ${entry.type} entry: a bundle holds regular files only; not extracted` });
    }
    if (!isSafeBundlePath(path)) {
      return skip({ kind: 'unsafe-path', path, message: `${JSON.stringify(path)} is not a plain relative path (absolute, "..", or unexpected characters); not extracted` });
    }
    if (seen.has(path)) return skip({ kind: 'duplicate', path, message: `${path} appears more than once in the archive; only the first copy was extracted` });
    // A tar entry holds exactly the size its header declares, so the budget can be checked up front.
    if ((entry.size ?? 0) > budget) {
      return skip({ kind: 'too-large', path, message: `${path} (${entry.size} bytes) would exceed the ${maxBytes} bytes allowed for extracting this bundle; not extracted (set IRCTL_BUNDLE_MAX_BYTES to allow more)` });
    }
    budget -= entry.size ?? 0;
    seen.add(path);
    writes.push(
      writeEntry(entry, workDir, path, inflight).then(
        (file) => void files.set(path, file),
        (error: Error) => void problems.push({ kind: 'unsafe-path', path, message: `${path} could not be extracted: ${error.message}` }),
      ),
    );
  };

  try {
    await readArchive(bundleFile, onEntry);
  } catch (error) {
    // a damaged stream leaves the entry being written without an end: stop those writes and wait
    // for them, so the caller can remove workDir with nothing still writing into it
    inflight.stopped = true;
    for (const out of inflight.outputs) out.destroy();
    await Promise.allSettled(writes);
    throw error;
  }
  await Promise.all(writes);
  return { files, problems };
}

/** Writes still open, so a failed read can stop them (and no new one starts after that). */
interface InFlight {
  stopped: boolean;
  outputs: Set<WriteStream>;
}

function readArchive(bundleFile: string, onEntry: (entry: ReadEntry) => void): Promise<void> {
  return new Promise<void>((resolveDone, reject) => {
    const fail = (why: string) => (error: Error) =>
      reject(new UsageError(`${bundleFile} is not a readable bundle: ${why}: ${error.message}`, { hint: 'the file is truncated or corrupt; copy it again from its source and compare its SHA-256 with the transferred record' }));
    const parser = new Parser({ strict: true, onReadEntry: onEntry });
    const gunzip = createGunzip();
    parser.on('error', fail('the tar stream is damaged'));
    parser.on('end', () => resolveDone());
    gunzip.on('error', fail('the gzip stream is damaged'));
    const input = createReadStream(bundleFile);
    input.on('error', fail('it cannot be read'));
    input.pipe(gunzip).pipe(parser);
  });
}

/** How much a bundle may unpack to: $IRCTL_BUNDLE_MAX_BYTES, else the free space of the
 *  temporary directory less 256 MiB, so a decompression bomb cannot fill the disk. */
export function extractionBudget(workDir: string, env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.IRCTL_BUNDLE_MAX_BYTES);
  if (Number.isFinite(configured) && configured > 0) return configured;
  const stats = statfsSync(workDir);
  return Math.max(0, stats.bavail * stats.bsize - 256 * 1024 * 1024);
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

/** Write one entry's bytes to workDir/path (never replacing anything), hashing as they pass. */
async function writeEntry(entry: ReadEntry, workDir: string, path: string, inflight: InFlight): Promise<ExtractedFile> {
  const target = join(workDir, ...path.split('/'));
  const hash = createHash('sha256');
  let size = 0;
  try {
    await mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
  } catch (error) {
    entry.resume();
    throw error;
  }
  const handle = await open(target, 'wx', 0o600).catch((error: Error) => {
    entry.resume();
    throw error;
  });
  if (inflight.stopped) {
    await handle.close();
    throw new Error('extraction stopped');
  }
  const out = handle.createWriteStream();
  inflight.outputs.add(out);
  out.on('close', () => inflight.outputs.delete(out));
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await new Promise<void>((resolveDone, reject) => {
    out.on('close', () => resolveDone());
    out.on('error', reject);
    hasher.on('error', reject);
    entry.pipe(hasher).pipe(out);
  });
  return { size, sha256: hash.digest('hex') };
}
