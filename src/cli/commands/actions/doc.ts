import { z } from 'zod';
import { actions } from '../../../actions/registry.js';
import type { ActionDefinition } from '../../../actions/contract.js';

// docs/actions.md, made from the registry (npm run docs:actions); a test fails when the file is stale.

interface ParamSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: ParamSchema[];
}

const yesNo = (flag: boolean) => (flag ? 'yes' : 'no');
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function typeOf(schema: ParamSchema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' \\| ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' or ');
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  return schema.type ?? 'any';
}

function paramsTable(action: ActionDefinition): string[] {
  const schema = z.toJSONSchema(action.params, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, ParamSchema>; required?: string[] };
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return ['No parameters.'];
  return [
    '| parameter | type | required | default | description |',
    '|---|---|---|---|---|',
    ...entries.map(([name, param]) =>
      [
        '',
        `\`${name}\``,
        cell(typeOf(param)),
        yesNo(schema.required?.includes(name) ?? false),
        param.default === undefined ? '' : `\`${cell(JSON.stringify(param.default))}\``,
        cell(param.description ?? ''),
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
}

/** The whole of docs/actions.md. */
export function renderActionsDoc(): string {
  const lines = [
    '# Actions',
    '',
    '<!-- Generated from src/actions/registry.ts by `npm run docs:actions`; do not edit by hand. -->',
    '',
    'Every action a runbook step can use (`uses:`), from the registry. **auto**: may run without a human',
    '(alert-opened incidents, `auto: true`); **idempotent**: re-run after a crash mid-step without asking;',
    '**undo**: rolled back by `rollback` and by `irctl release`. `irctl actions show NAME` prints the same.',
    '',
    '| action | phase | auto | idempotent | undo | summary |',
    '|---|---|---|---|---|---|',
    ...actions.map(
      (a) =>
        `| [\`${a.name}\`](#${a.name.replace('.', '')}) | ${a.phase} | ${yesNo(a.auto)} | ${yesNo(a.idempotent)} | ${yesNo(a.undo !== undefined)} | ${cell(a.summary)} |`,
    ),
  ];
  for (const action of actions) {
    lines.push(
      '',
      `## ${action.name}`,
      '',
      action.summary,
      '',
      `Phase: ${action.phase}. Auto: ${yesNo(action.auto)}. Idempotent: ${yesNo(action.idempotent)}. Undo: ${yesNo(action.undo !== undefined)}.` +
        (action.requires.length > 0 ? ` Docker API: ${action.requires.map((r) => `\`${r}\``).join(', ')}.` : ''),
      '',
      ...paramsTable(action),
      '',
      '```yaml',
      action.example,
      '```',
    );
  }
  return `${lines.join('\n')}\n`;
}
