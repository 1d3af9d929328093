import { posix } from 'node:path';
import { z } from 'zod';
import { defineAction, type CapturedEvidence } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { capturedOutcome, evidenceTarget } from './capture-target.js';
import { containerChanges, type FilesystemChange } from './diff.js';
import { withProgress } from './sources.js';
import { plural } from '../../text.js';

/**
 * The added or changed paths of a diff, leaves only: the diff also names every parent directory
 * of a change (/tmp for /tmp/.x/miner), and archiving /etc would copy all of it again.
 */
export function pathsFromDiff(changes: FilesystemChange[]): string[] {
  const kept = changes.filter((change) => change.kind !== 'D').map((change) => change.path);
  const parents = new Set<string>();
  for (const path of kept) {
    for (let dir = posix.dirname(path); dir !== '/' && !parents.has(dir); dir = posix.dirname(dir)) parents.add(dir);
  }
  return kept.filter((path) => !parents.has(path)).sort();
}

export const evidenceFiles = defineAction({
  name: 'evidence.files',
  phase: 'evidence',
  summary: 'Copy chosen paths (or every added/changed path of the diff) out of the container as tar archives.',
  params: z
    .object({
      ...targetParams,
      paths: z.array(z.string().startsWith('/', 'must be an absolute path in the container')).default([]).describe('absolute paths in the container'),
      from_diff: z.boolean().default(false).describe('also take every added or changed path that docker diff names'),
      max_paths: z.number().int().min(1).max(10_000).default(500).describe('refuse to copy more paths than this in one step'),
    })
    .strict()
    .refine((params) => params.paths.length > 0 || params.from_diff, { message: 'give paths, or from_diff: true' }),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.changes', 'container.archive'],
  example: `- id: dropped-files\n  uses: evidence.files\n  with: { container: "\${{ inputs.container }}", from_diff: true, paths: [/etc/passwd] }`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, 'evidence.files');
    const fromDiff = ctx.params.from_diff ? pathsFromDiff(await containerChanges(target, ctx.signal)) : [];
    const paths = [...new Set([...ctx.params.paths.map((path) => posix.normalize(path)), ...fromDiff])];
    if (paths.length > ctx.params.max_paths) {
      throw new UsageError(`evidence.files would copy ${paths.length} paths from ${target.label}, more than max_paths (${ctx.params.max_paths})`, {
        hint: 'raise max_paths in the step, or take the whole filesystem with evidence.export',
      });
    }
    const captured: CapturedEvidence[] = [];
    const missing: string[] = [];
    for (const path of paths) {
      let tar: NodeJS.ReadableStream;
      try {
        tar = await dockerCall(operationOn(target, `copy ${path} out of container ${target.label}`), () => target.container.getArchive({ path, abortSignal: ctx.signal }), {
          signal: ctx.signal,
        });
      } catch (error) {
        // gone since the diff was taken, or never there: say so in the outputs, keep the rest
        if (error instanceof NotFoundError) {
          missing.push(path);
          continue;
        }
        throw error;
      }
      captured.push(
        await ctx.evidence.capture({
          name: `files-${target.label}${path.replace(/\//g, '_')}.tar`,
          kind: 'files',
          mediaType: 'application/x-tar',
          source: withProgress(tar as AsyncIterable<Buffer>, ctx.progress, path),
          ...target.provenance,
          how: { ...target.provenance.how, container_path: path },
        }),
      );
    }
    if (captured.length === 0 && missing.length > 0) {
      throw new NotFoundError(`none of the paths exist in container ${target.label}: ${missing.join(', ')}`, {
        hint: 'check the paths against evidence.diff or the container image',
      });
    }
    return capturedOutcome(`copied ${plural(captured.length, 'path')} out of ${target.label}${missing.length ? `; ${missing.length} missing` : ''}`, captured, {
      paths: paths.filter((path) => !missing.includes(path)),
      missing,
    });
  },
});
