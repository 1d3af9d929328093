import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

describe('usage errors', () => {
  it('a mistyped command gets the suggestion and a pointer to --help, not the whole help screen', async () => {
    const result = await runCli(['rnu']);
    expect(result.code).toBe(2);
    expect(result.err).toContain("unknown command 'rnu'");
    expect(result.err).toContain('(Did you mean run?)');
    expect(result.err).toContain('(add --help for usage)');
    expect(result.err).not.toContain('Usage: irctl');
    expect(result.err.split('\n').length).toBeLessThan(6);
  });

  it('a missing argument names it and points to --help', async () => {
    const result = await runCli(['evidence', 'images']);
    expect(result.code).toBe(2);
    expect(result.err).toContain("missing required argument 'incident'");
    expect(result.err).toContain('(add --help for usage)');
  });
});

describe('an empty store', () => {
  it('irctl incidents names the store it read and where state comes from, so a run from another directory is not a mystery', async () => {
    const home = mkdtempSync(join(tmpdir(), 'irctl-empty-'));
    const result = await runCli(['--home', home, 'incidents']);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain(`no incidents in ${join(home, 'irctl.db')}`);
    expect(result.out).toContain('--home or $IRCTL_HOME');
    const filtered = await runCli(['--home', home, 'incidents', '--status', 'waiting']);
    expect(filtered.out).toBe(`no waiting incidents in ${join(home, 'irctl.db')}\n`);
  });
});
