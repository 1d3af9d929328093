import { fileURLToPath } from 'node:url';

// Files of the installed package, found from this module. It sits one level below the package root
// in every layout irctl runs from: src/ (through tsx), dist/ (tsc's output) and dist/'s bundle,
// where every module's import.meta.url is a file directly in dist/. A module deeper in the tree
// would name a different file in the bundle than in src/, so package paths live here and nowhere else.

/** The runbooks that ship inside the package (runbooks/ next to src/ and dist/). */
export const BUILTIN_RUNBOOKS = fileURLToPath(new URL('../runbooks', import.meta.url));

/** The CLI's entry point, for the processes irctl starts itself (a detached run). */
export const IRCTL_BIN = fileURLToPath(new URL('../bin/irctl.js', import.meta.url));

/** What `irctl --help` lists, written by the build (scripts/build.mjs); absent in a source checkout. */
export const COMMAND_SUMMARY_FILE = new URL('./command-summary.json', import.meta.url);

/** The WAL checkpointer's worker (src/store/wal-checkpointer.ts), copied beside dist/'s modules by the build. */
export const WAL_CHECKPOINT_WORKER = new URL('./store/wal-checkpoint-worker.mjs', import.meta.url);
