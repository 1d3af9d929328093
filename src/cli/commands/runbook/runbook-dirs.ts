import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolvePaths } from '../../../config.js';
import { NotFoundError } from '../../../errors.js';
import type { GlobalOptions } from '../../global-options.js';

/** The runbook directories from --runbooks / IRCTL_RUNBOOKS / ./runbooks that exist. */
export function runbookDirs(command: Command): string[] {
  const dirs = resolvePaths(command.optsWithGlobals<GlobalOptions>()).runbookDirs;
  const existing = dirs.filter((dir) => existsSync(dir));
  if (existing.length === 0) {
    throw new NotFoundError(`no runbook directory found (looked in ${dirs.join(', ')})`, {
      hint: 'pass --runbooks DIR[:DIR…], set IRCTL_RUNBOOKS, or run from a directory holding runbooks/',
    });
  }
  return existing;
}
