import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { defineAction, type CapturedEvidence } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams, type ResolvedTarget } from '../../docker/target.js';
import { parseDuration } from '../../duration.js';
import { capturedOutcome, evidenceTarget } from './capture-target.js';
import { demuxInto } from './demux.js';
import { withProgress } from './sources.js';
import { plural } from '../../text.js';

const timeBound = z
  .string()
  .refine((value) => toUnixSeconds(value, new Date()) !== undefined, 'expected a duration ago such as 1h or 30m, or an ISO 8601 time')
  .describe('a duration ago (1h, 30m) or an ISO 8601 time');

/** "1h" → an hour before now; an ISO time → itself; in Unix seconds, as the engine takes them. */
export function toUnixSeconds(value: string, now: Date): number | undefined {
  let ms: number;
  try {
    ms = now.getTime() - parseDuration(value);
  } catch {
    ms = Date.parse(value);
  }
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

// dockerode's logs() buffers the whole log unless follow is set, and following never ends on a
// running container; dialling the same endpoint with isStream gives a finite stream instead.
function logStream(target: ResolvedTarget, query: Record<string, unknown>, signal: AbortSignal): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    target.docker.modem.dial(
      {
        path: `/containers/${target.info.Id}/logs?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: query,
      },
      (error, stream) => (error ? reject(error) : resolve(stream as NodeJS.ReadableStream)),
    );
  });
}

// Two files, one per stream, rather than one file with markers: each holds exactly the bytes the
// engine sent for that stream (frame headers removed, nothing added), the same as
// `docker logs --timestamps c >stdout 2>stderr`, so a responder can compare by hand; the
// engine's per-line timestamps (always requested) restore the interleaving (sort -m).
export const evidenceLogs = defineAction({
  name: 'evidence.logs',
  phase: 'evidence',
  summary: "Save the container's stdout and stderr logs, with the engine's timestamps, one file per stream.",
  params: z
    .object({
      ...targetParams,
      since: timeBound.optional(),
      until: timeBound.optional(),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.logs'],
  example: `- id: logs\n  uses: evidence.logs\n  with: { container: "\${{ inputs.container }}", since: 1h }\n  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, 'evidence.logs');
    const now = new Date();
    const query = {
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: false,
      ...(ctx.params.since ? { since: toUnixSeconds(ctx.params.since, now) } : {}),
      ...(ctx.params.until ? { until: toUnixSeconds(ctx.params.until, now) } : {}),
    };
    const raw = await dockerCall(operationOn(target, `read the logs of container ${target.label}`), () => logStream(target, query, ctx.signal), {
      signal: ctx.signal,
    });
    const request = (stream: 'stdout' | 'stderr' | 'tty', source: AsyncIterable<Buffer>) =>
      ctx.evidence.capture({
        name: `logs-${target.label}.${stream}.log`,
        kind: 'logs',
        mediaType: 'text/plain',
        source: withProgress(source, ctx.progress, `logs ${stream}`),
        ...target.provenance,
        how: { ...target.provenance.how, stream },
      });
    // a TTY container has one stream and no frame headers: there is nothing to split
    if (target.info.Config.Tty) {
      const captured = await request('tty', raw as AsyncIterable<Buffer>);
      return capturedOutcome(`saved the logs of ${target.label} (tty, ${plural(captured.size, 'byte')})`, [captured], { tty: true });
    }
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    demuxInto(target.docker.modem, raw, stdout, stderr);
    const captures = [request('stdout', stdout), request('stderr', stderr)];
    // one side failing (disk full) must stop the other too, or it would wait for a drain forever
    for (const capture of captures) capture.catch((error: Error) => (raw as unknown as { destroy(error: Error): void }).destroy(error));
    const settled = await Promise.allSettled(captures);
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    const captured = settled.map((result) => (result as PromiseFulfilledResult<CapturedEvidence>).value);
    return capturedOutcome(`saved the logs of ${target.label} (stdout ${plural(captured[0]!.size, 'byte')}, stderr ${plural(captured[1]!.size, 'byte')})`, captured, {
      stdout_bytes: captured[0]!.size,
      stderr_bytes: captured[1]!.size,
    });
  },
});
