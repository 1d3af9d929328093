import { describe, expect, it } from 'vitest';
import { pathGlobSchema, pathMatcher } from '../../../src/investigate/path-glob.js';

describe('allowlist path globs', () => {
  it('lets * stay inside one path segment and ** cross them', () => {
    const allowed = pathMatcher(['/var/log/**', '/run/*.pid']);
    expect(allowed('/var/log/nginx/access.log')).toBe(true);
    expect(allowed('/run/httpd.pid')).toBe(true);
    expect(allowed('/run/sub/httpd.pid')).toBe(false);
    expect(allowed('/etc/passwd')).toBe(false);
  });

  it('treats regex characters in a glob literally', () => {
    expect(pathMatcher(['/etc/a+b.conf'])('/etc/aab.conf')).toBe(false);
    expect(pathMatcher(['/etc/a+b.conf'])('/etc/a+b.conf')).toBe(true);
  });

  it('refuses relative paths and runs of three stars', () => {
    expect(pathGlobSchema.safeParse('var/log').success).toBe(false);
    expect(pathGlobSchema.safeParse('/var/***').success).toBe(false);
  });
});
