import { z } from 'zod';
import { defineAction } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { capturedOutcome, evidenceTarget } from './capture-target.js';
import { withProgress } from './sources.js';
import { plural } from '../../text.js';

export const evidenceExport = defineAction({
  name: 'evidence.export',
  phase: 'evidence',
  summary: "Stream the container's whole filesystem (docker export) into the evidence store as a tar.",
  params: z.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.export'],
  example: `- id: export\n  uses: evidence.export\n  with: { container: "\${{ inputs.container }}" }`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, 'evidence.export');
    const tar = await dockerCall(
      operationOn(target, `export the filesystem of container ${target.label}`),
      () => target.container.export({ abortSignal: ctx.signal }),
      { signal: ctx.signal, streams: true },
    );
    const captured = await ctx.evidence.capture({
      name: `export-${target.label}.tar`,
      kind: 'export',
      mediaType: 'application/x-tar',
      source: withProgress(tar as AsyncIterable<Buffer>, ctx.progress, 'export'),
      ...target.provenance,
    });
    return capturedOutcome(`exported the filesystem of ${target.label} (${plural(captured.size, 'byte')})`, [captured]);
  },
});
