import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/cli/command-output.js
function commandOutput(command) {
  let root = command;
  while (root.parent)
    root = root.parent;
  const config = root.configureOutput();
  const line = (text) => text.endsWith("\n") ? text : `${text}
`;
  const out = config.writeOut ?? ((text) => process.stdout.write(text));
  const err = config.writeErr ?? ((text) => process.stderr.write(text));
  return {
    json: Boolean(command.optsWithGlobals().json),
    out: (text) => out(line(text)),
    err: (text) => err(line(text))
  };
}

export {
  commandOutput
};
