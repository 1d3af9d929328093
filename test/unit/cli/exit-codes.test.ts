import { describe, expect, it } from 'vitest';
import { exitCodeForRun } from '../../../src/cli/commands/run/shared.js';
import {
  ActionFailedError,
  DockerUnreachableError,
  ExitCode,
  IntegrityError,
  NotFoundError,
  RefusedError,
  RunbookInvalidError,
  UsageError,
  WaitingError,
  exitCodeOf,
  exitCodeOfErrorCode,
} from '../../../src/errors.js';
import { runCli } from '../../helpers/run-cli.js';

const classes = [UsageError, RunbookInvalidError, NotFoundError, RefusedError, DockerUnreachableError, IntegrityError, ActionFailedError, WaitingError];

describe('the one exit-code table (src/errors.ts)', () => {
  it('gives every error the exit code and code its class declares, and finds the class by code', () => {
    for (const errorClass of classes) {
      const error = errorClass === RunbookInvalidError ? new RunbookInvalidError([]) : new (errorClass as typeof UsageError)('boom');
      expect(error.code).toBe(errorClass.code);
      expect(exitCodeOf(error)).toBe(errorClass.exitCode);
      expect(exitCodeOfErrorCode(errorClass.code)).toBe(errorClass.exitCode);
    }
    expect(exitCodeOfErrorCode('NO_SUCH_CODE')).toBeUndefined();
    expect(exitCodeOf(new Error('not ours'))).toBe(ExitCode.BUG);
  });

  // marked long: run from the sources (no build summary), the top-level help loads every command
  // module, and the first file in a worker to do so transforms them all while the suite starts up
  it('prints every exit code in --help', { timeout: 60_000 }, async () => {
    const { code, out } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const value of Object.values(ExitCode)) expect(out).toMatch(new RegExp(`^  ${value} +\\S`, 'm'));
    expect(out).toMatch(/^ {2}130 stopped by Ctrl-C/m);
  });

  it('keeps a failed run at exit 1 unless its target, engine or evidence was the trouble', () => {
    const failed = (code: string) => exitCodeForRun({ incidentId: 'inc-1', status: 'failed', failure: { stepId: 's', message: 'm', code } });
    expect(failed(NotFoundError.code)).toBe(5);
    expect(failed(DockerUnreachableError.code)).toBe(6);
    expect(failed(IntegrityError.code)).toBe(7);
    expect(failed(ActionFailedError.code)).toBe(1);
    expect(failed(UsageError.code)).toBe(1);
    expect(exitCodeForRun({ incidentId: 'inc-1', status: 'waiting' })).toBe(3);
    expect(exitCodeForRun({ incidentId: 'inc-1', status: 'succeeded' })).toBe(0);
  });
});
