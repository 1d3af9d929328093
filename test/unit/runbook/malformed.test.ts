import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

// Every malformed runbook in test/fixtures/runbooks/invalid, run through the real CLI entry:
// exit 2, the first problem at the exact line:column with a message that says what was expected,
// all on one screen, and never a stack trace.

const INVALID = fileURLToPath(new URL('../../fixtures/runbooks/invalid/', import.meta.url));

const cases: [file: string, at: string, fragment: string][] = [
  ['alias-bomb.yaml', '2:1', 'too many alias uses'],
  ['auto-not-allowed.yaml', '10:11', 'action "exec.host" may not run automatically'],
  ['bad-duration.yaml', '10:14', 'expected a duration such as 500ms'],
  ['bad-next-type.yaml', '10:11', 'expected a step id, "end", or a list of { if, goto }, got 7'],
  ['bad-on-timeout.yaml', '10:19', 'unknown step "rollback"; expected abort, continue or a step id'],
  ['bad-runbook-name.yaml', '4:7', 'expected a runbook name'],
  ['bad-severity.yaml', '5:11', 'got "hihg" (did you mean "high"?)'],
  ['bad-step-id.yaml', '7:9', 'expected a step id'],
  ['comments-only.yaml', '1:1', 'the file holds no runbook'],
  ['dangling-next.yaml', '10:11', 'unknown step "finnish" (did you mean "finish"?)'],
  ['dangling-on-failure.yaml', '10:17', 'unknown step "cleanup"; expected abort, continue, rollback or a step id'],
  ['dangling-on-reject.yaml', '10:18', 'unknown step "rollbak"'],
  ['duplicate-id-in-parallel.yaml', '15:13', 'duplicate step id "note": already used by steps[0]'],
  ['duplicate-step-id.yaml', '10:9', 'duplicate step id "note"'],
  ['empty-steps.yaml', '6:8', 'expected at least 1 item, got 0 items'],
  ['empty.yaml', '1:1', 'the file holds no runbook'],
  ['expression-bad-if.yaml', '10:30', 'bad expression: unexpected character "="'],
  ['expression-syntax.yaml', '9:47', 'bad expression: unexpected end of expression'],
  ['expression-unterminated.yaml', '9:43', 'bad expression: missing closing }}'],
  ['injection-constructor.yaml', '9:50', 'bad expression: unexpected "("'],
  ['injection-proto-in-with.yaml', '11:7', 'key "__proto__" is not allowed'],
  ['injection-proto-key.yaml', '6:1', 'key "__proto__" is not allowed'],
  ['injection-proto-path.yaml', '11:27', '"__proto__" is not allowed in an expression'],
  ['injection-terminal-escape.yaml', '8:11', 'unknown action "core.log\\u001b[2J'],
  ['injection-unknown-function.yaml', '9:27', 'unknown function "eval"'],
  ['input-bad-name.yaml', '7:3', 'expected an input name'],
  ['input-bad-pattern.yaml', '8:14', 'pattern is not a valid regular expression'],
  ['input-default-not-matching.yaml', '9:14', `does not match the input's pattern`],
  ['input-default-wrong-type.yaml', '9:14', 'default "ten" is not a number'],
  ['input-pattern-on-number.yaml', '9:14', 'pattern applies only to string inputs'],
  ['jump-into-parallel.yaml', '18:11', 'is a branch of parallel group "group"'],
  ['later-step-in-expression.yaml', '9:33', 'step "scan" has not run yet'],
  ['loop-no-way-out.yaml', '10:11', 'loop with no way out: steps "ping", "pong"'],
  ['missing-steps.yaml', '2:1', 'missing required key "steps"'],
  ['multiple-documents.yaml', '10:1', 'a second YAML document (---) starts here'],
  ['next-inside-parallel.yaml', '12:15', 'a branch of parallel group "group" cannot jump'],
  ['retry-too-many.yaml', '10:24', 'expected a number ≤ 20, got 500'],
  ['self-loop.yaml', '10:11', 'loop with no way out: steps "spin"'],
  ['step-two-kinds.yaml', '9:5', 'a step has exactly one of uses, approval or parallel'],
  ['step-without-kind.yaml', '7:5', 'expected a step with uses (run an action), approval'],
  ['top-level-list.yaml', '2:1', 'expected a mapping at the top'],
  ['top-level-scalar.yaml', '2:1', 'expected a mapping at the top'],
  ['trigger-reads-steps.yaml', '8:9', 'a trigger is evaluated before any step runs'],
  ['trigger-undeclared-input.yaml', '12:7', 'trigger sets input "containr" that the runbook does not declare'],
  ['trigger-unknown-source.yaml', '7:13', 'got "splunk"'],
  ['undefined-input.yaml', '11:37', 'input "contianer" is not declared (did you mean "container"?)'],
  ['unknown-action.yaml', '8:11', 'unknown action "core.lgo" (did you mean "core.log"?)'],
  ['unknown-step-in-expression.yaml', '12:33', 'step "scan" does not exist'],
  ['unknown-step-key.yaml', '10:5', 'unknown key "on_falure" (did you mean "on_failure"?)'],
  ['unknown-top-key.yaml', '6:1', 'unknown key "descripton" (did you mean "description"?)'],
  ['unreachable-step.yaml', '11:5', 'step "orphan" can never run'],
  ['unresolved-alias.yaml', '9:11', 'alias to an anchor that is not defined'],
  ['with-missing-param.yaml', '9:11', 'missing required key "message"'],
  ['with-unknown-param.yaml', '11:7', 'unknown key "durration" (did you mean "duration"?)'],
  ['with-wrong-type.yaml', '10:16', 'expected a list, got "uptime; rm -rf /"'],
  ['wrong-api-version.yaml', '2:13', 'expected "irctl/v1", got "apps/v1"'],
  ['wrong-kind.yaml', '3:7', 'expected "Runbook", got "Playbook"'],
  ['wrong-type-auto.yaml', '10:11', 'expected true or false, got "yes please"'],
  ['yaml-bad-indentation.yaml', '7:9', 'YAML syntax'],
  ['yaml-duplicate-key.yaml', '10:5', 'this key appears twice in the same mapping'],
  ['yaml-tab-indent.yaml', '7:1', 'a tab is used for indentation'],
  ['yaml-unclosed-flow.yaml', '10:3', 'YAML syntax'],
];

