import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NotFoundError, RunbookInvalidError } from '../../../src/errors.js';
import { findRunbook, loadRunbook, loadRunbookDir, loadRunbookFile } from '../../../src/runbook/load.js';

const VALID = fileURLToPath(new URL('../../fixtures/runbooks/valid/', import.meta.url));
const INVALID = fileURLToPath(new URL('../../fixtures/runbooks/invalid/', import.meta.url));

function problemsOf(source: string): string[] {
  try {
    loadRunbook(source, 'test.yaml');
  } catch (error) {
    if (error instanceof RunbookInvalidError) return error.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

const header = 'apiVersion: irctl/v1\nkind: Runbook\nname: t\nseverity: low\n';

describe('loadRunbook', () => {
  it('loads the valid fixtures with defaults applied', () => {
    const { runbook } = loadRunbookFile(join(VALID, 'host-triage.yaml'));
    expect(runbook.name).toBe('host-triage');
    expect(runbook.steps[0]).toMatchObject({ id: 'announce', uses: 'core.log', on_failure: 'abort', auto: true });
    expect(runbook.inputs.container).toMatchObject({ type: 'string', required: true });
  });

  it('locates a path in the source by line and column', () => {
    const loaded = loadRunbookFile(join(VALID, 'host-triage.yaml'));
    const line = loaded.source.split('\n').findIndex((text) => text.includes('id: settle')) + 1;
    expect(loaded.locate(['steps', 5, 'id'])).toEqual({ line, column: 9 });
  });

  it('reports every problem of a document in one pass, in reading order', () => {
    const problems = problemsOf(`${header}steps:
  - id: a
    uses: core.lgo
    with: { message: hi }
  - id: a
    uses: core.log
    with: { mesage: hi }
    next: nowhere
`);
    expect(problems).toEqual([
      '7:11 steps[0].uses: unknown action "core.lgo" (did you mean "core.log"?); see irctl actions list',
      '9:9 steps[1].id: duplicate step id "a": already used by steps[0]',
      '11:11 steps[1].with.message: missing required key "message" (expected a string)',
      '11:13 steps[1].with.mesage: unknown key "mesage" (did you mean "message"?)',
      '12:11 steps[1].next: unknown step "nowhere"; expected end or a step id',
    ]);
  });

  it('leaves a parameter written as an expression to be checked at run time', () => {
    expect(
      problemsOf(`${header}inputs:
  cmd: { required: true }
steps:
  - id: host
    uses: exec.host
    with: { command: "\${{ inputs.cmd }}", timeout: "\${{ inputs.cmd }}" }
`),
    ).toEqual([]);
  });

  it('still checks the parameters of an action next to one written as an expression', () => {
    expect(
      problemsOf(`${header}inputs:
  cmd: { required: true }
steps:
  - id: host
    uses: exec.host
    with: { command: ["\${{ inputs.cmd }}"], allow_failure: sometimes }
`),
    ).toEqual(['10:60 steps[0].with.allow_failure: expected true or false, got "sometimes"']);
  });

  it('accepts a loop that a conditional next can leave', () => {
    expect(loadRunbookFile(join(VALID, 'poll-until-ready.yaml')).runbook.steps).toHaveLength(3);
  });

  it('accepts a loop through an approval gate, which a human can reject', () => {
    expect(
      problemsOf(`${header}steps:
  - id: work
    uses: core.log
    with: { message: again }
  - id: again
    approval: { roles: [admin] }
    next: work
`),
    ).toEqual([]);
  });

  it('does not count a failure as a way out of a loop', () => {
    expect(
      problemsOf(`${header}steps:
  - id: work
    uses: core.fail
    on_failure: abort
    next: work
`),
    ).toEqual([
      '9:11 steps[0].next: loop with no way out: steps "work" only ever lead to each other; let one of them leave: a next entry with an if, next: end, or an approval gate',
    ]);
  });

  it('treats next entries after one without an if as never taken', () => {
    expect(
      problemsOf(`${header}steps:
  - id: a
    uses: core.log
    with: { message: a }
    next: [{ goto: c }, { if: "true", goto: b }]
  - id: b
    uses: core.log
    with: { message: b }
  - id: c
    uses: core.log
    with: { message: c }
`),
    ).toEqual([expect.stringMatching(/^10:5 steps\[1\]: step "b" can never run/)]);
  });

  it('lets a step read the outputs of a branch of an earlier parallel group', () => {
    expect(
      problemsOf(`${header}steps:
  - id: group
    parallel:
      - { id: one, uses: core.log, with: { message: "1" } }
      - { id: two, uses: core.log, with: { message: "2" } }
  - id: after
    uses: core.log
    with: { message: "\${{ steps.one.outputs.message }}" }
`),
    ).toEqual([]);
  });

  it('lets a next condition read the outputs of the step it follows, but not its with', () => {
    expect(
      problemsOf(`${header}steps:
  - id: probe
    uses: core.log
    with: { message: "\${{ steps.probe.outputs.message }}" }
    next:
      - if: steps.probe.outputs.message == 'x'
        goto: end
  - id: after
    uses: core.log
    with: { message: b }
`),
    ).toEqual(['8:27 steps[0].with.message: step "probe" cannot read its own outputs before it has run']);
  });

  it('refuses a sibling branch reading another branch of the same group', () => {
    expect(
      problemsOf(`${header}steps:
  - id: group
    parallel:
      - { id: one, uses: core.log, with: { message: "1" } }
      - { id: two, uses: core.log, with: { message: "\${{ steps.one.outputs.message }}" } }
`),
    ).toEqual([expect.stringContaining('step "one" has not run yet')]);
  });
});

describe('runbook directories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-runbooks-'));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'host-triage.yaml'), readFileSync(join(VALID, 'host-triage.yaml')));
  writeFileSync(join(dir, 'nested', 'poll.yml'), readFileSync(join(VALID, 'poll-until-ready.yaml')));
  writeFileSync(join(dir, 'broken.yaml'), readFileSync(join(INVALID, 'dangling-next.yaml')));
  writeFileSync(join(dir, 'runbook.schema.yaml'), 'not: a runbook\n');
  writeFileSync(join(dir, 'notes.txt'), 'ignored');

  it('loads every runbook below a directory and keeps the errors of those that fail', () => {
    const catalog = loadRunbookDir(dir);
    expect(catalog.runbooks.map((r) => r.runbook.name).sort()).toEqual(['host-triage', 'poll-until-ready']);
    expect(catalog.invalid.map((i) => i.file)).toEqual([join(dir, 'broken.yaml')]);
    expect(catalog.invalid[0]!.error.issues[0]!.message).toContain('unknown step "finnish"');
  });

  it('finds a runbook by its name, or by a path to its file', () => {
    expect(findRunbook('poll-until-ready', [dir]).file).toBe(join(dir, 'nested', 'poll.yml'));
    expect(findRunbook(join(VALID, 'host-triage.yaml'), []).runbook.name).toBe('host-triage');
  });

  it('shows why a file named like the runbook asked for does not load', () => {
    expect(() => findRunbook('broken', [dir])).toThrow(RunbookInvalidError);
  });

  it('names the available runbooks when the one asked for is not there', () => {
    expect(() => findRunbook('nope', [dir])).toThrow(NotFoundError);
    expect(() => findRunbook('nope', [dir])).toThrow('available: host-triage, poll-until-ready');
  });
});
