import { once } from 'node:events';
import type { ReadEntry } from 'tar';

/**
 * The entries of a tar stream, one at a time, as the bytes arrive. The consumer must read each
 * entry to its end (or resume() it) before asking for the next: the parser holds the source until
 * then, so memory stays at one chunk whatever the archive's size. Breaking out early stops reading
 * (the caller destroys the source).
 */
export async function* tarEntries(source: AsyncIterable<Buffer>): AsyncGenerator<ReadEntry> {
  const { Parser } = await import('tar'); // loaded by the captures that read archives, not at start-up
  const parser = new Parser();
  const pending: ReadEntry[] = [];
  let ended = false;
  const state: { failure?: Error } = {}; // set from the parser's callbacks
  let current: ReadEntry | undefined; // the entry the consumer is reading
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  // The source broke: the entry being read will never get its remaining bytes, so fail it rather
  // than leave its reader waiting (its reader listens for errors; without a listener, emitting would throw).
  const fail = (error: unknown) => {
    state.failure ??= asError(error);
    if (current && current.listenerCount('error') > 0) current.emit('error', state.failure);
    signal();
  };
  parser.on('entry', (entry: ReadEntry) => {
    pending.push(entry);
    signal();
  });
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', fail);
  const feeding = (async () => {
    for await (const chunk of source) if (!parser.write(chunk)) await once(parser, 'drain');
    parser.end();
  })().catch(fail);
  try {
    for (;;) {
      // a broken source ends the walk: an entry parsed before the break may still lack its bytes
      if (state.failure) throw state.failure;
      if (pending.length > 0) yield (current = pending.shift()!);
      else if (ended) break;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
    await feeding; // the source may fail after the parser ended
    const late = state.failure as Error | undefined;
    if (late) throw late;
  } finally {
    parser.removeAllListeners('entry');
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
