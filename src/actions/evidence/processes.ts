import { z } from 'zod';
import { defineAction } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { ActionFailedError } from '../../errors.js';
import { listCgroupProcesses, PS_EF_TITLES } from '../../evidence/proc-processes.js';
import { capturedOutcome, evidenceTarget, type EvidenceTarget } from './capture-target.js';
import { hostInitProcess } from './host-proc.js';
import { jsonSource } from './sources.js';
import { plural } from '../../text.js';

interface ProcessTable {
  via: 'host-proc' | 'docker-top';
  titles: string[];
  rows: string[][];
}

/**
 * The rows ps -ef would give, read from /proc on this machine (the container's cgroup lists its
 * processes): a few milliseconds where docker top takes tens, and this capture stands in front of
 * isolate in the shipped runbooks. Says why not when the engine is remote or /proc does not show it.
 */
async function readFromHost(target: EvidenceTarget): Promise<ProcessTable | string> {
  const init = hostInitProcess(target);
  if (typeof init === 'string') return init;
  try {
    return { via: 'host-proc', titles: [...PS_EF_TITLES], rows: await listCgroupProcesses(init.pid, init.cgroup) };
  } catch (error) {
    return `cannot list the processes of pid ${init.pid}'s cgroup on this machine: ${(error as Error).message}`;
  }
}

// Either way nothing runs inside the container, and it works while the container is paused.
export const evidenceProcesses = defineAction({
  name: 'evidence.processes',
  phase: 'evidence',
  summary: "Save the container's process list (ps -ef columns, read on the Docker host) as JSON.",
  params: z
    .object({
      ...targetParams,
      ps_args: z.string().max(200).default('-ef').describe('arguments for ps on the Docker host (default -ef); others are read through docker top'),
      via: z
        .enum(['auto', 'host-proc', 'docker-top'])
        .default('auto')
        .describe('auto: /proc on this machine when the engine is local and ps_args is -ef, else docker top (the engine runs ps)'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.top'],
  example: `- id: processes\n  uses: evidence.processes\n  with: { container: "\${{ inputs.container }}" }\n  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, 'evidence.processes');
    if (!target.info.State.Running) return { kind: 'skipped', reason: `not running (${target.info.State.Status}): no processes to list` };
    const { ps_args: psArgs, via } = ctx.params;
    if (via === 'host-proc' && psArgs !== '-ef') throw new ActionFailedError(`via: host-proc gives the columns of ps -ef only, not of ps ${psArgs}`, { hint: 'drop ps_args, or use via: docker-top' });

    let table: ProcessTable | undefined;
    if (via !== 'docker-top' && psArgs === '-ef') {
      const fromHost = await readFromHost(target);
      if (typeof fromHost !== 'string') table = fromHost;
      else if (via === 'host-proc') throw new ActionFailedError(`cannot read the processes of ${target.label} from the host: ${fromHost}`, { hint: 'use via: docker-top (the engine runs ps)' });
      else ctx.log.info({ reason: fromHost }, 'evidence.processes falls back to docker top');
    }
    if (!table) {
      const top = await dockerCall(
        operationOn(target, `list the processes of container ${target.label}`),
        () => target.container.top({ ps_args: psArgs, abortSignal: ctx.signal }),
        { signal: ctx.signal },
      );
      table = { via: 'docker-top', titles: top.Titles ?? [], rows: top.Processes ?? [] };
    }
    const { titles } = table;
    const processes = table.rows.map((row) => Object.fromEntries(titles.map((title, i) => [title, row[i] ?? ''])));
    const captured = await ctx.evidence.capture({
      name: `processes-${target.label}.json`,
      kind: 'processes',
      mediaType: 'application/json',
      // init_pid: the entrypoint, so a review tells its lineage from docker exec's even after the
      // host's pids wrap around (a host pid, like the rows')
      source: jsonSource({ ps_args: psArgs, via: table.via, init_pid: target.info.State.Pid, titles, processes }),
      ...target.provenance,
      how: { ...target.provenance.how, via: table.via },
    });
    return capturedOutcome(`saved ${plural(processes.length, 'process', 'processes')} of ${target.label} (via ${table.via})`, [captured], {
      process_count: processes.length,
      via: table.via,
    });
  },
});
