import { z } from 'zod';
import { defineAction } from '../contract.js';
import { ActionFailedError } from '../../errors.js';
import { durationSchema, parseDuration } from '../../duration.js';
import { childTimeout } from '../../long-timers.js';

// Runs a program on the irctl host. The command is an argument array handed to execa without a
// shell, so a value from a runbook or an alert is only ever one argument, never shell syntax.
export const execHost = defineAction({
  name: 'exec.host',
  phase: 'core',
  summary: 'Run a program on the irctl host with an argument array (no shell); capture its output.',
  params: z
    .object({
      command: z.array(z.string()).min(1).describe('program and arguments, e.g. [journalctl, -u, docker.service]'),
      timeout: durationSchema.default('60s'),
      allow_failure: z.boolean().default(false).describe('a non-zero exit is recorded, not a failure'),
      cwd: z.string().optional(),
    })
    .strict(),
  idempotent: false,
  auto: false,
  requires: [],
  example: `- id: host-uptime\n  uses: exec.host\n  with: { command: [uptime] }`,
  async run({ params, signal }) {
    const [file, ...args] = params.command;
    const { execa } = await import('execa'); // loaded when a step runs, not at start-up
    const result = await execa(file!, args, {
      timeout: childTimeout(parseDuration(params.timeout)),
      cancelSignal: signal,
      reject: false,
      shell: false,
      cwd: params.cwd,
      stdin: 'ignore',
      maxBuffer: 16 * 1024 * 1024,
    });
    if (result.failed && !(params.allow_failure && result.exitCode !== undefined)) {
      const why = result.timedOut ? 'timed out' : result.exitCode !== undefined ? `exited ${result.exitCode}` : result.shortMessage;
      throw new ActionFailedError(`${params.command.join(' ')} ${why}: ${String(result.stderr).slice(0, 500)}`);
    }
    return {
      kind: 'done',
      summary: `${file} exited ${result.exitCode}`,
      outputs: { exit_code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) },
    };
  },
});
