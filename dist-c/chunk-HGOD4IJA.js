import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/cli/exit-code.js
function rootOf(command) {
  let root = command;
  while (root.parent)
    root = root.parent;
  return root;
}
function setExitCode(command, code) {
  rootOf(command).exitCodeResult = code;
}
function exitCodeSet(program) {
  return rootOf(program).exitCodeResult;
}

export {
  setExitCode,
  exitCodeSet
};
