import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runbookJsonSchema } from '../../../runbook/json-schema.js';
import { printJson } from '../../output.js';
import { commandOutput } from '../../command-output.js';

export function runbookSchemaCommand(): Command {
  return new Command('schema')
    .description('the JSON Schema of runbooks (draft 2020-12), for editors such as yaml-language-server')
    .option('-o, --output <file>', 'write it to this file, e.g. runbooks/runbook.schema.json')
    .action((options: { output?: string }, command: Command) => {
      const output = commandOutput(command);
      const schema = runbookJsonSchema();
      if (!options.output) {
        printJson(output, schema);
        return;
      }
      mkdirSync(dirname(options.output), { recursive: true });
      writeFileSync(options.output, `${JSON.stringify(schema, null, 2)}\n`);
      if (output.json) printJson(output, { file: options.output });
      else output.out(`wrote ${options.output}`);
    });
}
