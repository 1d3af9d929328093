import { describe, expect, it } from 'vitest';
import { compareCreated } from '../../../src/docker/networks.js';

describe('compareCreated', () => {
  it('orders engine timestamps by time even when the engine trimmed trailing zeros', () => {
    // 09.18106706 is 09.181067060: earlier than 09.181067063 as a time, later as a string
    expect(compareCreated('2026-12-08T02:03:09.18106706Z', '2026-12-08T02:03:09.181067063Z')).toBeLessThan(0);
    expect(compareCreated('2026-12-08T02:03:09Z', '2026-12-08T02:03:09.000000001Z')).toBeLessThan(0);
    expect(compareCreated('2026-12-08T02:03:10.1Z', '2026-12-08T02:03:09.999999999Z')).toBeGreaterThan(0);
  });

  it('compares stamps in different zones as instants', () => {
    expect(compareCreated('2026-12-08T03:03:09.5+01:00', '2026-12-08T02:03:09.5Z')).toBe(0);
    expect(compareCreated('2026-12-08T03:03:09.4+01:00', '2026-12-08T02:03:09.5Z')).toBeLessThan(0);
  });

  it('sorts a list oldest first', () => {
    const stamps = ['2026-12-08T02:03:09.2Z', '2026-12-08T02:03:09.18106706Z', '2026-12-08T02:03:09.181067063Z', '2026-12-08T02:03:08Z'];
    expect([...stamps].sort(compareCreated)).toEqual([
      '2026-12-08T02:03:08Z',
      '2026-12-08T02:03:09.18106706Z',
      '2026-12-08T02:03:09.181067063Z',
      '2026-12-08T02:03:09.2Z',
    ]);
  });
});
