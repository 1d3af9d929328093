import { z } from 'zod';
import { defineAction } from '../contract.js';
import { isPrivateAddress } from '../../investigate/address.js';
import type { Finding } from '../../investigate/findings.js';
import { ipSchema } from '../../investigate/ioc.js';
import { readVerifiedJson } from '../../investigate/verified-evidence.js';
import { findingsOutcome, verifiedArtifacts } from './finding-step.js';
import { plural } from '../../text.js';

const socketsDocument = z.object({
  sockets: z.array(
    z.object({
      protocol: z.string(),
      local: z.string(),
      remote: z.string(),
      remoteAddress: z.string(),
      remotePort: z.number(),
      localPort: z.number(),
      state: z.string(),
    }),
  ),
});

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

export const investigateNetwork = defineAction({
  name: 'investigate.network',
  phase: 'investigation',
  summary: 'Flag connections to non-private addresses or known-bad IPs, and unexpected listening ports, in the network evidence.',
  params: z
    .object({
      ips: z.array(ipSchema).default([]).describe('addresses known to be malicious (critical when connected to)'),
      expected_ports: z.array(z.number().int().min(1).max(65535)).optional().describe('ports the service listens on; any other listener is flagged'),
      steps: z.array(z.string().min(1)).default([]).describe('only network evidence captured by these steps (default: any)'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: review-connections\n  uses: investigate.network\n  with: { ips: [203.0.113.7], expected_ports: [8080] }`,
  async run(ctx) {
    const known = new Set(ctx.params.ips);
    // only the parsed JSON document of each capture; the raw /proc tables beside it hold the same sockets
    const artifacts = (await verifiedArtifacts(ctx, { kinds: ['network'], steps: ctx.params.steps }, 'investigate.network')).filter(
      (a) => a.row.media_type === 'application/json',
    );
    const findings: Finding[] = [];
    let connections = 0;
    for (const { row, path } of artifacts) {
      const parsed = socketsDocument.safeParse(await readVerifiedJson(path, row));
      for (const socket of parsed.success ? parsed.data.sockets : []) {
        const listening = socket.state === 'LISTEN' || (socket.state === 'UNCONN' && UNSPECIFIED.has(socket.remoteAddress));
        const detail = { protocol: socket.protocol, local: socket.local, remote: socket.remote, state: socket.state };
        if (listening) {
          if (ctx.params.expected_ports && !ctx.params.expected_ports.includes(socket.localPort)) {
            findings.push({
              severity: 'medium',
              kind: 'unexpected-listener',
              evidenceId: row.id,
              detail: { ...detail, why: 'listens on a port the service does not use' },
            });
          }
          continue;
        }
        connections++;
        if (known.has(socket.remoteAddress))
          findings.push({ severity: 'critical', kind: 'ioc-connection', evidenceId: row.id, detail: { ...detail, why: 'connected to a known-bad address' } });
        else if (!isPrivateAddress(socket.remoteAddress))
          findings.push({
            severity: 'medium',
            kind: 'external-connection',
            evidenceId: row.id,
            detail: { ...detail, why: 'connected to an address outside private ranges' },
          });
      }
    }
    const count = (kind: string) => findings.filter((finding) => finding.kind === kind).length;
    return findingsOutcome(
      ctx,
      findings,
      artifacts.map((a) => a.row.id),
      `reviewed ${plural(connections, 'connection')}`,
      {
        connections,
        external: count('external-connection'),
        ioc_connections: count('ioc-connection'),
        unexpected_listeners: count('unexpected-listener'),
      },
    );
  },
});
