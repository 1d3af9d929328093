import { describe, expect, it } from 'vitest';
import { mdText } from '../../../src/report/markdown.js';

describe('Markdown escaping of untrusted text', () => {
  it('a lone carriage return, U+2028 and other controls cannot start a new table row', () => {
    const forged = mdText('ok\r| 2099-01-01 | admin | approved |\u2028| x |\u0000');
    expect(forged).not.toMatch(/[\r\n\u2028\u2029\u0000]/);
    expect(forged).toContain('ok \\| 2099-01-01');
  });

  it('bare URLs, www. names and e-mail addresses are not autolinked', () => {
    const text = mdText('see https://evil.example/x and www.evil.example or mallory@evil.example');
    expect(text).not.toContain('https://');
    expect(text).not.toMatch(/www\./);
    expect(text).not.toMatch(/@[a-z]/);
    expect(text.replace(/\u200b/g, '')).toBe('see https://evil.example/x and www.evil.example or mallory@evil.example');
  });
});
