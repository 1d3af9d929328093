import { setTimeout as delay } from 'node:timers/promises';

/**
 * setTimeout's longest delay: 2^31 - 1 ms, about 24.8 days. Past it Node fires after 1 ms (with a
 * TimeoutOverflowWarning), so a runbook's `timeout: 30d` or `core.sleep 30d` would end at once.
 * Waits that a runbook or config sets go through here and are cut into legs no longer than this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Wait `ms` however long it is; rejects as timers/promises does when `signal` aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  const until = Date.now() + ms;
  let left = ms;
  do {
    await delay(Math.min(Math.max(0, left), MAX_TIMER_MS), undefined, { signal });
    left = until - Date.now();
  } while (left > 0);
}

/** Call `fn` once `ms` have passed, however long; the returned function cancels it. */
export function setLongTimeout(fn: () => void, ms: number): () => void {
  const until = Date.now() + ms;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = until - Date.now();
    timer = setTimeout(left > MAX_TIMER_MS ? arm : fn, Math.min(Math.max(0, left), MAX_TIMER_MS));
  };
  arm();
  return () => clearTimeout(timer);
}

/** A child process's time limit (execa's `timeout`, itself a setTimeout): past the longest timer, that timer. */
export function childTimeout(ms: number): number {
  return Math.min(ms, MAX_TIMER_MS);
}
