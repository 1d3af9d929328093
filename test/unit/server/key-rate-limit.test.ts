import { describe, expect, it } from 'vitest';
import { KeyRateLimiter } from '../../../src/server/key-rate-limit.js';

describe('KeyRateLimiter (a token bucket per key)', () => {
  it("takes a burst of one minute's capacity at once, then refills continuously at the capacity rate", () => {
    let now = 0;
    const limiter = new KeyRateLimiter(1200, () => now);
    expect(limiter.tryTake('k', 1200)).toBe(true);
    expect(limiter.tryTake('k')).toBe(false);
    expect(limiter.msUntil('k')).toBe(50); // 20 a second
    now += 50;
    expect(limiter.tryTake('k')).toBe(true);
    expect(limiter.tryTake('other', 5)).toBe(true); // keys are independent
  });

  it('takes nothing when a request costs more than the bucket has', () => {
    let now = 0;
    const limiter = new KeyRateLimiter(60, () => now, 5);
    expect(limiter.tryTake('k', 6)).toBe(false);
    expect(limiter.tryTake('k', 5)).toBe(true);
    expect(limiter.msUntil('k', 2)).toBe(2000);
    now += 1000;
    expect(limiter.tryTake('k', 2)).toBe(false);
    expect(limiter.tryTake('k', 1)).toBe(true);
  });

  it('throws a 429 with Retry-After past the capacity', () => {
    const limiter = new KeyRateLimiter(2, () => 0);
    limiter.hit('k');
    limiter.hit('k');
    expect(() => limiter.hit('k')).toThrow(/more than 2 requests a minute/);
    try {
      limiter.hit('k');
    } catch (error) {
      expect((error as { headers?: Record<string, string> }).headers?.['retry-after']).toBe('30');
    }
  });
});
