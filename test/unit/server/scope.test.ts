import { describe, expect, it } from 'vitest';
import { configSchema, DEFAULT_SCOPE } from '../../../src/config.js';
import { chooseAlertHost } from '../../../src/server/alert-host.js';
import { FailedAuthGuard } from '../../../src/server/auth/failed-auth.js';
import { IncidentBudget } from '../../../src/server/incident-budget.js';
import { outOfScopeReason } from '../../../src/docker/scope.js';

const container = (labels: Record<string, string>, name = 'web-1', host = 'local') => ({ host, name, labels });

describe('scope', () => {
  it('defaults to containers labelled irctl.protect=true', () => {
    expect(configSchema.parse({}).scope).toEqual(DEFAULT_SCOPE);
    expect(outOfScopeReason(container({ 'irctl.protect': 'true' }), DEFAULT_SCOPE)).toBeUndefined();
    expect(outOfScopeReason(container({ 'irctl.protect': 'false' }), DEFAULT_SCOPE)).toContain('label irctl.protect=true');
    expect(outOfScopeReason(container({}), DEFAULT_SCOPE)).toContain('outside the server');
  });

  it('takes a container when any rule matches, and a rule when all its conditions hold', () => {
    const rules = [{ compose_projects: ['shop'], hosts: ['prod-a'] }, { names: ['db-?', 'cache-*'] }];
    const shop = { 'com.docker.compose.project': 'shop' };
    expect(outOfScopeReason(container(shop, 'web', 'prod-a'), rules)).toBeUndefined();
    expect(outOfScopeReason(container(shop, 'web', 'local'), rules)).toBeDefined();
    expect(outOfScopeReason(container({}, 'db-1'), rules)).toBeUndefined();
    expect(outOfScopeReason(container({}, 'db-12'), rules)).toBeDefined();
    expect(outOfScopeReason(container({}, 'cache-eu.1'), rules)).toBeUndefined();
    // a pattern is a glob, not a regular expression
    expect(outOfScopeReason(container({}, 'cacheX'), [{ names: ['cache.*'] }])).toBeDefined();
    expect(outOfScopeReason(container({}, 'anything'), [{}])).toBeUndefined();
    expect(outOfScopeReason(container({}, 'anything'), [])).toContain('nothing');
  });

  it('narrows the server scope by a key’s own rules: a container must be in both', () => {
    const key = [{ labels: { team: 'payments' } }];
    expect(outOfScopeReason(container({ 'irctl.protect': 'true', team: 'payments' }), DEFAULT_SCOPE, key)).toBeUndefined();
    expect(outOfScopeReason(container({ 'irctl.protect': 'true', team: 'search' }), DEFAULT_SCOPE, key)).toContain("API key's scope");
    expect(outOfScopeReason(container({ team: 'payments' }), DEFAULT_SCOPE, key)).toContain('outside the server');
  });
});

describe('the host an alert is about', () => {
  const hosts = { 'prod-a': { url: 'tcp://10.0.0.5:2376', alert_names: ['prod-a.internal', '10.0.0.5'] } };
  const known = ['local', 'prod-a'];

  it('is local when the config maps no names, whatever the alert says', () => {
    expect(chooseAlertHost({ hosts: {} }, ['local'], 'falco-xczjd', undefined)).toEqual({ host: 'local' });
    expect(chooseAlertHost({ hosts: {} }, ['local'], undefined, undefined)).toEqual({ host: 'local' });
  });

  it('maps Falco hostnames and Alertmanager instances (with a port) through alert_names', () => {
    expect(chooseAlertHost({ hosts }, known, 'prod-a.internal', undefined)).toEqual({ host: 'prod-a' });
    expect(chooseAlertHost({ hosts }, known, '10.0.0.5:9100', undefined)).toEqual({ host: 'prod-a' });
    expect(chooseAlertHost({ hosts }, known, 'prod-a', undefined)).toEqual({ host: 'prod-a' });
  });

  it('refuses a host nobody mapped once a mapping exists, and a trigger host that is not configured', () => {
    expect(chooseAlertHost({ hosts }, known, 'evil.example', undefined)).toMatchObject({ problem: expect.stringContaining('evil.example') });
    expect(chooseAlertHost({ hosts }, known, undefined, 'nowhere')).toMatchObject({ problem: expect.stringContaining('nowhere') });
    expect(chooseAlertHost({ hosts }, known, 'evil.example', 'prod-a')).toEqual({ host: 'prod-a' });
  });
});

describe('per-sender budgets and the failed-auth guard', () => {
  it('lets a sender open at most N incidents in any minute', () => {
    let now = 0;
    const budget = new IncidentBudget(2, () => now);
    expect([budget.take('a'), budget.take('a'), budget.take('a'), budget.take('b')]).toEqual([true, true, false, true]);
    expect(budget.retryAfterSeconds('a')).toBe(60);
    now = 60_000;
    expect(budget.take('a')).toBe(true);
  });

  it('locks an address out on the 11th failure in a minute, for the lock-out time only', () => {
    let now = 0;
    const guard = new FailedAuthGuard(10, 900_000, () => now);
    const locked = Array.from({ length: 11 }, () => guard.recordFailure('198.51.100.1'));
    expect(locked).toEqual([...Array(10).fill(false), true]);
    expect(guard.lockedFor('198.51.100.1')).toBe(900);
    expect(guard.lockedFor('198.51.100.2')).toBe(0);
    now = 900_001;
    expect(guard.lockedFor('198.51.100.1')).toBe(0);
  });

  it('does not count failures older than a minute', () => {
    let now = 0;
    const guard = new FailedAuthGuard(10, 900_000, () => now);
    for (let i = 0; i < 10; i++) guard.recordFailure('a');
    now = 61_000;
    expect(guard.recordFailure('a')).toBe(false);
  });
});
