import { main } from './cli/main.js';
import { PRIVATE_UMASK } from './private-files.js';

// Everything irctl writes is private to its user (state, evidence, reports, bundles, logs).
process.umask(PRIVATE_UMASK);

// `irctl status … | head` closes the pipe early: that is the reader's choice, not an error. The
// command still finishes as it would (a run stopped by SIGTERM still journals its step, frees its
// lease and exits 143): output nobody reads is dropped, never a reason to exit early.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    throw error;
  });
}

// The only place irctl exits the process.
const code = await main(process.argv.slice(2));
process.exitCode = code;
// The command is done. A prompt left holding stdin or a lingering socket must not keep the
// process alive; the unref'd timer only fires if something else is still holding the loop open.
setTimeout(() => process.exit(code), 200).unref();
