#!/usr/bin/env node
// Entry point installed as `irctl`. Runs the compiled dist/ when it is at least as new as every
// source file (npm install builds it); otherwise the TypeScript sources through tsx, so an edit is
// never hidden behind a stale build. src/bin.ts is the only place that calls process.exit.
import { existsSync, readdirSync, statSync } from 'node:fs';

const stamp = new URL('../dist/.built', import.meta.url);
const sources = new URL('../src/', import.meta.url);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource(sources)) {
  await import('../dist/bin.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/bin.ts');
}
