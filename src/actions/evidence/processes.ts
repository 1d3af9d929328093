import { z } from 'zod';
import { defineAction } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { capturedOutcome, evidenceTarget } from './capture-target.js';
import { jsonSource } from './sources.js';
import { plural } from '../../text.js';

// `docker top` runs ps on the Docker host over the container's cgroup: it works while the
// container is paused and runs nothing inside it.
export const evidenceProcesses = defineAction({
  name: 'evidence.processes',
  phase: 'evidence',
  summary: "Save the container's process list (docker top, read on the Docker host) as JSON.",
  params: z
    .object({
      ...targetParams,
      ps_args: z.string().max(200).default('-ef').describe('arguments for ps on the Docker host (default -ef)'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.top'],
  example: `- id: processes\n  uses: evidence.processes\n  with: { container: "\${{ inputs.container }}" }\n  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, 'evidence.processes');
    if (!target.info.State.Running) return { kind: 'skipped', reason: `not running (${target.info.State.Status}): no processes to list` };
    const top = await dockerCall(
      operationOn(target, `list the processes of container ${target.label}`),
      () => target.container.top({ ps_args: ctx.params.ps_args, abortSignal: ctx.signal }),
      { signal: ctx.signal },
    );
    const titles: string[] = top.Titles ?? [];
    const processes = (top.Processes ?? []).map((row: string[]) => Object.fromEntries(titles.map((title, i) => [title, row[i] ?? ''])));
    const captured = await ctx.evidence.capture({
      name: `processes-${target.label}.json`,
      kind: 'processes',
      mediaType: 'application/json',
      source: jsonSource({ ps_args: ctx.params.ps_args, titles, processes }),
      ...target.provenance,
    });
    return capturedOutcome(`saved ${plural(processes.length, 'process', 'processes')} of ${target.label}`, [captured], { process_count: processes.length });
  },
});
