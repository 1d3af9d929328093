import { describe, expect, it } from 'vitest';
import { addSilence, expireSilence, listSilences, matches, parseMatcher, silenceFor } from '../../../src/alerts/silences.js';
import type { Alert } from '../../../src/alerts/alert.js';
import { openStore } from '../../../src/schema.js';

const alert = (over: Partial<Alert> = {}): Alert => ({
  source: 'falco',
  status: 'firing',
  fingerprint: 'fp',
  rule: 'Terminal shell in container',
  labels: { severity: 'critical' },
  annotations: {},
  tags: [],
  output_fields: {},
  container: 'web-1',
  summary: '',
  notes: [],
  raw: {},
  ...over,
});

describe('silence matchers (Alertmanager semantics)', () => {
  it('parses the four operators, with quoted values', () => {
    expect(parseMatcher('rule="Terminal shell in container"')).toEqual({ name: 'rule', op: '=', value: 'Terminal shell in container' });
    expect(parseMatcher('container!=db')).toEqual({ name: 'container', op: '!=', value: 'db' });
    expect(parseMatcher('rule=~Terminal.*')).toEqual({ name: 'rule', op: '=~', value: 'Terminal.*' });
    expect(parseMatcher('severity!~low|info')).toEqual({ name: 'severity', op: '!~', value: 'low|info' });
  });

  it('refuses what is not a matcher, a bad label name and a regex that does not compile', () => {
    expect(() => parseMatcher('rule')).toThrow(/is not NAME=VALUE/);
    expect(() => parseMatcher('bad-name=x')).toThrow(/not a label name/);
    expect(() => parseMatcher('rule=~(')).toThrow(/not a regular expression/);
  });

  it('anchors regexes at both ends and reads a missing label as empty', () => {
    const labels = { rule: 'Terminal shell in container', container: 'web-1' };
    expect(matches([parseMatcher('rule=~Terminal')], labels)).toBe(false);
    expect(matches([parseMatcher('rule=~Terminal.*')], labels)).toBe(true);
    expect(matches([parseMatcher('team=')], labels)).toBe(true);
    expect(matches([parseMatcher('team!=ops')], labels)).toBe(true);
    expect(matches([parseMatcher('container=web-1'), parseMatcher('rule!~Terminal.*')], labels)).toBe(false); // all must match
  });
});

describe('silences in the store', () => {
  it('matches in linear time: a nested quantifier against a long value an alert chose cannot hang the caller', () => {
    // with a backtracking engine this takes longer than the test's timeout from about 30 letters on
    const matcher = parseMatcher('team=~(pay|[a-z]+)+-prod');
    expect(matches([matcher], { team: 'a'.repeat(4000) })).toBe(false);
    expect(matches([matcher], { team: 'payments-prod' })).toBe(true);
  });

  it('takes RE2 syntax, as Alertmanager does, and says so when a pattern uses what RE2 lacks', () => {
    expect(() => parseMatcher('rule=~(?=Terminal).*')).toThrow(/RE2 syntax/);
    expect(() => parseMatcher('rule=~(a)\\1')).toThrow(/RE2 syntax/);
    expect(matches([parseMatcher('rule=~(?i)terminal shell.*')], { rule: 'Terminal shell in container' })).toBe(true);
  });

  it('lets a stored pattern RE2 cannot compile suppress nothing, with either operator', () => {
    const unusable = { name: 'rule', value: '(?=Terminal).*' };
    expect(matches([{ ...unusable, op: '=~' }], { rule: 'Terminal shell' })).toBe(false);
    expect(matches([{ ...unusable, op: '!~' }], { rule: 'Terminal shell' })).toBe(false);
    expect(matches([{ ...unusable, op: '!~' }], { rule: 'other' })).toBe(false);
  });

  it('suppresses a matching alert while active, counts it, and stops once expired', () => {
    const db = openStore(':memory:');
    const silence = addSilence(db, { matchers: [parseMatcher('container=web-1')], durationMs: 60_000, comment: 'deploy', createdBy: 'alice', now: 1_000 });
    expect(silenceFor(db, alert(), 2_000)?.id).toBe(silence.id);
    expect(silenceFor(db, alert({ container: 'db-1' }), 2_000)).toBeUndefined();
    expect(listSilences(db, { now: 2_000 })[0]).toMatchObject({ suppressed: 1, state: 'active' });
    expect(silenceFor(db, alert(), 61_001)).toBeUndefined(); // over by itself
    expect(expireSilence(db, silence.id, 'bob', 3_000).state).toBe('expired');
  });

  it('refuses a silence with no matcher, no comment, or longer than 90 days', () => {
    const db = openStore(':memory:');
    expect(() => addSilence(db, { matchers: [], durationMs: 1, comment: 'x', createdBy: 'a' })).toThrow(/at least one matcher/);
    expect(() => addSilence(db, { matchers: [parseMatcher('a=b')], durationMs: 1, comment: ' ', createdBy: 'a' })).toThrow(/comment/);
    expect(() => addSilence(db, { matchers: [parseMatcher('a=b')], durationMs: 91 * 86_400_000, comment: 'x', createdBy: 'a' })).toThrow(/90 days/);
  });
});
