// Compile src/ to dist/ and stamp the build with the time it started, so bin/irctl.js can tell a
// build that is older than the sources (in a checkout it then runs the sources through tsx).
// A failed build fails loudly: an installed irctl runs only from dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = new Date();

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// --if-stale: nothing to do when the stamp is at least as new as every source (as bin/irctl.js judges).
const stamp = `${root}dist/.built`;
if (process.argv.includes('--if-stale') && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource(`${root}src`)) process.exit(0);
rmSync(`${root}dist/.built`, { force: true });
try {
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
} catch {
  console.error('irctl: the TypeScript build failed (errors above)');
  process.exit(1);
}
mkdirSync(`${root}dist`, { recursive: true });
// What `irctl --help` lists, read from the built commands themselves, so the top-level help needs
// to load none of them (src/cli/commands/index.ts, src/package-files.ts).
const { Command } = await import('commander');
const { summarizeCommands } = await import(`${root}dist/cli/commands/index.js`);
writeFileSync(`${root}dist/command-summary.json`, `${JSON.stringify(await summarizeCommands(new Command('irctl')), null, 1)}\n`);

// The CLI as bin/irctl.js runs it: tsc's modules bundled into dist/irctl.js, each command's code in
// its own chunk (dist/irctl-*.js) loaded when that command runs. Node resolves, reads and compiles a
// few dozen files instead of three hundred: ~100 ms less start-up for every command. Packages stay
// in node_modules. Every file lands directly in dist/, where src/package-files.ts expects it.
for (const name of readdirSync(`${root}dist`)) if (/^irctl(-.*)?\.js$/.test(name)) rmSync(`${root}dist/${name}`);
const { build } = await import('esbuild');
await build({
  entryPoints: [{ in: `${root}dist/bin.js`, out: 'irctl' }],
  outdir: `${root}dist`,
  chunkNames: 'irctl-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
writeFileSync(`${root}dist/.built`, `${started.toISOString()}\n`);
utimesSync(`${root}dist/.built`, started, started);
