import { once } from 'node:events';
import { hostname } from 'node:os';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { defineAction } from '../contract.js';
import { ActionFailedError, NotFoundError } from '../../errors.js';
import { durationSchema, parseDuration } from '../../duration.js';
import { childTimeout } from '../../long-timers.js';
import { capturedOutcome } from './capture-target.js';
import { withProgress } from './sources.js';
import { plural } from '../../text.js';

const STDERR_KEPT = 64 * 1024;

/**
 * Run a program on the irctl host and stream its stdout into the evidence store. The command is an
 * argument array handed to execa without a shell, so no value can become shell syntax.
 */
export const evidenceHostCommand = defineAction({
  name: 'evidence.host-command',
  phase: 'evidence',
  summary: 'Capture the stdout of a program run on the irctl host (e.g. journalctl -u docker.service), argument array, no shell.',
  params: z
    .object({
      command: z.array(z.string()).min(1).describe('program and arguments, e.g. [journalctl, -u, docker.service, --since, "1 hour ago"]'),
      name: z.string().min(1).max(100).optional().describe('artifact file name (default: host-<program>.txt)'),
      timeout: durationSchema.default('10m'),
      allow_failure: z.boolean().default(false).describe('keep the output of a program that exits non-zero as complete evidence'),
    })
    .strict(),
  idempotent: true,
  // runs whatever the runbook names on the host: a human approves that
  auto: false,
  requires: [],
  example: `- id: docker-daemon-log\n  uses: evidence.host-command\n  with: { command: [journalctl, -u, docker.service, --since, "1 hour ago"] }`,
  async run(ctx) {
    const [program, ...args] = ctx.params.command as [string, ...string[]];
    const { execa } = await import('execa'); // loaded when a step runs, not at start-up
    const subprocess = execa(program, args, {
      shell: false,
      stdin: 'ignore',
      buffer: { stdout: false, stderr: true },
      maxBuffer: { stderr: STDERR_KEPT },
      timeout: childTimeout(parseDuration(ctx.params.timeout)),
      cancelSignal: ctx.signal,
      reject: false,
    });
    // attach a reader at once: execa drains an unread stdout when the program exits
    const stdout = subprocess.stdout.pipe(new PassThrough());
    try {
      // a missing program fails here, before any evidence is attempted
      await once(subprocess, 'spawn');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new NotFoundError(`program "${program}" was not found on the irctl host ${hostname()}`, {
          hint: 'install it, or give its full path as the first element of command',
          cause: error,
        });
      }
      throw new ActionFailedError(`could not start "${program}" on the irctl host: ${(error as Error).message}`, { cause: error });
    }
    const allowFailure = ctx.params.allow_failure;
    // stdout is streamed; only once it has ended do we know whether the program succeeded. A
    // failed program makes the capture fail, so its output is never recorded as complete.
    async function* output(): AsyncGenerator<Buffer> {
      yield* withProgress(stdout, ctx.progress, program);
      const result = await subprocess;
      if (result.failed && !(allowFailure && result.exitCode !== undefined)) {
        const why = result.timedOut ? 'timed out' : result.isCanceled ? 'was cancelled' : result.exitCode !== undefined ? `exited ${result.exitCode}` : result.shortMessage;
        throw new ActionFailedError(`${ctx.params.command.join(' ')} ${why}: ${String(result.stderr ?? '').trim().slice(0, 500)}`, {
          hint: 'run the command by hand on the irctl host to see why; allow_failure: true keeps the output of a non-zero exit',
        });
      }
    }
    const captured = await ctx.evidence.capture({
      name: ctx.params.name ?? `host-${program.split('/').pop()}.txt`,
      kind: 'host-command',
      mediaType: 'text/plain',
      source: output(),
      subject: `host ${hostname()}: ${ctx.params.command.join(' ')}`,
      where: { host: hostname() },
      how: { action: 'evidence.host-command', command: ctx.params.command },
    });
    const result = await subprocess;
    return capturedOutcome(`captured ${plural(captured.size, 'byte')} from ${program} (exit ${result.exitCode ?? 'none'})`, [captured], {
      exit_code: result.exitCode ?? null,
      stderr: String(result.stderr ?? '').slice(0, 2000),
    });
  },
});
