import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireRole } from '../../../src/auth/permissions.js';
import { loadRoles } from '../../../src/auth/roles.js';
import { RefusedError, UsageError } from '../../../src/errors.js';

function rolesFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'irctl-roles-')), 'roles.yaml');
  writeFileSync(file, text);
  return file;
}

describe('roles file', () => {
  it('gives each listed actor their role and the roles below it', () => {
    const book = loadRoles(rolesFile('actors:\n  alice: admin\n  olga: [operator]\n  victor: viewer\n  falco: alerter\n'));
    expect(book.rolesOf('alice')).toEqual(['admin', 'operator', 'alerter', 'viewer']);
    expect(book.rolesOf('olga')).toEqual(['operator', 'alerter', 'viewer']);
    expect(book.rolesOf('victor')).toEqual(['viewer']);
    // an alert sender may post alerts and nothing else: not even read incidents
    expect(book.rolesOf('falco')).toEqual(['alerter']);
  });

  it('gives unlisted actors no role, or the default role when one is set', () => {
    expect(loadRoles(rolesFile('actors: { alice: admin }\n')).rolesOf('mallory')).toEqual([]);
    expect(loadRoles(rolesFile('actors: { alice: admin }\ndefault: viewer\n')).rolesOf('mallory')).toEqual(['viewer']);
  });

  it('names the actor and the bad value when a role is unknown', () => {
    expect(() => loadRoles(rolesFile('actors:\n  alice: superuser\n'))).toThrow(UsageError);
    expect(() => loadRoles(rolesFile('actors:\n  alice: superuser\n'))).toThrow(/roles file .*: actors\.alice: /);
  });

  it('refuses keys it does not know, and YAML that does not parse', () => {
    expect(() => loadRoles(rolesFile('admins: [alice]\n'))).toThrow(/admins/);
    expect(() => loadRoles(rolesFile('actors: [unclosed\n'))).toThrow(/not valid YAML/);
  });

  it('without a roles file, makes only the OS user an admin', () => {
    const book = loadRoles(join(tmpdir(), 'no-such-dir', 'roles.yaml'), 'responder');
    expect(book.rolesOf('responder')).toEqual(['admin', 'operator', 'alerter', 'viewer']);
    expect(book.rolesOf('someone-else')).toEqual([]);
  });
});

describe('permission checks', () => {
  const book = loadRoles(rolesFile('actors: { alice: admin, olga: operator, victor: viewer }\n'));

  it('lets an operator run and refuses a viewer, saying who, what they hold and what was needed', () => {
    expect(requireRole(book, 'olga', 'run.start', 'run x')).toContain('operator');
    let refusal: unknown;
    try {
      requireRole(book, 'victor', 'run.start', 'run runbook x');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RefusedError);
    expect((refusal as RefusedError).exitCode).toBe(4);
    expect((refusal as RefusedError).message).toMatch(
      /^victor may not run runbook x: it needs the operator role and victor has viewer \(roles file .*\); nothing was changed$/,
    );
  });

  it('keeps API key management to admins', () => {
    expect(() => requireRole(book, 'olga', 'keys.manage', 'create an API key')).toThrow(RefusedError);
    expect(() => requireRole(book, 'alice', 'keys.manage', 'create an API key')).not.toThrow();
  });
});
