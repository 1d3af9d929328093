import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../../src/docker/selector.js';
import { UsageError } from '../../../src/errors.js';

describe('parseSelector', () => {
  it('reads a container name or id as a reference, dropping a leading slash', () => {
    expect(parseSelector('web-1')).toEqual({ kind: 'ref', ref: 'web-1' });
    expect(parseSelector('/web-1')).toEqual({ kind: 'ref', ref: 'web-1' });
    expect(parseSelector('3f2a9c1b7d0e')).toEqual({ kind: 'ref', ref: '3f2a9c1b7d0e' });
  });

  it('reads label:key=value pairs, keeping "=" inside a value', () => {
    expect(parseSelector('label:app=web,com.example/tier=a=b')).toEqual({
      kind: 'labels',
      labels: { app: 'web', 'com.example/tier': 'a=b' },
    });
  });

  it('turns compose:<project>/<service> into the Compose project and service labels', () => {
    expect(parseSelector('compose:shop/web')).toEqual({
      kind: 'labels',
      labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
    });
  });

  it.each([
    ['an empty string', ''],
    ['a path that walks elsewhere in the API', '../networks/bridge'],
    ['a name with a space', 'web 1'],
    ['a newline (log injection from an alert)', 'web\nINFO forged'],
    ['a bidi override', 'web\u202e1'],
    ['a zero-width space', 'web\u200b'],
    ['a label without a value', 'label:app'],
    ['a label with an empty key', 'label:=web'],
    ['the same label twice', 'label:app=a,app=b'],
    ['a label value with surrounding spaces', 'label:app= web'],
    ['nine labels', `label:${Array.from({ length: 9 }, (_, i) => `k${i}=v`).join(',')}`],
    ['a compose selector without a service', 'compose:shop'],
    ['a compose project with capitals', 'compose:Shop/web'],
    ['a compose selector with a third part', 'compose:shop/web/1'],
    ['an overlong selector', `label:app=${'a'.repeat(300)}`],
  ])('refuses %s with a usage error', (_what, text) => {
    expect(() => parseSelector(text)).toThrow(UsageError);
  });

  it('shows control characters escaped in the message, never raw', () => {
    try {
      parseSelector('web\u0007');
      throw new Error('expected a UsageError');
    } catch (error) {
      expect((error as UsageError).message).toContain('"web\\u0007"');
      expect((error as UsageError).hint).toContain('compose:<project>/<service>');
    }
  });
});
