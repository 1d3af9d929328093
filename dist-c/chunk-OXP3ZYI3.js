import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  resolvePaths
} from "./chunk-4VXJMZ3F.js";
import {
  NotFoundError
} from "./chunk-HPPMOGYY.js";

// dist/cli/commands/runbook/runbook-dirs.js
import { existsSync } from "node:fs";
function runbookDirs(command) {
  const dirs = resolvePaths(command.optsWithGlobals()).runbookDirs;
  const existing = dirs.filter((dir) => existsSync(dir));
  if (existing.length === 0) {
    throw new NotFoundError(`no runbook directory found (looked in ${dirs.join(", ")})`, {
      hint: "pass --runbooks DIR[:DIR\u2026], set IRCTL_RUNBOOKS, or run from a directory holding runbooks/"
    });
  }
  return existing;
}

export {
  runbookDirs
};
