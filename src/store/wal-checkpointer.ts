import { Worker } from 'node:worker_threads';
import { WAL_CHECKPOINT_WORKER } from '../package-files.js';
import type { Db } from './db.js';

/** SQLite's own default: a checkpoint inside the commit that takes the WAL past 1,000 pages. */
const AUTO_CHECKPOINT_PAGES = 1000;

export interface WalCheckpointer {
  /** Stop checkpointing (one last checkpoint first) and hand checkpoints back to the connection. */
  close(): Promise<void>;
}

/**
 * Checkpoint the store's WAL on a worker thread, for a long-lived process whose event loop must stay
 * free (serve). SQLite checkpoints inside whichever commit takes the WAL past 1,000 pages: the copy
 * and the store file's fsync then held the event loop for tens of milliseconds, and a flood's queue
 * rows crossed that mark every few seconds, answering a real alert late. Here the connection stops
 * checkpointing (`wal_autocheckpoint = 0`) and a second connection on a worker checkpoints every
 * `everyMs` (PASSIVE: it never blocks the writer). Should the worker fail (it gives up after three
 * failed checkpoints in a row), the connection checkpoints itself again, so the WAL never grows
 * without bound; the first failure and the hand-back are reported through `onError`.
 */
export function checkpointInBackground(db: Db, options: { everyMs?: number; onError?: (message: string) => void } = {}): WalCheckpointer {
  if (db.memory || !db.open) return { close: () => Promise.resolve() };
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WAL_CHECKPOINT_WORKER, { workerData: { path: db.name, everyMs: options.everyMs ?? 500 } });
  worker.unref(); // a running checkpointer never keeps the process alive on its own
  let closed = false;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      if (!closed && code !== 0) options.onError?.(`the WAL checkpoint worker exited (code ${code}); the store checkpoints in line again`);
      resolve();
    });
  });
  worker.on('error', (error) => options.onError?.(`the WAL checkpoint worker failed: ${error.message}`));
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(`a WAL checkpoint failed: ${message.error}`);
  });
  return {
    close: () => {
      if (!closed) {
        closed = true;
        worker.ref(); // awaited: the process stays up until the last checkpoint is done
        worker.postMessage('close');
      }
      return exited;
    },
  };
}
