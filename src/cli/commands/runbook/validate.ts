import { Command } from 'commander';
import { RunbookInvalidError, type RunbookIssue } from '../../../errors.js';
import { loadRunbookFile } from '../../../runbook/load.js';
import { color, printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';

interface FileResult {
  file: string;
  valid: boolean;
  issues: RunbookIssue[];
}

function validateFile(file: string): FileResult {
  try {
    loadRunbookFile(file);
    return { file, valid: true, issues: [] };
  } catch (error) {
    if (error instanceof RunbookInvalidError) return { file, valid: false, issues: error.issues };
    throw error;
  }
}

export function runbookValidateCommand(): Command {
  return new Command('validate')
    .description('check runbook files: schema, actions and their parameters, step references, reachability, loops, expressions (exit 2 on any problem)')
    .argument('<files...>', 'runbook YAML files')
    .action((files: string[], _options: unknown, command: Command) => {
      const output = commandOutput(command);
      const results = files.map(validateFile);
      const issues = results.flatMap((result) => result.issues);
      if (output.json) printJson(output, { valid: issues.length === 0, files: results });
      else for (const result of results.filter((r) => r.valid)) output.out(`${color.green('ok')} ${result.file}`);
      if (issues.length > 0) {
        const invalid = results.filter((result) => !result.valid).map((result) => result.file);
        throw new RunbookInvalidError(issues, {
          hint: `${issues.length} problem(s) in ${invalid.length} of ${results.length} file(s); fix them and run irctl runbook validate again`,
          details: { issues },
        });
      }
    });
}
