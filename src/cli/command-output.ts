import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';
import type { Output } from './output.js';

/** The Output the program was configured with (main's sink in tests, stdout/stderr otherwise),
 *  with --json from the global options. Reads the root's configuration rather than importing
 *  main.ts, which would make an import cycle through the command list. */
export function commandOutput(command: Command): Output {
  let root = command;
  while (root.parent) root = root.parent;
  const config = root.configureOutput();
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const out = config.writeOut ?? ((text: string) => process.stdout.write(text));
  const err = config.writeErr ?? ((text: string) => process.stderr.write(text));
  return {
    json: Boolean(command.optsWithGlobals<GlobalOptions>().json),
    out: (text) => out(line(text)),
    err: (text) => err(line(text)),
  };
}
