import { describe, expect, it } from 'vitest';
import { versionFromServerHeader } from '../../../src/docker/untyped-calls.js';

describe('the engine version from a ping', () => {
  it('reads the version a Docker engine names in its Server header', () => {
    expect(versionFromServerHeader('Docker/20.10.24+dfsg1 (linux)')).toBe('20.10.24+dfsg1');
    expect(versionFromServerHeader('Docker/27.5.1 (windows)')).toBe('27.5.1');
  });

  it('names no version for other servers, so /version is asked instead', () => {
    for (const server of [
      undefined,
      '',
      'Libpod/4.9.3 (linux)',
      'nginx/1.25.3',
      'Docker/ (linux)',
      'Docker/27.5.1',
      `Docker/${'9'.repeat(80)} (linux)`,
      'Docker/abc (linux)',
      'Docker/1.0"<b> (linux)',
      'Docker/1.0;rm (linux)',
      'Docker/1.0\u0085 (linux)',
    ])
      expect(versionFromServerHeader(server), String(server)).toBeUndefined();
  });
});
