import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_RUNBOOKS } from '../../../../../src/package-files.js';
import { runCli } from '../../../../helpers/run-cli.js';

// The search path as a user meets it: their directories first, then the runbooks shipped with irctl.
describe('the runbook search path', () => {
  let previous: string | undefined;
  let userDir: string;
  let home: string;

  beforeEach(() => {
    previous = process.env.IRCTL_BUILTIN_RUNBOOKS;
    process.env.IRCTL_BUILTIN_RUNBOOKS = 'on';
    const root = mkdtempSync(join(tmpdir(), 'irctl-search-path-'));
    userDir = join(root, 'mine');
    home = join(root, 'home');
    mkdirSync(userDir);
    // a user's own shell-in-container overrides the shipped one
    writeFileSync(
      join(userDir, 'shell.yaml'),
      'apiVersion: irctl/v1\nkind: Runbook\nname: shell-in-container\nseverity: low\ninputs: { container: { required: true } }\nsteps:\n  - id: note\n    uses: core.log\n    with: { message: "mine" }\n',
    );
    // and one that does not load: an action that does not exist
    writeFileSync(
      join(userDir, 'broken.yaml'),
      'apiVersion: irctl/v1\nkind: Runbook\nname: broken-one\nseverity: low\nsteps:\n  - id: a\n    uses: docker.nope\n',
    );
  });

  afterEach(() => {
    if (previous === undefined) delete process.env.IRCTL_BUILTIN_RUNBOOKS;
    else process.env.IRCTL_BUILTIN_RUNBOOKS = previous;
  });

  it('lists the built-in runbooks after the user ones, says where each comes from, and shows overrides and invalid files', async () => {
    const result = await runCli(['--json', '--runbooks', userDir, 'runbook', 'list']);
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.out);
    const from = Object.fromEntries(listing.runbooks.map((r: { name: string; from: string }) => [r.name, r.from]));
    expect(from).toMatchObject({ 'container-compromise': 'built-in', 'brute-force-login': 'built-in', cryptominer: 'built-in', 'config-drift': 'built-in' });
    expect(listing.runbooks.find((r: { name: string }) => r.name === 'shell-in-container')).toMatchObject({
      severity: 'low',
      file: join(userDir, 'shell.yaml'),
    });
    expect(listing.overridden).toEqual([
      { name: 'shell-in-container', from: 'built-in', file: join(BUILTIN_RUNBOOKS, 'shell-in-container.yaml'), by: expect.stringContaining('shell.yaml') },
    ]);
    expect(listing.invalid).toHaveLength(1);
    expect(listing.invalid[0]).toMatchObject({ name: 'broken-one', valid: false, problems: 1 });
    expect(listing.invalid[0].first_problem).toMatch(/broken\.yaml:7:11: steps\[0\]\.uses: .*docker\.nope/);
  });

  it('shows an invalid runbook in the table with its first problem', async () => {
    const result = await runCli(['--runbooks', userDir, 'runbook', 'list']);
    expect(result.code).toBe(0);
    const row = result.out.split('\n').find((line) => line.trim().startsWith('broken-one'));
    expect(row).toMatch(/INVALID .*docker\.nope/);
    expect(result.out).toMatch(/container-compromise .* built-in/);
    expect(result.err).toContain('shell-in-container from built-in is overridden by');
  });

  it('runs of an invalid runbook print its problems (exit 2), not "not found"', async () => {
    const result = await runCli(['--home', home, '--runbooks', userDir, 'run', 'broken-one', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/broken\.yaml:7:11: steps\[0\]\.uses/);
    expect(result.err).not.toContain('not found');
  });

  it('validates the whole search path when given no file', async () => {
    const result = await runCli(['--runbooks', userDir, 'runbook', 'validate']);
    expect(result.code).toBe(2);
    for (const name of ['brute-force-login', 'config-drift', 'container-compromise', 'cryptominer', 'shell-in-container'])
      expect(result.out).toContain(`ok ${join(BUILTIN_RUNBOOKS, `${name}.yaml`)}`);
    expect(result.out).toContain(`ok ${join(userDir, 'shell.yaml')}`);
    expect(result.err).toMatch(/broken\.yaml:7:11/);
  });

  it('finds a built-in runbook by name from a directory with no runbooks', async () => {
    const result = await runCli(['--runbooks', join(home, 'none-here'), 'runbook', 'show', 'container-compromise']);
    expect(result.code).toBe(0);
    expect(result.out).toContain(join(BUILTIN_RUNBOOKS, 'container-compromise.yaml'));
  });
});
