#!/usr/bin/env node
// Entry point installed as `irctl`. Runs the TypeScript sources through tsx so there is no build
// step to forget; src/bin.ts is the only place that calls process.exit.
import { register } from 'tsx/esm/api';
register();
await import('../src/bin.ts');
