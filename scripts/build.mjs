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
// to load none of them (src/cli/commands/index.ts).
const { Command } = await import('commander');
const { summarizeCommands } = await import(`${root}dist/cli/commands/index.js`);
writeFileSync(`${root}dist/cli/commands/summary.json`, `${JSON.stringify(await summarizeCommands(new Command('irctl')), null, 1)}\n`);
writeFileSync(`${root}dist/.built`, `${started.toISOString()}\n`);
utimesSync(`${root}dist/.built`, started, started);
