import { describe, expect, it } from 'vitest';
import { compileIocs, ipv4sIn, regexSchema } from '../../../src/investigate/ioc.js';

const set = (overrides: Partial<Parameters<typeof compileIocs>[0]> = {}) =>
  compileIocs({ patterns: [], ips: [], domains: [], hashes: [], defaultPatterns: false, ...overrides });
const matches = (matchers: ReturnType<typeof compileIocs>, text: string) => matchers.filter((m) => m.regex.test(text)).map((m) => m.indicator);

describe('IoC matchers', () => {
  it('refuses a pattern that does not compile, with the engine’s reason', () => {
    const parsed = regexSchema.safeParse('(unclosed');
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toMatch(/Unterminated group/);
  });

  it('refuses an empty pattern, which would match every line', () => {
    expect(regexSchema.safeParse('').success).toBe(false);
  });

  it('matches the classic first pass case-insensitively as a low-severity indicator', () => {
    const [matcher] = set({ defaultPatterns: true });
    expect(matcher!.severity).toBe('low');
    expect(matcher!.regex.test('Intrusion detected')).toBe(true);
    expect(matcher!.regex.test('all good')).toBe(false);
  });

  it('matches an IP address as a whole token, not as the prefix of another address', () => {
    const matchers = set({ ips: ['10.0.0.1'] });
    expect(matches(matchers, 'connect from 10.0.0.1 port 22')).toEqual(['10.0.0.1']);
    expect(matches(matchers, 'connect from 10.0.0.12 port 22')).toEqual([]);
    expect(matches(matchers, 'connect from 110.0.0.1')).toEqual([]);
  });

  it('matches a domain but not a longer domain that merely contains it', () => {
    const matchers = set({ domains: ['evil.example'] });
    expect(matches(matchers, 'GET http://EVIL.example/x')).toEqual(['evil.example']);
    expect(matches(matchers, 'GET http://notevil.example/x')).toEqual([]);
    expect(matches(matchers, 'GET http://evil.example.org/x')).toEqual([]);
  });

  it('matches a hash regardless of case and only as a whole digest', () => {
    const hash = 'd41d8cd98f00b204e9800998ecf8427e';
    const matchers = set({ hashes: [hash] });
    expect(matches(matchers, `md5=${hash.toUpperCase()}`)).toEqual([hash]);
    expect(matches(matchers, `md5=${hash}00`)).toEqual([]);
  });

  it('finds the IPv4 addresses a log line names', () => {
    expect(ipv4sIn('Failed password for root from 203.0.113.7 port 4242 via 10.1.2.3')).toEqual(['203.0.113.7', '10.1.2.3']);
    expect(ipv4sIn('version 1.2.3.4.5')).toEqual([]);
  });
});
