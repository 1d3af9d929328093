// The store's WAL checkpoints, run on a thread of their own (src/store/wal-checkpointer.ts starts
// this file): a checkpoint copies the WAL's pages into the store file and fsyncs it, which on the
// server's event loop held every alert behind it for tens of milliseconds. Plain JavaScript, so
// Node loads it the same way from src/ (tsx, vitest) and from dist/ (the build copies it).
import Database from 'better-sqlite3';
import { clearInterval, setInterval } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ path: string, everyMs: number }} */
const { path, everyMs } = workerData;
const db = new Database(path, { fileMustExist: true });
db.pragma('synchronous = FULL');

/** Checkpoints that failed in a row; after FAILURES_TO_GIVE_UP the worker exits and the connection checkpoints itself again. */
let failures = 0;
const FAILURES_TO_GIVE_UP = 3;

function checkpoint() {
  try {
    // PASSIVE: copies what no reader still needs and never waits for, nor blocks, the writer
    db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch (error) {
    failures += 1;
    if (failures === 1) parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
    // a failure that keeps coming (a full or failing disk) must not leave the WAL to grow unchecked
    if (failures >= FAILURES_TO_GIVE_UP) {
      clearInterval(timer);
      db.close();
      process.exit(1);
    }
  }
}

const timer = setInterval(checkpoint, everyMs);
parentPort?.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort?.close();
});
