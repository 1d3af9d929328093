import { describe, expect, it } from 'vitest';
import { KeyedLock, Semaphore } from '../../../src/server/target-lock.js';

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
