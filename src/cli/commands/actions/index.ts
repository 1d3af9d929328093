import type { Command } from 'commander';
import { z } from 'zod';
import { actions } from '../../../actions/registry.js';
import { commandOutput } from '../../command-output.js';
import { printJson, table } from '../../output.js';
import { NotFoundError } from '../../../errors.js';

/** `irctl actions list|show`: the registry describes itself. */
export function registerActionCommands(program: Command): void {
  const group = program.command('actions').description('the actions runbook steps can use');
  group
    .command('list')
    .description('every action with its phase and flags')
    .action((_options: unknown, command: Command) => {
      const out = commandOutput(command);
      if (out.json)
        return printJson(
          out,
          actions.map((a) => ({ name: a.name, phase: a.phase, summary: a.summary, idempotent: a.idempotent, auto: a.auto, requires: a.requires })),
        );
      out.out(
        table(
          ['action', 'phase', 'auto', 'idempotent', 'summary'],
          actions.map((a) => [a.name, a.phase, a.auto ? 'yes' : 'no', a.idempotent ? 'yes' : 'no', a.summary]),
        ),
      );
    });
  group
    .command('show')
    .description('one action: parameters (JSON Schema), flags and an example step')
    .argument('<name>')
    .action((name: string, _options: unknown, command: Command) => {
      const out = commandOutput(command);
      const action = actions.find((a) => a.name === name);
      if (!action) throw new NotFoundError(`unknown action "${name}"`, { hint: 'irctl actions list' });
      const schema = z.toJSONSchema(action.params, { io: 'input', unrepresentable: 'any' });
      if (out.json)
        return printJson(out, {
          name: action.name,
          phase: action.phase,
          summary: action.summary,
          idempotent: action.idempotent,
          auto: action.auto,
          requires: action.requires,
          params: schema,
          example: action.example,
        });
      out.out(`${action.name}  (${action.phase})  auto: ${action.auto ? 'yes' : 'no'}  idempotent: ${action.idempotent ? 'yes' : 'no'}`);
      out.out(action.summary);
      out.out(`\nparameters:\n${JSON.stringify(schema, null, 2)}`);
      out.out(`\nexample:\n${action.example}`);
    });
}
