import { z } from 'zod';
import { defineAction } from '../contract.js';
import { targetParams } from '../../docker/target.js';
import { capturedOutcome, evidenceTarget } from './capture-target.js';
import { jsonSource } from './sources.js';

export const evidenceInspect = defineAction({
  name: 'evidence.inspect',
  phase: 'evidence',
  summary: "Save the container's inspect document (config, state, mounts, networks, init pid) as JSON.",
  params: z.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect'],
  example: `- id: inspect\n  uses: evidence.inspect\n  with: { container: "\${{ inputs.container }}" }\n  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, 'evidence.inspect');
    const captured = await ctx.evidence.capture({
      name: `inspect-${target.label}.json`,
      kind: 'inspect',
      mediaType: 'application/json',
      source: jsonSource(target.info),
      ...target.provenance,
    });
    return capturedOutcome(`saved the inspect document of ${target.label}`, [captured], {
      container_id: target.info.Id,
      state: target.info.State.Status,
      // what recover.recreate rebuilds from by default: the image as named, pinned by its id
      image: target.info.Config.Image,
      image_id: target.info.Image,
    });
  },
});
