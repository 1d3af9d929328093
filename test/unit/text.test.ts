import { describe, expect, it } from 'vitest';
import { plural } from '../../src/text.js';

describe('plural', () => {
  it('uses the singular for exactly one and the plural for any other count', () => {
    expect(plural(1, 'process', 'processes')).toBe('1 process');
    expect(plural(0, 'process', 'processes')).toBe('0 processes');
    expect(plural(2, 'process', 'processes')).toBe('2 processes');
  });

  it('adds an s when no plural form is given', () => {
    expect(plural(1, 'path')).toBe('1 path');
    expect(plural(5, 'path')).toBe('5 paths');
  });
});
