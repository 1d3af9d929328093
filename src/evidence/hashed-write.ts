import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What a capture reads from: a Docker stream, a file, generated text, or a small document already in memory. */
export type CaptureSource = NodeJS.ReadableStream | AsyncIterable<Uint8Array | string> | Uint8Array;

export interface HashedFile {
  sha256: string;
  size: number;
}

export interface HashedWriteOptions {
  signal?: AbortSignal;
  /** Called with the running byte count after each chunk (progress, and the size of a failed capture). */
  onBytes?: (bytes: number) => void;
  /** fsync before returning (default). A batch passes false and fsyncs its files together. */
  sync?: boolean;
}

/**
 * Stream `source` into a new file at `filePath` (which must not exist) and hash the very bytes
 * that are written, in the same pass: source → hash transform → file. Nothing is held whole in
 * memory. The file is fsynced before this resolves, so a returned hash describes durable bytes.
 */
export async function writeHashed(source: CaptureSource, filePath: string, options: HashedWriteOptions = {}): Promise<HashedFile> {
  if (source instanceof Uint8Array) return writeWhole(source, filePath, options);
  const hash = createHash('sha256');
  let size = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      options.onBytes?.(size);
      done(null, chunk);
    },
  });
  // Opened before streaming starts, so a failure can never race the file's creation; the write
  // stream closes it when the pipeline ends either way.
  const writeHandle = await open(filePath, 'wx', 0o600);
  await pipeline(source, hasher, writeHandle.createWriteStream({ highWaterMark: 256 * 1024 }), { signal: options.signal });
  if (options.sync === false) return { sha256: hash.digest('hex'), size };
  // fsync through a fresh descriptor: it flushes the file's pages whichever descriptor wrote them.
  const syncHandle = await open(filePath, 'r');
  try {
    await syncHandle.sync();
  } finally {
    await syncHandle.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * A document already in memory (inspect, a process list): hashed in one call and written with one
 * write on the descriptor that is then fsynced — no stream, no second open. The volatile captures
 * in front of isolate are such documents, so this is on the way to containment.
 */
async function writeWhole(bytes: Uint8Array, filePath: string, options: HashedWriteOptions): Promise<HashedFile> {
  options.signal?.throwIfAborted();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const handle = await open(filePath, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    options.onBytes?.(bytes.length);
    if (options.sync !== false) await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256, size: bytes.length };
}
