#!/usr/bin/env node
// Entry point installed as `irctl`. Runs the compiled dist/ when it is at least as new as every
// source file (npm install builds it). In a checkout whose sources are newer (an edit not yet
// built), it runs the sources through tsx, a dev dependency, so an edit is never hidden behind a
// stale build. src/bin.ts is the only place that calls process.exit.
import { existsSync, readdirSync, statSync } from 'node:fs';

const stamp = new URL('../dist/.built', import.meta.url);
const bundle = new URL('../dist/irctl.js', import.meta.url);
const sources = new URL('../src/', import.meta.url);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = existsSync(stamp) && existsSync(bundle); // a build from before the bundle is no build
if (built && (!existsSync(sources) || statSync(stamp).mtimeMs >= newestSource(sources))) {
  await import('../dist/irctl.js'); // the bundle of dist/bin.js (scripts/build.mjs)
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error(built ? 'irctl: dist/ is older than src/ and tsx is not installed: run `npm run build`' : 'irctl: not built: run `npm run build`');
    process.exit(70);
  }
  register();
  await import('../src/bin.ts');
}
