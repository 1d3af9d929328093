import { mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeQuietly, startVictim, testDocker, uniqueName } from '../helpers/docker.js';

// The package as a user gets it: `npm pack` (which builds dist/), unpacked into a prefix as
// `npm install --prefix` lays it out, and run from an empty directory. Its dependencies are the
// shared install, linked: an offline `npm install` would compile better-sqlite3 from source
// (its prebuilt binaries come from GitHub, not the npm registry), far too slow for a test.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHIPPED = ['brute-force-login', 'config-drift', 'container-compromise', 'cryptominer', 'shell-in-container'];

// Several whole processes (npm pack, tar, seven irctl runs): each test is marked long on its own.
const LONG = { timeout: 60_000 };

describe('the packed package, installed into a prefix', () => {
  const docker = testDocker();
  const victim = uniqueName('pkg');
  let modules: string;
  let empty: string;
  let irctl: (args: string[]) => ReturnType<typeof execa>;

  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'irctl-package-'));
    // `npm pack` would run `prepare` (a whole tsc build) again; global-setup has built dist/ if it
    // was stale, so pack what is there: the same files a user's pack would hold
    await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, stdio: 'ignore' });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'))!;

    const prefix = join(work, 'prefix');
    modules = join(prefix, 'lib', 'node_modules');
    mkdirSync(modules, { recursive: true });
    mkdirSync(join(prefix, 'bin'));
    await execa('tar', ['-xzf', join(work, tarball), '-C', modules]);
    renameSync(join(modules, 'package'), join(modules, 'irctl'));
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(modules, 'irctl', 'node_modules'));
    symlinkSync('../lib/node_modules/irctl/bin/irctl.js', join(prefix, 'bin', 'irctl'));

    empty = join(work, 'empty');
    mkdirSync(empty);
    // the test suite turns built-in runbooks off; a user has them
    irctl = (args) => execa(join(prefix, 'bin', 'irctl'), args, { cwd: empty, reject: false, env: { IRCTL_BUILTIN_RUNBOOKS: '', NO_COLOR: '1' } });
  }, LONG.timeout);

  afterAll(() => removeQuietly(docker.getContainer(victim)));

  it('holds the built CLI, its docs and runbooks, and lists the shipped runbooks from an empty directory', LONG, async () => {
    expect(readdirSync(join(modules, 'irctl')).sort()).toEqual(['README.md', 'bin', 'dist', 'docs', 'node_modules', 'package.json', 'runbooks', 'scripts']);
    const listed = await irctl(['--json', 'runbook', 'list']);
    expect(listed.exitCode, String(listed.stderr)).toBe(0);
    const runbooks = JSON.parse(String(listed.stdout)).runbooks as { name: string; from: string; file: string }[];
    expect(runbooks.map((r) => [r.name, r.from])).toEqual(SHIPPED.map((name) => [name, 'built-in']));
    expect(runbooks.every((r) => r.file.startsWith(join(modules, 'irctl', 'runbooks')))).toBe(true);
  });

  it('validates the shipped runbooks', LONG, async () => {
    const validated = await irctl(['runbook', 'validate']);
    expect(validated.exitCode, String(validated.stderr)).toBe(0);
    expect(String(validated.stdout).trim().split('\n')).toHaveLength(SHIPPED.length);
  });

  it('dry-runs each shipped runbook against a real container, leaving nothing behind', LONG, async () => {
    await startVictim(docker, { name: victim });
    const dryRuns = await Promise.all(SHIPPED.map((name) => irctl(['run', name, '--input', `container=${victim}`, '--dry-run'])));
    for (const [i, dry] of dryRuns.entries()) {
      const name = SHIPPED[i]!;
      expect(dry.exitCode, `${name}: ${String(dry.stdout)}${String(dry.stderr)}`).toBe(0);
      expect(String(dry.stdout)).toContain(`dry run of ${name}`);
      expect(String(dry.stderr)).not.toContain('Warning'); // no Node warnings on stderr
    }
    expect(readdirSync(empty)).toEqual([]); // a dry run leaves nothing behind
  });
});