function expectOneScreenWithoutStack(err: string): void {
  expect(err).not.toMatch(/^\s+at /m);
  expect(err).not.toContain('unexpected error');
  expect(err.split('\n').length).toBeLessThan(25);

  expect(err).not.toMatch(/\u001b/);
}

describe('irctl runbook validate on malformed runbooks', () => {
  it('has a case for every fixture in the invalid folder', () => {
    expect(cases.map(([file]) => file).sort()).toEqual(
      readdirSync(INVALID)
        .filter((f) => f.endsWith('.yaml'))
        .sort(),
    );
  });

  it.each(cases)('%s is refused at %s with "%s"', async (file, at, fragment) => {
    const path = join(INVALID, file);
    const result = await runCli(['runbook', 'validate', path]);
    expect(result.code).toBe(2);
    const firstLine = result.err.split('\n')[0]!;
    expect(firstLine).toContain(`${path}:${at}: `);
    expect(firstLine).toContain(fragment);
    expectOneScreenWithoutStack(result.err);
  });
});

describe('irctl runbook validate on hostile sizes and shapes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'irctl-malformed-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('refuses a 5 MB document before reading it', async () => {
    const path = write('huge.yaml', `apiVersion: irctl/v1\ndescription: "${'x'.repeat(5 * 1024 * 1024)}"\n`);
    const result = await runCli(['runbook', 'validate', path]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${path}:1:1: runbook is 5242917 bytes; the limit is 1048576 bytes`);
    expectOneScreenWithoutStack(result.err);
  });

  it('refuses brackets nested thousands deep at the first bracket too many', async () => {
    const path = write('deep-flow.yaml', `steps: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const result = await runCli(['runbook', 'validate', path]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${path}:1:72: brackets nested deeper than 64 levels`);
  });

  it('refuses indentation nested hundreds deep', async () => {
    const path = write('deep-block.yaml', Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'));
    const result = await runCli(['runbook', 'validate', path]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${path}:258:1: indented or nested deeper than 256 columns`);
  });

  it('refuses aliases that stack nesting beyond what the source shows', async () => {
    let text = `a0: &a0 ${'['.repeat(60)}${']'.repeat(60)}\n`;
    for (let i = 1; i < 10; i++) text += `a${i}: &a${i} ${'['.repeat(60)}*a${i - 1}${']'.repeat(60)}\n`;
    const path = write('deep-alias.yaml', text);
    const result = await runCli(['runbook', 'validate', path]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('values nested deeper than 256 levels');
  });

  it('names a missing file as not found (exit 5), not as invalid', async () => {
    const result = await runCli(['runbook', 'validate', join(dir, 'nope.yaml')]);
    expect(result.code).toBe(5);
    expect(result.err).toContain('nope.yaml not found');
  });
});
