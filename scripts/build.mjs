// Compile src/ to dist/ and stamp the build with the time it started, so bin/irctl.js can tell a
// build that is older than the sources (and then runs the sources through tsx instead).
import { execFileSync } from 'node:child_process';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = new Date();
try {
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
} catch {
  // No stamp: bin/irctl.js keeps running the sources through tsx, and `npm test` reports the errors.
  console.error('irctl: the TypeScript build failed; irctl will run from the sources (slower start)');
  process.exit(0);
}
mkdirSync(`${root}dist`, { recursive: true });
writeFileSync(`${root}dist/.built`, `${started.toISOString()}\n`);
utimesSync(`${root}dist/.built`, started, started);
