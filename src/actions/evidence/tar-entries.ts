import { once } from 'node:events';
import { Parser, type ReadEntry } from 'tar';

/**
 * The entries of a tar stream, one at a time, as the bytes arrive. The consumer must read each
 * entry to its end (or resume() it) before asking for the next: the parser holds the source until
 * then, so memory stays at one chunk whatever the archive's size. Breaking out early stops reading
 * (the caller destroys the source).
 */
export async function* tarEntries(source: AsyncIterable<Buffer>): AsyncGenerator<ReadEntry> {
  const parser = new Parser();
  const pending: ReadEntry[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  parser.on('entry', (entry: ReadEntry) => {
    pending.push(entry);
    signal();
  });
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', (error: unknown) => {
    failure ??= error;
    signal();
  });
  const feeding = (async () => {
    for await (const chunk of source) if (!parser.write(chunk)) await once(parser, 'drain');
    parser.end();
  })().catch((error: unknown) => {
    failure ??= error;
    signal();
  });
  try {
    for (;;) {
      if (pending.length > 0) yield pending.shift()!;
      else if (failure !== undefined) throw failure;
      else if (ended) break;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
    await feeding;
    if (failure !== undefined) throw failure;
  } finally {
    parser.removeAllListeners('entry');
  }
}
