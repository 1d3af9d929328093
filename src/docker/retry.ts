import { setTimeout as delay } from 'node:timers/promises';

export interface RetryPolicy {
  attempts: number; // total tries, including the first
  baseDelayMs: number; // wait before the second try; doubles each time
  maxDelayMs: number;
}

export const DEFAULT_DOCKER_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 };

export interface RetryOptions {
  isTransient(error: unknown): boolean;
  policy?: RetryPolicy;
  signal?: AbortSignal;
}

/**
 * Call `fn` until it succeeds, fails with a non-transient error, or the attempts run out. Waiting
 * between tries is abortable, and an aborted signal stops further tries: a cancelled step must not
 * keep poking the engine.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_DOCKER_RETRY;
  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      return await fn();
    } catch (error) {
      if (attempt >= policy.attempts || !options.isTransient(error) || options.signal?.aborted) throw error;
      const wait = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await delay(wait, undefined, { signal: options.signal });
    }
  }
}
