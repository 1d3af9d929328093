import { afterEach, describe, expect, it, vi } from 'vitest';
import { childTimeout, MAX_TIMER_MS, setLongTimeout, sleep } from '../../src/long-timers.js';

const THIRTY_DAYS = 30 * 86_400_000;

// timers/promises is not faked by vitest: for sleep, a timer Node could not hold fires after 1 ms,
// and one set after it for 10 ms fires later (timers fire in order of when they are due), so the
// 10 ms one shows whether the long one went early.
const tenMsLater = () => new Promise((resolve) => setTimeout(resolve, 10));

afterEach(() => vi.useRealTimers());

describe('waits longer than setTimeout can hold', () => {
  it('a 30-day timeout has not fired 10 ms later (setTimeout would have fired after 1 ms)', () => {
    vi.useFakeTimers(); // the fake timers fire an overlong delay after 1 ms, as Node does
    const fired = vi.fn();
    setLongTimeout(fired, THIRTY_DAYS);
    vi.advanceTimersByTime(10);
    expect(fired).not.toHaveBeenCalled();
  });

  it('a short one fires as setTimeout would, and a cancelled one never', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const cancelled = vi.fn();
    setLongTimeout(fired, 1);
    setLongTimeout(cancelled, 1)();
    vi.advanceTimersByTime(10);
    expect(fired).toHaveBeenCalledOnce();
    expect(cancelled).not.toHaveBeenCalled();
  });

  it('re-arms past the longest timer and fires once the whole time has passed', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    setLongTimeout(fired, MAX_TIMER_MS + 5_000);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5_000);
    expect(fired).toHaveBeenCalledOnce();
  });

  it('a 30-day sleep is still waiting when a 10 ms timer set after it fires, and ends when aborted', async () => {
    const abort = new AbortController();
    let ended = false;
    const slept = sleep(THIRTY_DAYS, abort.signal).finally(() => (ended = true));
    slept.catch(() => undefined);
    await tenMsLater();
    expect(ended).toBe(false);
    abort.abort();
    await expect(slept).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('sleeps a short time, rejects at once when already aborted, and caps a child process time limit', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    await expect(sleep(0, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(childTimeout(THIRTY_DAYS)).toBe(MAX_TIMER_MS);
    expect(childTimeout(5_000)).toBe(5_000);
  });
});
