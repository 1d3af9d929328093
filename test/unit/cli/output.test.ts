import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/errors.js';
import { colorEnabled, formatError } from '../../../src/cli/output.js';

describe('colorEnabled', () => {
  it('colours a terminal and nothing else by default', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
  });

  it('does not colour a pipe just because a CI variable is set', () => {
    expect(colorEnabled({ CI: 'true' }, false)).toBe(false);
  });

  it('lets NO_COLOR win over a terminal and over FORCE_COLOR', () => {
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('treats an empty NO_COLOR as unset, as no-color.org says', () => {
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true);
  });

  it('honours FORCE_COLOR both ways', () => {
    expect(colorEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, true)).toBe(false);
  });

  it('leaves a dumb terminal plain', () => {
    expect(colorEnabled({ TERM: 'dumb' }, true)).toBe(false);
  });
});

describe('formatError', () => {
  it('tells the person at the terminal which store it looked in', () => {
    const error = new NotFoundError('incident "inc-x" not found in this store', { details: { store: '/srv/irctl/irctl.db' } });
    expect(formatError(error, false)).toContain('/srv/irctl/irctl.db');
    expect(JSON.parse(formatError(error, true)).error.details.store).toBe('/srv/irctl/irctl.db');
  });
});
