import { describe, expect, it, vi } from 'vitest';
import { FairSemaphore, GroupFlush, KeyedLock, Semaphore } from '../../src/locks.js';

/** A promise plus the function that settles it, to hold work open from the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('per-target lock', () => {
  it('runs work on one key one after another, in arrival order', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const first = gate();
    const a = lock.run('web-1', async () => {
      order.push('a starts');
      await first.opened;
      order.push('a ends');
    });
    const b = lock.run('web-1', async () => void order.push('b runs'));
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual(['a starts']);
    first.open();
    await Promise.all([a, b]);
    expect(order).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('lets work on different keys run at the same time', async () => {
    const lock = new KeyedLock();
    const held = gate();
    const a = lock.run('web-1', () => held.opened);
    let bRan = false;
    await lock.run('web-2', async () => void (bRan = true));
    expect(bRan).toBe(true);
    held.open();
    await a;
  });

  it('releases the key when the work fails', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('web-1', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('web-1', async () => 'next')).toBe('next');
    expect(lock.busyKeys()).toEqual([]);
  });
});

describe('semaphore', () => {
  it('never lets more than its limit run at once', async () => {
    const slots = new Semaphore(2);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        slots.run(async () => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setImmediate(resolve));
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
  });
});

describe('fair semaphore', () => {
  it('serves waiting lanes in turn: a lane queueing many does not hold up another', async () => {
    const slots = new FairSemaphore(1);
    const order: string[] = [];
    const held = gate();
    const first = slots.run('flood', () => held.opened);
    const work = (lane: string, n: number) => slots.run(lane, async () => void order.push(`${lane}${n}`));
    // the flood queues five before the real sender's one arrives
    const queued = [1, 2, 3, 4, 5].map((n) => work('flood', n));
    const real = work('real', 1);
    held.open();
    await Promise.all([first, ...queued, real]);
    expect(order).toEqual(['flood1', 'real1', 'flood2', 'flood3', 'flood4', 'flood5']);
  });

  it('never lets more than its limit run at once, and frees the slot of failed work', async () => {
    const slots = new FairSemaphore(2);
    let running = 0;
    let most = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 9 }, (_, i) =>
        slots.run(`lane${i % 3}`, async () => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setImmediate(resolve));
          running--;
          if (i % 4 === 0) throw new Error('boom');
        }),
      ),
    );
    expect(most).toBe(2);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
    expect(await slots.run('after', async () => 'ran')).toBe('ran');
  });
});

describe('per-key lock, held across calls (acquire and release)', () => {
  it('gives one key its turns one at a time, in arrival order, and never holds up another key', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const endA1 = await lock.acquire('a');
    const a2 = lock.acquire('a').then((end) => (order.push('a2'), end));
    const a3 = lock.acquire('a').then((end) => (order.push('a3'), end));
    const endB = await lock.acquire('b'); // another key: not behind a's queue
    expect(lock.busyKeys()).toEqual(['a', 'b']);
    await Promise.resolve();
    expect(order).toEqual([]);
    endA1();
    endA1(); // a second call passes nothing on
    const endA2 = await a2;
    expect(order).toEqual(['a2']);
    endA2();
    (await a3)();
    endB();
    expect(order).toEqual(['a2', 'a3']);
    expect(lock.busyKeys()).toEqual([]); // idle keys are forgotten
  });
});

describe('group flush', () => {
  /** A flush that records each group and holds until the test lets it finish. */
  function recordingFlush() {
    const groups: string[][] = [];
    const held: ReturnType<typeof gate>[] = [];
    const flush = new GroupFlush<string>(async (key, items) => {
      groups.push([key, ...items]);
      const hold = gate();
      held.push(hold);
      await hold.opened;
      if (items.includes('bad')) throw new Error(`disk full at ${items.join(',')}`);
    });
    return { flush, groups, held };
  }

  it('flushes the callers of one turn together, and the callers that arrive meanwhile together in the next, in order', async () => {
    const { flush, groups, held } = recordingFlush();
    const first = [flush.run('m', 'a'), flush.run('m', 'b')];
    expect(groups).toEqual([]); // not yet: the rest of this turn's callers may still come
    await vi.waitFor(() => expect(groups).toEqual([['m', 'a', 'b']]));
    const rest = [flush.run('m', 'c'), flush.run('m', 'd')];
    held[0]!.open();
    await Promise.all(first);
    await vi.waitFor(() =>
      expect(groups).toEqual([
        ['m', 'a', 'b'],
        ['m', 'c', 'd'],
      ]),
    );
    held[1]!.open();
    await Promise.all(rest);
    // idle again: the next caller has a flush of its own
    const later = flush.run('m', 'e');
    await vi.waitFor(() => expect(groups.at(-1)).toEqual(['m', 'e']));
    held[2]!.open();
    await later;
  });

  it('keeps keys apart: one key waiting does not hold back another', async () => {
    const { flush, groups } = recordingFlush();
    void flush.run('m1', 'a');
    void flush.run('m2', 'b');
    await vi.waitFor(() =>
      expect(groups).toEqual([
        ['m1', 'a'],
        ['m2', 'b'],
      ]),
    );
  });

  it('gives every caller of a failed group its error, and still flushes the group after it', async () => {
    const { flush, groups, held } = recordingFlush();
    const first = flush.run('m', 'a');
    await vi.waitFor(() => expect(groups).toHaveLength(1));
    const failing = [flush.run('m', 'bad'), flush.run('m', 'x')];
    held[0]!.open();
    await first;
    await vi.waitFor(() => expect(groups).toHaveLength(2));
    const after = flush.run('m', 'y'); // arrives while the failing group is written
    held[1]!.open();
    for (const result of await Promise.allSettled(failing)) expect(result).toMatchObject({ status: 'rejected', reason: { message: 'disk full at bad,x' } });
    await vi.waitFor(() => expect(groups).toHaveLength(3));
    held[2]!.open();
    await expect(after).resolves.toBeUndefined();
    expect(groups[2]).toEqual(['m', 'y']);
  });
});
