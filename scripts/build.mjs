// Compile src/ to dist/ and stamp the build with the time it started, so bin/irctl.js can tell a
// build that is older than the sources (in a checkout it then runs the sources through tsx).
// A failed build fails loudly: an installed irctl runs only from dist/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = new Date();
rmSync(`${root}dist/.built`, { force: true });
try {
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
} catch {
  console.error('irctl: the TypeScript build failed (errors above)');
  process.exit(1);
}
mkdirSync(`${root}dist`, { recursive: true });
writeFileSync(`${root}dist/.built`, `${started.toISOString()}\n`);
utimesSync(`${root}dist/.built`, started, started);
