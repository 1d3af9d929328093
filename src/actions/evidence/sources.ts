import type { ProgressReporter } from '../contract.js';

/** A small document (inspect, diff, parsed sockets) as a capture source, pretty-printed: written whole, not streamed. */
export function jsonSource(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}

const PROGRESS_EVERY = 1024 * 1024;

/**
 * Pass a stream through unchanged, reporting the running byte count to the step's progress bar
 * (at most once per MiB). An async generator rather than .pipe(): a source error still reaches the
 * capture, and a failed capture still destroys the source.
 */
export async function* withProgress(
  source: AsyncIterable<Buffer | string>,
  progress: ProgressReporter,
  label: string,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  let reported = 0;
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes - reported >= PROGRESS_EVERY) {
      progress.update(bytes, undefined, label);
      reported = bytes;
    }
    yield buffer;
  }
  progress.update(bytes, undefined, label);
}
