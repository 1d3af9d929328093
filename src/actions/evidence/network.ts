import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineAction, type CapturedEvidence } from '../contract.js';
import { targetParams } from '../../docker/target.js';
import { ActionFailedError } from '../../errors.js';
import { parseSocketTable, SOCKET_TABLES, type SocketProtocol } from '../../evidence/proc-net.js';
import { capturedOutcome, evidenceTarget, type EvidenceTarget } from './capture-target.js';
import { execOutput } from './exec-output.js';
import { hostInitProcess } from './host-proc.js';
import { jsonSource } from './sources.js';
import { plural } from '../../text.js';

interface SocketTables {
  via: 'host-proc' | 'exec';
  tables: { protocol: SocketProtocol; path: string; text: Buffer }[];
}

/**
 * Read the socket tables of the container's network namespace from the host, through its init
 * process: /proc/<pid>/net/*. Works while the container is paused and runs nothing in it; only
 * where hostInitProcess finds that process (otherwise says why not).
 */
function readFromHost(target: EvidenceTarget): SocketTables | string {
  const init = hostInitProcess(target);
  if (typeof init === 'string') return init;
  try {
    const tables: SocketTables['tables'] = [];
    for (const protocol of SOCKET_TABLES) {
      const path = `/proc/${init.pid}/net/${protocol}`;
      try {
        tables.push({ protocol, path, text: readFileSync(path) }); // procfs: no disk behind it, read at once
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // no IPv6 in the kernel: no table
      }
    }
    return { via: 'host-proc', tables };
  } catch (error) {
    return `cannot read /proc/${init.pid} on this machine: ${(error as Error).message}`;
  }
}

/** The same tables through `docker exec cat` inside the container: for a remote engine. */
async function readThroughExec(target: EvidenceTarget, signal: AbortSignal): Promise<SocketTables> {
  if (target.info.State.Paused) {
    throw new ActionFailedError(`cannot read the sockets of ${target.label} through docker exec: it is paused`, {
      hint: 'run irctl on the Docker host itself so /proc can be read without exec, or put evidence.network before docker.pause',
    });
  }
  const tables: SocketTables['tables'] = [];
  for (const protocol of SOCKET_TABLES) {
    const path = `/proc/net/${protocol}`;
    const result = await execOutput(target, ['cat', path], signal);
    if (result.exitCode === 0) tables.push({ protocol, path, text: result.stdout });
  }
  if (tables.length === 0) {
    throw new ActionFailedError(`could not read any socket table inside ${target.label} with cat /proc/net/tcp`, {
      hint: 'the image may have no cat; run irctl on the Docker host so it reads /proc from outside',
    });
  }
  return { via: 'exec', tables };
}

export const evidenceNetwork = defineAction({
  name: 'evidence.network',
  phase: 'evidence',
  summary: "Save the container's open connections and listening sockets: raw /proc/net tables and parsed JSON.",
  params: z
    .object({
      ...targetParams,
      via: z
        .enum(['auto', 'host-proc', 'exec'])
        .default('auto')
        .describe('auto: /proc of the init process on the host when the engine is local, else docker exec'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.exec'],
  example: `- id: connections\n  uses: evidence.network\n  with: { container: "\${{ inputs.container }}" }\n  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, 'evidence.network');
    // A stopped container has no network namespace left; its logs, diff and export are still there.
    if (!target.info.State.Running || target.info.State.Pid <= 0) {
      return { kind: 'skipped', reason: `not running (${target.info.State.Status}): no sockets to read` };
    }
    let tables: SocketTables | undefined;
    if (ctx.params.via !== 'exec') {
      const fromHost = readFromHost(target);
      if (typeof fromHost !== 'string') tables = fromHost;
      else if (ctx.params.via === 'host-proc') throw new ActionFailedError(`cannot read the sockets of ${target.label} from the host: ${fromHost}`, { hint: 'use via: exec (runs cat inside the container)' });
      else ctx.log.info({ reason: fromHost }, 'evidence.network falls back to docker exec');
    }
    tables ??= await readThroughExec(target, ctx.signal);

    const sockets = tables.tables.flatMap((table) => parseSocketTable(table.protocol, table.text.toString('utf8')));
    const listening = sockets.filter((s) => s.state === 'LISTEN' || s.state === 'UNCONN').map((s) => `${s.protocol} ${s.local}`);
    const connections = sockets.filter((s) => s.state !== 'LISTEN' && s.state !== 'UNCONN').map((s) => `${s.protocol} ${s.local} -> ${s.remote} ${s.state}`);
    const how = { ...target.provenance.how, via: tables.via, pid: target.info.State.Pid };
    // the parsed JSON and each raw table, made durable together: one fsync round and one
    // transaction instead of five (this step stands in front of isolate in the shipped runbooks)
    const batch = ctx.evidence.batch();
    let captured: CapturedEvidence[];
    try {
      // staged side by side; the batch keeps them in this order (the parsed JSON first)
      const staged = await Promise.allSettled([
        batch.add({
          name: `network-${target.label}.json`,
          kind: 'network',
          mediaType: 'application/json',
          source: jsonSource({ via: tables.via, pid: target.info.State.Pid, tables: tables.tables.map((t) => t.path), listening, connections, sockets }),
          ...target.provenance,
          how,
        }),
        ...tables.tables.map((table) =>
          batch.add({
            name: `network-${target.label}.${table.protocol}.txt`,
            kind: 'network',
            mediaType: 'text/plain',
            source: table.text,
            ...target.provenance,
            how: { ...how, file: table.path },
          }),
        ),
      ]);
      const failed = staged.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      captured = await batch.commit();
    } catch (error) {
      await batch.discard();
      throw error;
    }
    return capturedOutcome(`saved ${plural(listening.length, 'listening socket')} and ${plural(connections.length, 'connection')} of ${target.label} (via ${tables.via})`, captured, {
      via: tables.via,
      listening,
      connections,
    });
  },
});
