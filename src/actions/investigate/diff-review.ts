import { z } from 'zod';
import { defineAction } from '../contract.js';
import { changeDetail, classifyChange, leafChanges, type DiffChange } from '../../investigate/diff-rules.js';
import type { Finding } from '../../investigate/findings.js';
import { pathGlobSchema, pathMatcher } from '../../investigate/path-glob.js';
import { readVerifiedJson } from '../../investigate/verified-evidence.js';
import { findingsOutcome, verifiedArtifacts } from './finding-step.js';
import { plural } from '../../text.js';

const diffDocument = z.object({ changes: z.array(z.object({ path: z.string(), kind: z.enum(['A', 'C', 'D']) })) });

export const investigateDiffReview = defineAction({
  name: 'investigate.diff-review',
  phase: 'investigation',
  summary: 'Classify the docker diff evidence: persistence (cron, SSH keys, shell profiles, init), accounts, dropped files in /tmp, binaries, packages, /etc.',
  params: z
    .object({
      allowlist: z.array(pathGlobSchema).default([]).describe('path globs expected to change (/var/log/**, /run/*.pid)'),
      steps: z.array(z.string().min(1)).default([]).describe('only diff evidence captured by these steps (default: any)'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: review-diff\n  uses: investigate.diff-review\n  with: { allowlist: [/var/log/**, /run/**] }`,
  async run(ctx) {
    const allowed = pathMatcher(ctx.params.allowlist);
    const artifacts = await verifiedArtifacts(ctx, { kinds: ['diff'], steps: ctx.params.steps }, 'investigate.diff-review');
    const findings: Finding[] = [];
    let persistence = false;
    let reviewed = 0;
    for (const { row, path } of artifacts) {
      const parsed = diffDocument.safeParse(await readVerifiedJson(path, row));
      const changes: DiffChange[] = parsed.success ? parsed.data.changes : [];
      for (const change of leafChanges(changes)) {
        reviewed++;
        if (allowed(change.path)) continue;
        const classification = classifyChange(change);
        if (!classification) continue;
        persistence ||= classification.persistence;
        findings.push({
          severity: classification.severity,
          kind: classification.category,
          evidenceId: row.id,
          detail: { ...changeDetail(change, classification), persistence: classification.persistence },
        });
      }
    }
    return findingsOutcome(
      ctx,
      findings,
      artifacts.map((a) => a.row.id),
      `reviewed ${plural(reviewed, 'filesystem change')}`,
      {
        persistence,
        reviewed,
        paths: findings.map((finding) => finding.detail.path as string).slice(0, 100),
      },
    );
  },
});
