import { PassThrough } from 'node:stream';
import { dockerCall } from '../../docker/call.js';
import { operationOn, type ResolvedTarget } from '../../docker/target.js';
import { demuxInto } from './demux.js';

export interface ExecOutput {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number | null;
}

/**
 * Run a short command inside the container and collect its (small) output. Only for reading
 * what cannot be read from outside: it runs the container's own, possibly trojaned, binaries.
 */
export async function execOutput(target: ResolvedTarget, cmd: string[], signal: AbortSignal): Promise<ExecOutput> {
  const op = operationOn(target, `run ${cmd.join(' ')} in container ${target.info.Id.slice(0, 12)}`);
  const exec = await dockerCall(op, () => target.container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, abortSignal: signal }), { signal });
  const raw = await dockerCall(op, () => exec.start({ hijack: true, stdin: false, abortSignal: signal }), { signal });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  demuxInto(target.docker.modem, raw, stdout, stderr);
  const [out, err] = await Promise.all([collect(stdout), collect(stderr)]);
  const inspected = await dockerCall(op, () => exec.inspect({ abortSignal: signal }), { signal });
  return { stdout: out, stderr: err, exitCode: inspected.ExitCode };
}

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
