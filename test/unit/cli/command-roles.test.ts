import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-roles-'));
  writeFileSync(join(dir, 'roles.yaml'), 'actors:\n  vera: viewer\n  otto: operator\n');
  return dir;
}

describe('role checks before commands that do not check themselves', () => {
  it('refuses an actor with no role before reading the custody ledger', async () => {
    const result = await runCli(['--home', home(), '--as', 'mallory', 'custody', 'log', 'inc-x']);
    expect(result.code).toBe(4);
    expect(result.err).toContain('mallory may not custody log: it needs the viewer role');
  });

  it('lets a viewer read but not write a checkpoint', async () => {
    const dir = home();
    const read = await runCli(['--home', dir, '--as', 'vera', 'custody', 'log', 'inc-x']);
    expect(read.code).toBe(5); // allowed, then: no such incident
    const write = await runCli(['--home', dir, '--as', 'vera', 'custody', 'checkpoint', 'inc-x']);
    expect(write.code).toBe(4);
    expect(write.err).toContain('needs the operator role');
  });

  it('keeps an operator from starting the alert server', async () => {
    const result = await runCli(['--home', home(), '--as', 'otto', 'serve', '--insecure-no-auth']);
    expect(result.code).toBe(4);
    expect(result.err).toContain('otto may not serve: it needs the admin role');
  });
});
