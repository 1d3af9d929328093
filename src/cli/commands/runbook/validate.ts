import { Command } from 'commander';
import { RunbookInvalidError, type RunbookIssue } from '../../../errors.js';
import { existsSync } from 'node:fs';
import { findRunbook, loadRunbookFile, loadRunbooks } from '../../../runbook/load.js';
import { plural } from '../../../text.js';
import { runbookDirs } from './runbook-dirs.js';
import { color, printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';

interface FileResult {
  file: string;
  valid: boolean;
  issues: RunbookIssue[];
}

/** A file, or a runbook name as `irctl runbook list` shows it (looked up in the runbook directories). */
function validateOne(target: string, dirs: () => string[]): FileResult {
  try {
    const loaded = existsSync(target) ? loadRunbookFile(target) : findRunbook(target, dirs());
    return { file: loaded.file, valid: true, issues: [] };
  } catch (error) {
    if (error instanceof RunbookInvalidError) return { file: error.issues[0]?.file ?? target, valid: false, issues: error.issues };
    throw error;
  }
}

export function runbookValidateCommand(): Command {
  return new Command('validate')
    .description('check runbook files: schema, actions and their parameters, step references, reachability, loops, expressions (exit 2 on any problem)')
    .argument('[runbooks...]', 'runbook YAML files, or names from irctl runbook list (none: every file on the runbook search path)')
    .action((files: string[], _options: unknown, command: Command) => {
      const output = commandOutput(command);
      const targets = files.length > 0 ? files : searchPathFiles(runbookDirs(command));
      const results = targets.map((file) => validateOne(file, () => runbookDirs(command)));
      const issues = results.flatMap((result) => result.issues);
      if (output.json) printJson(output, { valid: issues.length === 0, files: results });
      else for (const result of results.filter((r) => r.valid)) output.out(`${color.green('ok')} ${result.file}`);
      if (issues.length > 0) {
        const invalid = results.filter((result) => !result.valid).map((result) => result.file);
        throw new RunbookInvalidError(issues, {
          hint: `${plural(issues.length, 'problem')} in ${invalid.length} of ${plural(results.length, 'file')}; fix them and run irctl runbook validate again`,
          details: { issues },
        });
      }
    });
}

/** Every runbook file the search path holds, valid or not (overridden ones too: they are files a person keeps). */
function searchPathFiles(dirs: string[]): string[] {
  const catalog = loadRunbooks(dirs);
  return [...catalog.runbooks.map((loaded) => loaded.file), ...catalog.invalid.map((broken) => broken.file), ...catalog.overridden.map((o) => o.file)].sort();
}
