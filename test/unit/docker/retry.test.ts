import { describe, expect, it } from 'vitest';
import { withRetry } from '../../../src/docker/retry.js';

const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };
const transient = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const isTransient = (error: unknown) => (error as { code?: string }).code === 'ECONNRESET';

function failing(times: number, error: unknown) {
  const calls = { count: 0 };
  const fn = async () => {
    calls.count += 1;
    if (calls.count <= times) throw error;
    return 'ok';
  };
  return { fn, calls };
}

describe('withRetry', () => {
  it('tries again after a transient failure and returns the later success', async () => {
    const { fn, calls } = failing(2, transient);
    await expect(withRetry(fn, { isTransient, policy: fast })).resolves.toBe('ok');
    expect(calls.count).toBe(3);
  });

  it('gives up after the allowed attempts with the last error', async () => {
    const { fn, calls } = failing(5, transient);
    await expect(withRetry(fn, { isTransient, policy: fast })).rejects.toBe(transient);
    expect(calls.count).toBe(3);
  });

  it('does not repeat a call whose failure is an answer', async () => {
    const answer = Object.assign(new Error('no such container'), { statusCode: 404 });
    const { fn, calls } = failing(1, answer);
    await expect(withRetry(fn, { isTransient, policy: fast })).rejects.toBe(answer);
    expect(calls.count).toBe(1);
  });

  it('makes no call at all once the signal is aborted', async () => {
    const { fn, calls } = failing(0, transient);
    const abort = new AbortController();
    abort.abort();
    await expect(withRetry(fn, { isTransient, policy: fast, signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls.count).toBe(0);
  });

  it('stops waiting for the next try when the signal is aborted during the backoff', async () => {
    const abort = new AbortController();
    const calls = { count: 0 };
    const fn = async () => {
      calls.count += 1;
      abort.abort();
      throw transient;
    };
    const slow = { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    await expect(withRetry(fn, { isTransient, policy: slow, signal: abort.signal })).rejects.toBe(transient);
    expect(calls.count).toBe(1);
  });
});
