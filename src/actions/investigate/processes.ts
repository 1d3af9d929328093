import { z } from 'zod';
import { defineAction } from '../contract.js';
import type { Finding } from '../../investigate/findings.js';
import { linearRegex, linearRegexSchema } from '../../linear-regex.js';
import { classifyProcesses, initPidOf, processDetail, processRows } from '../../investigate/process-rules.js';
import { readVerifiedJson } from '../../investigate/verified-evidence.js';
import { findingsOutcome, verifiedArtifacts } from './finding-step.js';
import { plural } from '../../text.js';

export const investigateProcesses = defineAction({
  name: 'investigate.processes',
  phase: 'investigation',
  summary: 'Flag miners, reverse shells, listeners, shells and processes outside the entrypoint lineage in the processes evidence.',
  params: z
    .object({
      allow: z.array(linearRegexSchema).default([]).describe('command lines (regexes) that are expected, e.g. "^nginx: worker"'),
      steps: z.array(z.string().min(1)).default([]).describe('only processes evidence captured by these steps (default: any)'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: review-processes\n  uses: investigate.processes\n  with: { allow: ["^httpd "] }`,
  async run(ctx) {
    const allow = ctx.params.allow.map((source) => linearRegex(source));
    const artifacts = await verifiedArtifacts(ctx, { kinds: ['processes'], steps: ctx.params.steps }, 'investigate.processes');
    const findings: Finding[] = [];
    let processes = 0;
    for (const { row, path } of artifacts) {
      const document = await readVerifiedJson(path, row);
      const rows = processRows(document);
      processes += rows.length;
      for (const found of classifyProcesses(rows, { allowed: (cmd) => allow.some((regex) => regex.test(cmd)), initPid: initPidOf(document) })) {
        findings.push({ severity: found.severity, kind: found.kind, evidenceId: row.id, detail: processDetail(found) });
      }
    }
    const count = (kind: string) => findings.filter((finding) => finding.kind === kind).length;
    return findingsOutcome(
      ctx,
      findings,
      artifacts.map((a) => a.row.id),
      `reviewed ${plural(processes, 'process', 'processes')}`,
      {
        processes,
        shells: count('shell'),
        miners: count('miner'),
        reverse_shell: count('reverse-shell') > 0,
        listeners: count('listener'),
        foreign: count('foreign-process'),
      },
    );
  },
});
