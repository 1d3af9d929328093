import { setTimeout as delay } from 'node:timers/promises';

/**
 * Wait on the state itself, never on a guessed time: re-check `check` (sync or async) until it
 * returns something other than undefined/false, then return that. Errors thrown by `check` count as
 * "not yet" (a database that does not exist yet, a container not created yet). Fails with `what`
 * once `timeoutMs` has passed, so a wait that can never end is a clear failure, not a hung test.
 */
export async function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    await delay(20);
  }
}
