import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stepPhases } from '../../../engine/compile.js';
import { runbookGraph } from '../../../runbook/graph.js';
import { findRunbook } from '../../../runbook/load.js';
import { printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';
import { runbookDirs } from './runbook-dirs.js';

export function runbookGraphCommand(): Command {
  return new Command('graph')
    .description('a runbook as a Mermaid flowchart (renders in GitHub and GitLab Markdown)')
    .argument('<runbook>', 'runbook name (from the runbook directories) or path to a .yaml file')
    .option('-o, --output <file>', 'write the graph to this file (.mmd) instead of printing it')
    .action((nameOrPath: string, options: { output?: string }, command: Command) => {
      const output = commandOutput(command);
      const dirs = nameOrPath.endsWith('.yaml') || nameOrPath.endsWith('.yml') ? [] : runbookDirs(command);
      const { runbook } = findRunbook(nameOrPath, dirs);
      const phases = stepPhases(runbook);
      const mermaid = runbookGraph(runbook, (step) => phases.get(step.id) ?? 'containment');
      if (options.output) {
        mkdirSync(dirname(options.output), { recursive: true });
        writeFileSync(options.output, mermaid);
      }
      if (output.json) printJson(output, { name: runbook.name, mermaid, ...(options.output ? { file: options.output } : {}) });
      else output.out(options.output ? `wrote ${options.output}` : mermaid);
    });
}
