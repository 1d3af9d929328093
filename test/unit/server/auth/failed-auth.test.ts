import { describe, expect, it } from 'vitest';
import { FailedAuthGuard } from '../../../../src/server/auth/failed-auth.js';

/** A clock the test moves. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('FailedAuthGuard', () => {
  it('locks an address out after more than `limit` failures in a minute, for the lock-out time', () => {
    const time = clock();
    const guard = new FailedAuthGuard(3, 15 * 60_000, time.now);
    expect([1, 2, 3].map(() => guard.recordFailure('192.0.2.1'))).toEqual([false, false, false]);
    expect(guard.recordFailure('192.0.2.1')).toBe(true);
    expect(guard.lockedFor('192.0.2.1')).toBe(900);
    expect(guard.lockedFor('192.0.2.2')).toBe(0);
    time.advance(15 * 60_000);
    expect(guard.lockedFor('192.0.2.1')).toBe(0);
  });

  it('forgets addresses that stayed under the limit once their failures are a minute old, with no lock-out needed', () => {
    const time = clock();
    const guard = new FailedAuthGuard(10, 60_000, time.now);
    for (let i = 0; i < 500; i++) guard.recordFailure(`10.0.${i >> 8}.${i & 255}`);
    expect(guard.trackedAddresses).toBe(500);
    time.advance(60_000);
    guard.recordFailure('192.0.2.9');
    expect(guard.trackedAddresses).toBe(1);
  });

  it('remembers at most `maxTracked` addresses however many fail within a minute, dropping the one that failed longest ago', () => {
    const time = clock();
    const guard = new FailedAuthGuard(1, 60_000, time.now, 100);
    for (let i = 0; i < 1_000; i++) guard.recordFailure(`10.0.${i >> 8}.${i & 255}`);
    expect(guard.trackedAddresses).toBe(100);
    // a recent failure is kept: its second failure within the minute still locks it out
    expect(guard.recordFailure('10.0.3.231')).toBe(true); // address 999
    expect(guard.lockedFor('10.0.3.231')).toBeGreaterThan(0);
  });
});
