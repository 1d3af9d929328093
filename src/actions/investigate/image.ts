import { z } from 'zod';
import { defineAction } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import type { Finding } from '../../investigate/findings.js';
import { readVerifiedJson } from '../../investigate/verified-evidence.js';
import { expectedImage, imageRefSchema } from '../recover/images.js';
import { findingsOutcome, verifiedArtifacts } from './finding-step.js';

const inspectDocument = z.object({ Id: z.string(), Image: z.string(), Config: z.object({ Image: z.string() }).loose() }).loose();

export const investigateImage = defineAction({
  name: 'investigate.image',
  phase: 'investigation',
  summary: 'Compare the image the container ran (from its inspect evidence) with the expected image; report drift.',
  params: z
    .object({
      expected: imageRefSchema.describe('the image the service should run: a name:tag, name@sha256:… or image id'),
      host: z.string().min(1).max(64).default('local').describe('Docker host the expected image is looked up on'),
      steps: z.array(z.string().min(1)).default([]).describe('only inspect evidence captured by these steps (default: any)'),
    })
    .strict(),
  idempotent: true,
  auto: true,
  requires: ['image.inspect'],
  example: `- id: image-drift\n  uses: investigate.image\n  with: { expected: "registry.example/web:1.4.2" }`,
  async run(ctx) {
    const artifacts = await verifiedArtifacts(ctx, { kinds: ['inspect'], steps: ctx.params.steps }, 'investigate.image');
    const { row, path } = artifacts[artifacts.length - 1]!; // the newest inspect: the container as it was last seen
    const parsed = inspectDocument.safeParse(await readVerifiedJson(path, row));
    if (!parsed.success) {
      return findingsOutcome(ctx, [], [row.id], `inspect evidence ${row.id} names no image`, { drift: false, running_image_id: null, expected_image_id: null });
    }
    const host = ctx.services.docker.host(ctx.params.host);
    const expected = await dockerCall(
      { host: host.name, url: host.url, what: `inspect image ${ctx.params.expected}` },
      () => expectedImage(host.docker, ctx.params.expected, ctx.signal),
      {
        signal: ctx.signal,
      },
    );
    const running = parsed.data.Image;
    const drift = running !== expected.Id;
    const findings: Finding[] = drift
      ? [
          {
            severity: 'high',
            kind: 'image-drift',
            evidenceId: row.id,
            detail: {
              container_id: parsed.data.Id,
              running_ref: parsed.data.Config.Image,
              running_image_id: running,
              expected: ctx.params.expected,
              expected_image_id: expected.Id,
              why: 'the container does not run the expected image',
            },
          },
        ]
      : [];
    return findingsOutcome(
      ctx,
      findings,
      [row.id],
      `container ${parsed.data.Id.slice(0, 12)} runs ${running.slice(0, 19)}; expected ${expected.Id.slice(0, 19)}`,
      {
        drift,
        running_image_id: running,
        expected_image_id: expected.Id,
        expected_digests: expected.RepoDigests ?? [],
      },
    );
  },
});
