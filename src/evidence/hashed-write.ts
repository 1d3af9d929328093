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
  /** The new file's mode (default 0600). Evidence is created read-only: the open descriptor still writes. */
  mode?: number;
}

/** A long stream is flushed to disk behind the writes every this many bytes, so the closing fsync
 *  waits for the last stretch only (~200 ms less for a 256 MiB export here). A failed flush fails
 *  the write, as a failed closing fsync does. */
const FLUSH_EVERY = 16 * 1024 * 1024;

/**
 * Stream `source` into a new file at `filePath` (which must not exist) and hash the very bytes
 * that are written, in the same pass: source → hash transform → file. Nothing is held whole in
 * memory. The file is fsynced before this resolves, so a returned hash describes durable bytes.
 */
export async function writeHashed(source: CaptureSource, filePath: string, options: HashedWriteOptions = {}): Promise<HashedFile> {
  if (source instanceof Uint8Array) return writeWhole(source, filePath, options);
  // Opened before streaming starts, so a failure can never race the file's creation; the write
  // stream closes it when the pipeline ends either way.
  const writeHandle = await open(filePath, 'wx', options.mode ?? 0o600);
  // fsync through a second descriptor: it flushes the file's pages whichever descriptor wrote them,
  // and it outlives the write stream's
  const syncHandle = options.sync === false ? undefined : await open(filePath, 'r').catch(async (error: unknown) => {
    await writeHandle.close();
    throw error;
  });
  const hash = createHash('sha256');
  let size = 0;
  let flushedAt = 0;
  let flushing: Promise<void> | undefined;
  // Linux reports a failed writeback once per descriptor: the flush that sees it must keep it
  let flushFailure: Error | undefined;
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      options.onBytes?.(size);
      if (syncHandle && !flushing && size - flushedAt >= FLUSH_EVERY) {
        flushedAt = size;
        flushing = syncHandle.datasync().then(
          () => (flushing = undefined),
          (error: Error) => {
            flushFailure ??= error;
            flushing = undefined;
          },
        );
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, hasher, writeHandle.createWriteStream({ highWaterMark: 256 * 1024 }), { signal: options.signal });
    await flushing;
    if (flushFailure) throw flushFailure;
    await syncHandle?.sync();
  } finally {
    await flushing;
    await syncHandle?.close();
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
  const handle = await open(filePath, 'wx', options.mode ?? 0o600);
  try {
    await handle.writeFile(bytes);
    options.onBytes?.(bytes.length);
    if (options.sync !== false) await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256, size: bytes.length };
}
