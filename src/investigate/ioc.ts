import { isIP } from 'node:net';
import safeRegex from 'safe-regex2';
import { z } from 'zod';
import { patternSchema } from '../linear-regex.js';
import type { Severity } from './severity.js';

// Indicators of compromise as the runbook gives them, compiled to matchers. Every value is
// checked when the runbook loads (a regex that does not compile is a validation error with its
// line and column), so a run never discovers a broken pattern halfway through an incident.

export const DEFAULT_PATTERN = 'error|fail|attack|intrusion';

/**
 * Why a regex source is refused, or undefined when it is fit to run. Patterns are matched with V8's
 * backtracking engine (RE2 is ~200x slower on long scans) against evidence an attacker wrote, so a
 * quantifier inside a quantified group, which can take exponential time on a crafted line, is refused.
 */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    return (error as Error).message;
  }
  if (!safeRegex(source))
    return 'a quantifier inside a quantified group (such as (a+)+) can take exponential time on a crafted line: rewrite it without the nesting';
  return undefined;
}

export const regexSchema = patternSchema(regexProblem);

export const ipSchema = z.string().refine((value) => isIP(value) !== 0, 'expected an IPv4 or IPv6 address');
export const domainSchema = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'expected a domain name such as evil.example');
export const hashSchema = z
  .string()
  .regex(/^(?:[a-f0-9]{32}|[a-f0-9]{40}|[a-f0-9]{64}|[a-f0-9]{128})$/i, 'expected an MD5, SHA-1, SHA-256 or SHA-512 hex digest');

/** The `with:` fields shared by the steps that search for indicators. */
export const iocParams = {
  patterns: z.array(regexSchema).default([]).describe('regular expressions (JavaScript syntax, case-insensitive)'),
  ips: z.array(ipSchema).default([]).describe('IP addresses known to be malicious'),
  domains: z.array(domainSchema).default([]).describe('domain names known to be malicious'),
  hashes: z.array(hashSchema).default([]).describe('file hashes known to be malicious'),
};

export type IndicatorKind = 'default-pattern' | 'pattern' | 'ip' | 'domain' | 'hash';

export interface IocMatcher {
  kind: IndicatorKind;
  indicator: string; // as the runbook wrote it
  severity: Severity;
  regex: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface IocSet {
  patterns: string[];
  ips: string[];
  domains: string[];
  hashes: string[];
  defaultPatterns: boolean;
}

/**
 * One matcher per indicator. The classic first pass (error|fail|attack|intrusion) is noisy, so it
 * is only "low"; the runbook's own patterns are "medium"; a known-bad address, domain or hash is
 * "high". Literal indicators match as whole tokens: 10.0.0.1 must not match 10.0.0.12.
 */
export function compileIocs(set: IocSet): IocMatcher[] {
  const matchers: IocMatcher[] = [];
  if (set.defaultPatterns) matchers.push({ kind: 'default-pattern', indicator: DEFAULT_PATTERN, severity: 'low', regex: new RegExp(DEFAULT_PATTERN, 'iu') });
  for (const pattern of set.patterns) matchers.push({ kind: 'pattern', indicator: pattern, severity: 'medium', regex: new RegExp(pattern, 'iu') });
  for (const ip of set.ips)
    matchers.push({ kind: 'ip', indicator: ip, severity: 'high', regex: new RegExp(`(?<![0-9A-Fa-f.:])${escape(ip)}(?![0-9A-Fa-f.:]*[0-9A-Fa-f])`, 'u') });
  for (const domain of set.domains)
    matchers.push({
      kind: 'domain',
      indicator: domain,
      severity: 'high',
      regex: new RegExp(`(?<![A-Za-z0-9-])${escape(domain)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'iu'),
    });
  for (const hash of set.hashes)
    matchers.push({ kind: 'hash', indicator: hash, severity: 'high', regex: new RegExp(`(?<![0-9a-f])${escape(hash)}(?![0-9a-f])`, 'iu') });
  return matchers;
}

const IPV4 = /(?<![0-9.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![0-9]|\.\d)/g;

/** The IPv4 addresses a line mentions (the "source" of a failed login, say). */
export function ipv4sIn(text: string): string[] {
  return text.match(IPV4) ?? [];
}
