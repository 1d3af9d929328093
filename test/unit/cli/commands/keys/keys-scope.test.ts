import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyApiKey } from '../../../../../src/auth/keys.js';
import { openStore } from '../../../../../src/schema.js';
import { runCli } from '../../../../helpers/run-cli.js';

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-keys-'));
  writeFileSync(join(dir, 'roles.yaml'), 'actors:\n  ada: admin\n  payments-am: alerter\n');
  return dir;
}

describe('irctl keys create --role alerter --scope-*', () => {
  it('makes an alerter key narrowed to one rule, and lists its scope', async () => {
    const dir = home();
    const created = await runCli([
      '--home',
      dir,
      '--as',
      'ada',
      '--json',
      'keys',
      'create',
      '--actor',
      'payments-am',
      '--role',
      'alerter',
      '--scope-compose',
      'payments',
      '--scope-label',
      'tier=front',
      '--scope-name',
      'pay-*',
    ]);
    expect(created.code).toBe(0);
    const answer = JSON.parse(created.out);
    expect(answer).toMatchObject({ role: 'alerter', scope: [{ compose_projects: ['payments'], labels: { tier: 'front' }, names: ['pay-*'] }] });
    const db = openStore(join(dir, 'irctl.db'));
    try {
      expect(verifyApiKey(db, answer.key)).toMatchObject({ actor: 'payments-am', role: 'alerter', scope: [{ compose_projects: ['payments'] }] });
    } finally {
      db.close();
    }
    const listed = await runCli(['--home', dir, '--as', 'ada', 'keys', 'list']);
    expect(listed.out).toContain('payments');
  });

  it('refuses a --scope-label that is not key=value', async () => {
    const result = await runCli(['--home', home(), '--as', 'ada', 'keys', 'create', '--actor', 'x', '--scope-label', 'nonsense']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--scope-label nonsense is not key=value');
  });
});
