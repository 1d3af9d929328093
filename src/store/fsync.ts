import { open } from 'node:fs/promises';
import { GroupFlush } from '../locks.js';

/** One sync per path at a time; callers that ask while one runs share the next. */
const syncs = new GroupFlush<undefined>(async (path) => {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
});

/**
 * fsync a file or a directory (a rename is only durable once its directory is synced), off the event
 * loop. Callers that ask while a sync of the same path runs share the next one: it starts after their
 * own change, so it covers it (the captures side by side in front of isolate sync one folder; the
 * commits of concurrent incidents sync one WAL).
 */
export function fsyncPath(path: string): Promise<void> {
  return syncs.run(path, undefined);
}
