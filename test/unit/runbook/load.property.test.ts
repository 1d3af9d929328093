import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { RunbookInvalidError } from '../../../src/errors.js';
import { loadRunbook } from '../../../src/runbook/load.js';

// Random documents thrown at the loader: it returns a runbook or throws RunbookInvalidError whose
// every issue has a line and column inside the document — nothing else, and it always returns.

const VALID_SOURCE = readFileSync(fileURLToPath(new URL('../../fixtures/runbooks/valid/host-triage.yaml', import.meta.url)), 'utf8');
const VALID = parseDocument(VALID_SOURCE).toJS() as Record<string, unknown>;

function expectOnlyRunbookErrors(source: string): void {
  try {
    loadRunbook(source, 'random.yaml');
  } catch (error) {
    if (!(error instanceof RunbookInvalidError)) throw error;
    const lines = source.split('\n').length;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.line).toBeLessThanOrEqual(lines + 1);
      expect(issue.column).toBeGreaterThanOrEqual(1);
      expect(issue.message).not.toMatch(/[\u0000-\u001f]/);
    }
  }
}

/** Text made of YAML's structural characters, so the parser's unusual paths are walked. */
const yamlish = fc
  .array(
    fc.constantFrom(
      '-',
      ':',
      ' ',
      '  ',
      '\n',
      '[',
      ']',
      '{',
      '}',
      ',',
      '&a',
      '*a',
      '!!str',
      '? ',
      '#',
      '"',
      "'",
      '|',
      '>',
      '%YAML 1.1\n',
      '---\n',
      'steps',
      'id',
      'uses',
      '${{',
      '}}',
      '\t',
      'x',
    ),
    { maxLength: 200 },
  )
  .map((parts) => parts.join(''));

const anyValue = fc.jsonValue({ maxDepth: 4 });

/** A path into the valid runbook, and a value to put there. */
function mutate(document: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(document);
  let node: unknown = copy;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return copy;
    node = (node as Record<string | number, unknown>)[segment];
  }
  if (node !== null && typeof node === 'object') (node as Record<string | number, unknown>)[path[path.length - 1]!] = value;
  return copy;
}

const pathInRunbook = fc.oneof(
  fc.constantFrom<(string | number)[]>(['apiVersion'], ['kind'], ['name'], ['severity'], ['inputs'], ['triggers'], ['steps'], ['extra']),
  fc
    .tuple(
      fc.nat({ max: 6 }),
      fc.constantFrom('id', 'uses', 'with', 'next', 'on_failure', 'if', 'approval', 'parallel', 'retry', 'timeout', 'auto', 'phase', 'bogus'),
    )
    .map(([i, key]) => ['steps', i, key]),
  fc.tuple(fc.nat({ max: 6 }), fc.constantFrom('message', 'command', 'duration', 'allow_failure', '__proto__')).map(([i, key]) => ['steps', i, 'with', key]),
  fc.tuple(fc.constantFrom('container', 'lines', 'new'), fc.constantFrom('type', 'default', 'pattern', 'required')).map(([name, key]) => ['inputs', name, key]),
);

const expressionText = fc.oneof(
  fc.string({ maxLength: 30 }).map((text) => `\${{ ${text} }}`),
  fc.constantFrom("${{ constructor.constructor('x')() }}", '${{ inputs.__proto__ }}', '${{ steps.look.outputs }}', '${{', '}}', '${{ ((((( }}'),
);

describe('loadRunbook under random input', () => {
  it('throws nothing but RunbookInvalidError for arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), expectOnlyRunbookErrors), { numRuns: 200 });
  });

  it('throws nothing but RunbookInvalidError for text built from YAML syntax', () => {
    fc.assert(fc.property(yamlish, expectOnlyRunbookErrors), { numRuns: 300 });
  });

  it('throws nothing but RunbookInvalidError for arbitrary JSON documents', () => {
    fc.assert(
      fc.property(anyValue, (value) => expectOnlyRunbookErrors(JSON.stringify(value))),
      { numRuns: 200 },
    );
  });

  it('throws nothing but RunbookInvalidError for random mutations of a valid runbook', () => {
    fc.assert(
      fc.property(pathInRunbook, fc.oneof(anyValue, expressionText), (path, value) => expectOnlyRunbookErrors(stringify(mutate(VALID, path, value)))),
      { numRuns: 250 },
    );
  });

  it('throws nothing but RunbookInvalidError when a valid runbook is cut or spliced at random', () => {
    fc.assert(
      fc.property(fc.nat({ max: VALID_SOURCE.length }), fc.nat({ max: VALID_SOURCE.length }), yamlish, (from, to, insert) => {
        const [start, end] = from <= to ? [from, to] : [to, from];
        expectOnlyRunbookErrors(VALID_SOURCE.slice(0, start) + insert + VALID_SOURCE.slice(end));
      }),
      { numRuns: 250 },
    );
  });
});
