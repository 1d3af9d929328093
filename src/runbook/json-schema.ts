import { z } from 'zod';
import { actions, actionNames } from '../actions/registry.js';
import { runbookSchema } from './schema.js';

// The JSON Schema of runbooks (draft 2020-12) for editors: yaml-language-server completes and
// checks a runbook that starts with `# yaml-language-server: $schema=runbook.schema.json`.
// Made from the same zod schema the loader uses, read on its input side (defaulted fields are not
// required), then enriched from the action registry: `uses` lists the actions, and `with` is
// checked against the chosen action's parameters. Like the loader, a parameter written as a
// `${{ }}` expression is accepted whatever its type, because it is only known at run time.

type JsonSchema = Record<string, unknown>;

export const RUNBOOK_SCHEMA_ID = 'https://irctl.dev/schemas/runbook.schema.json';
const EXPRESSION_REF = '#/$defs/expression';

/** Formats defined by JSON Schema; zod also emits its own (starts_with, …), which editors reject. */
const STANDARD_FORMATS = new Set(['date-time', 'date', 'time', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uri', 'uri-reference', 'uuid', 'regex']);

const toJson = (schema: z.ZodType): JsonSchema => {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  visitObjects(json, (node) => {
    if (typeof node.format === 'string' && !STANDARD_FORMATS.has(node.format)) delete node.format;
  });
  return json;
};

export function runbookJsonSchema(): JsonSchema {
  const root = toJson(runbookSchema);
  const defs: Record<string, JsonSchema> = {
    expression: { type: 'string', pattern: '\\$\\{\\{', description: 'a ${{ }} expression, resolved when the step runs' },
  };
  for (const action of actions) {
    const params = toJson(action.params);
    delete params.$schema;
    defs[actionDefName(action.name)] = { ...acceptExpressions(params), description: action.summary };
  }
  visitObjects(root, (schema) => {
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    if (!properties?.uses || !properties.with) return;
    properties.uses = { ...properties.uses, enum: actionNames() };
    schema.allOf = actions.map((action) => ({
      if: { properties: { uses: { const: action.name } }, required: ['uses'] },
      then: { properties: { with: { $ref: `#/$defs/${actionDefName(action.name)}` } } },
    }));
  });
  const { $schema, ...rest } = root;
  return {
    $schema,
    $id: RUNBOOK_SCHEMA_ID,
    title: 'irctl runbook',
    description: 'An incident-response runbook run by irctl (apiVersion irctl/v1, kind Runbook).',
    ...rest,
    $defs: { ...(rest.$defs ?? {}), ...defs },
  };
}

function actionDefName(name: string): string {
  return `action.${name}`;
}

/** Let every value below the top of a parameters schema also be an expression. */
function acceptExpressions(schema: JsonSchema): JsonSchema {
  const wrap = (inner: JsonSchema): JsonSchema => {
    const { description, default: fallback, ...shape } = acceptExpressions(inner);
    return {
      ...(description === undefined ? {} : { description }),
      ...(fallback === undefined ? {} : { default: fallback }),
      anyOf: [shape, { $ref: EXPRESSION_REF }],
    };
  };
  const result: JsonSchema = { ...schema };
  if (isSchema(schema.properties)) {
    result.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, inner]) => [key, wrap(inner as JsonSchema)]));
  }
  if (isSchema(schema.items)) result.items = wrap(schema.items);
  if (isSchema(schema.additionalProperties)) result.additionalProperties = wrap(schema.additionalProperties);
  if (Array.isArray(schema.prefixItems)) result.prefixItems = schema.prefixItems.map((inner) => wrap(inner as JsonSchema));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(schema[key])) result[key] = (schema[key] as JsonSchema[]).map(acceptExpressions);
  }
  return result;
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function visitObjects(value: unknown, visit: (schema: JsonSchema) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item) => visitObjects(item, visit));
    return;
  }
  if (!isSchema(value)) return;
  visit(value);
  for (const inner of Object.values(value)) visitObjects(inner, visit);
}
