import { describe, expect, it } from 'vitest';
import { linearRegex, linearRegexProblem, linearRegexSchema } from '../../src/linear-regex.js';

describe('linear-time regexes for text an attacker writes', () => {
  it('finds a match anywhere, or only the whole text when asked', () => {
    expect(linearRegex('^/bin/httpd ').test('/bin/httpd -DFOREGROUND')).toBe(true);
    expect(linearRegex('httpd').test('/bin/httpd -D')).toBe(true);
    expect(linearRegex('httpd', { whole: true }).test('/bin/httpd -D')).toBe(false);
    expect(linearRegex('HTTPD', { ignoreCase: true }).test('/bin/httpd')).toBe(true);
    expect(linearRegex('a.b').test('a\nb')).toBe(true); // a command line may hold newlines
  });

  it('runs a nested quantifier against a crafted command line without backtracking', () => {
    // `(x+x+)+y` against 5,000 x's: a backtracking engine would not finish
    expect(linearRegex('^(x+x+)+y$').test('x'.repeat(5000))).toBe(false);
  });

  it('refuses lookaround and backreferences with a message naming the syntax, at load time', () => {
    expect(linearRegexProblem('^(?!sshd)')).toMatch(/RE2 syntax/);
    expect(linearRegexProblem('(a)\\1')).toMatch(/RE2 syntax/);
    expect(linearRegexProblem('^nginx: worker')).toBeUndefined();
    expect(linearRegexSchema.safeParse('(?<=x)y').success).toBe(false);
    expect(linearRegexSchema.safeParse('').success).toBe(false);
  });
});
