import { z } from 'zod';
import { defineAction, type ActionContext } from '../contract.js';
import { NotFoundError } from '../../errors.js';
import { prepareIntent } from '../write-ahead.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { capturedOutcome, evidenceTarget, type EvidenceTarget } from './capture-target.js';
import { withProgress } from './sources.js';
import { plural } from '../../text.js';

/** Repository names are lower-case; tags allow [A-Za-z0-9_.-], at most 128. */
function imageRef(incidentId: string, stepId: string, at: Date): { repo: string; tag: string } {
  const repo = `irctl-evidence/${incidentId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'incident'}`;
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const tag = `${stepId}-${stamp}`.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 128);
  return { repo, tag };
}

const ACTION = 'evidence.commit';

/** The image an earlier attempt of this step committed, if it got that far. */
async function existingImage(target: EvidenceTarget, ref: string, signal: AbortSignal): Promise<{ Id: string } | undefined> {
  return dockerCall(operationOn(target, `inspect image ${ref}`), () => target.docker.getImage(ref).inspect() as Promise<{ Id: string }>, { signal }).catch(
    (error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    },
  );
}

async function commitImage(ctx: ActionContext<{ container: string; host: string }>, target: EvidenceTarget, repo: string, tag: string, capturedAt: string): Promise<{ Id: string }> {
  const labels = { 'irctl.incident': ctx.incidentId, 'irctl.step': ctx.stepId, 'irctl.captured_at': capturedAt, 'irctl.container': target.info.Id };
  return dockerCall(
    operationOn(target, `commit container ${target.label}`),
    // the query names the container and the image; the body's Labels are merged into the image config.
    // pause=false when already paused: the engine would otherwise unpause it when the commit ends.
    () =>
      target.container.commit({
        _query: { container: target.info.Id, repo, tag, comment: `irctl evidence for incident ${ctx.incidentId}, step ${ctx.stepId}`, pause: !target.info.State.Paused },
        _body: { Labels: labels },
        abortSignal: ctx.signal,
      }) as Promise<{ Id: string }>,
    { signal: ctx.signal, changes: true },
  );
}

export const evidenceCommit = defineAction({
  name: 'evidence.commit',
  phase: 'evidence',
  summary: 'Commit the container to a forensic image labelled with the incident, then docker save it into the evidence store.',
  params: z.object({ ...targetParams }).strict(),
  idempotent: true,
  // writes a new image on the Docker host and briefly pauses a running container
  auto: false,
  requires: ['container.inspect', 'container.commit', 'image.save'],
  example: `- id: commit\n  uses: evidence.commit\n  with: { container: "\${{ inputs.container }}" }`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, ACTION);
    // write-ahead: the image's name before the commit, so a re-run after a crash saves the image
    // the first attempt committed instead of committing (and leaving behind) a second one
    const { prior } = await prepareIntent(ctx, target, ACTION, () => {
      const at = new Date();
      return { ...imageRef(ctx.incidentId, ctx.stepId, at), captured_at: at.toISOString() };
    });
    const { repo, tag, captured_at: capturedAt } = z.object({ repo: z.string(), tag: z.string(), captured_at: z.string() }).parse(prior);
    const committed = (await existingImage(target, `${repo}:${tag}`, ctx.signal)) ?? (await commitImage(ctx, target, repo, tag, capturedAt));
    const image = target.docker.getImage(`${repo}:${tag}`);
    const tar = await dockerCall(operationOn(target, `save image ${repo}:${tag}`), () => image.get(), { signal: ctx.signal, streams: true });
    const captured = await ctx.evidence.capture({
      name: `image-${target.label}.tar`,
      kind: 'image',
      mediaType: 'application/x-tar',
      source: withProgress(tar as AsyncIterable<Buffer>, ctx.progress, 'docker save'),
      ...target.provenance,
      how: { ...target.provenance.how, image_id: committed.Id, image_ref: `${repo}:${tag}` },
    });
    return capturedOutcome(`committed ${target.label} to ${repo}:${tag} and saved it (${plural(captured.size, 'byte')})`, [captured], {
      image_id: committed.Id,
      image_ref: `${repo}:${tag}`,
    });
  },
});
