import type { Db } from '../store/db.js';
import { MAX_TIMER_MS } from '../long-timers.js';

// What wakes a waiting run, with no polling loop in the run itself:
// - in-process changes (an HTTP approval in `serve`, an abort, a human taking over) call
//   `signalChange`, which wakes the incident's waiters at once;
// - the next deadline: one timer per store, set to the earliest open row in `deadlines` of an
//   incident someone waits on, re-armed whenever deadline rows change;
// - changes made by another process (`irctl approve` in another terminal): SQLite has no
//   cross-process notification, so while anyone waits we read `PRAGMA data_version` (a counter
//   in shared memory, no I/O) every CROSS_PROCESS_CHECK_MS. It changes only when another
//   connection commits; this is the one timer that polls, and it exists only while a run waits.

export const CROSS_PROCESS_CHECK_MS = 250;

/** Time as the engine sees it. The default reads the global timers at each call, so vitest's fake timers apply. */
export interface Clock {
  now(): number;
  /** Call `fn` after `ms`; the returned function cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    // a deadline past the longest timer (a month's SLA) re-arms when this one fires
    const timer = setTimeout(fn, Math.min(MAX_TIMER_MS, Math.max(0, ms)));
    return () => clearTimeout(timer);
  },
};

/** One waiter on one incident: `next()` resolves at the next wake, or at once if one came since the last. */
export interface Waiter {
  next(signal?: AbortSignal): Promise<void>;
  /** Wake this waiter (e.g. its own actor moved). */
  poke(): void;
  close(): void;
}

class Wakeups {
  private readonly waiters = new Map<string, Set<WaiterImpl>>();
  private cancelDeadlineTimer?: () => void;
  private armedFor?: number;
  /** Every deadline due at or before this has been delivered; the timer looks only later. */
  private watermark: number;
  private cancelCrossProcess?: () => void;
  private dataVersion = 0;

  constructor(
    private readonly db: Db,
    readonly clock: Clock,
  ) {
    this.watermark = clock.now();
  }

  subscribe(incidentId: string): Waiter {
    const waiter = new WaiterImpl(() => this.remove(incidentId, waiter));
    let set = this.waiters.get(incidentId);
    if (!set) this.waiters.set(incidentId, (set = new Set()));
    set.add(waiter);
    this.rearm();
    this.watchOtherProcesses();
    return waiter;
  }

  changed(incidentId?: string): void {
    if (incidentId === undefined) for (const set of this.waiters.values()) for (const waiter of set) waiter.poke();
    else for (const waiter of this.waiters.get(incidentId) ?? []) waiter.poke();
    this.rearm();
  }

  /** Deadline rows changed: set the one timer to the earliest open row of a watched incident. */
  rearm(): void {
    if (this.waiters.size === 0 || !this.db.open) return this.disarm();
    const ids = [...this.waiters.keys()];
    const row = this.db
      .prepare(
        `SELECT MIN(due_at) AS due FROM deadlines WHERE fired_at IS NULL AND cancelled = 0 AND due_at > ? AND incident_id IN (${ids.map(() => '?').join(',')})`,
      )
      .get(this.watermark, ...ids) as { due: number | null };
    if (row.due === null) return this.disarm();
    if (this.armedFor === row.due) return;
    this.disarm();
    this.armedFor = row.due;
    this.cancelDeadlineTimer = this.clock.setTimer(() => this.deadlineDue(), row.due - this.clock.now());
  }

  private disarm(): void {
    this.cancelDeadlineTimer?.();
    this.cancelDeadlineTimer = undefined;
    this.armedFor = undefined;
  }

  private deadlineDue(): void {
    this.cancelDeadlineTimer = undefined;
    this.armedFor = undefined;
    if (!this.db.open) return;
    const now = this.clock.now();
    const due = this.db
      .prepare('SELECT DISTINCT incident_id FROM deadlines WHERE fired_at IS NULL AND cancelled = 0 AND due_at > ? AND due_at <= ?')
      .all(this.watermark, now) as { incident_id: string }[];
    this.watermark = now;
    for (const { incident_id } of due) for (const waiter of this.waiters.get(incident_id) ?? []) waiter.poke();
    this.rearm();
  }

  private watchOtherProcesses(): void {
    if (this.cancelCrossProcess || !this.db.open) return;
    this.dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    const check = () => {
      this.cancelCrossProcess = undefined;
      if (this.waiters.size === 0 || !this.db.open) return;
      const version = this.db.pragma('data_version', { simple: true }) as number;
      if (version !== this.dataVersion) {
        this.dataVersion = version;
        this.changed();
      }
      this.cancelCrossProcess = this.clock.setTimer(check, CROSS_PROCESS_CHECK_MS);
    };
    this.cancelCrossProcess = this.clock.setTimer(check, CROSS_PROCESS_CHECK_MS);
  }

  private remove(incidentId: string, waiter: WaiterImpl): void {
    const set = this.waiters.get(incidentId);
    set?.delete(waiter);
    if (set?.size === 0) this.waiters.delete(incidentId);
    if (this.waiters.size === 0) {
      this.disarm();
      this.cancelCrossProcess?.();
      this.cancelCrossProcess = undefined;
    }
  }
}

class WaiterImpl implements Waiter {
  private pending = false;
  private resolve?: () => void;
  constructor(private readonly onClose: () => void) {}

  poke(): void {
    this.pending = true;
    const resolve = this.resolve;
    this.resolve = undefined;
    resolve?.();
  }

  next(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(asError(signal.reason));
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.resolve = undefined;
        reject(asError(signal!.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.resolve = () => {
        this.pending = false;
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
    });
  }

  close(): void {
    this.resolve = undefined;
    this.onClose();
  }
}

const perStore = new WeakMap<Db, Wakeups>();

/** The wakeups of one store handle; the first caller's clock is the one it keeps. */
export function wakeupsFor(db: Db, clock: Clock = systemClock): Wakeups {
  let wakeups = perStore.get(db);
  if (!wakeups) perStore.set(db, (wakeups = new Wakeups(db, clock)));
  return wakeups;
}

/** Something a waiting run reads changed in this process (a decision, an abort, a takeover, a deadline row). */
export function signalChange(db: Db, incidentId?: string): void {
  perStore.get(db)?.changed(incidentId);
}

export type { Wakeups };

/** An abort reason as an Error (AbortSignal reasons may be any value). */
function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
