import {
  resolvePaths
} from "./chunk-LY6QHTT2.js";
import {
  NotFoundError
} from "./chunk-JMAPXXTL.js";

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
