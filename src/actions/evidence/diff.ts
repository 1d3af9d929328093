import { z } from 'zod';
import { defineAction } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams, type ResolvedTarget } from '../../docker/target.js';
import { capturedOutcome, evidenceTarget } from './capture-target.js';
import { jsonSource } from './sources.js';
import { plural } from '../../text.js';

export type ChangeKind = 'A' | 'C' | 'D';
export interface FilesystemChange {
  path: string;
  kind: ChangeKind;
}

// The engine's numbers for a change, as `docker diff` prints them.
const KIND_NAMES: Record<number, ChangeKind> = { 0: 'C', 1: 'A', 2: 'D' };

/** What changed in the container's filesystem since it was created (docker diff). */
export async function containerChanges(target: ResolvedTarget, signal: AbortSignal): Promise<FilesystemChange[]> {
  const changes = await dockerCall(
    operationOn(target, `list filesystem changes of container ${target.info.Id.slice(0, 12)}`),
    () => target.container.changes({ abortSignal: signal }) as Promise<unknown>,
    { signal },
  );
  // An unchanged container answers `null`, which dockerode hands back as the text "null".
  if (!Array.isArray(changes)) return [];
  return (changes as { Path: string; Kind: number }[]).map((change) => ({ path: change.Path, kind: KIND_NAMES[change.Kind] ?? 'C' }));
}

export const evidenceDiff = defineAction({
  name: 'evidence.diff',
  phase: 'evidence',
  summary: "Save the container's filesystem changes (docker diff: A added, C changed, D deleted) as JSON.",
  params: z.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.changes'],
  example: `- id: diff\n  uses: evidence.diff\n  with: { container: "\${{ inputs.container }}" }\n  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, 'evidence.diff');
    const changes = await containerChanges(target, ctx.signal);
    const counts = { added: 0, changed: 0, deleted: 0 };
    for (const change of changes) counts[change.kind === 'A' ? 'added' : change.kind === 'D' ? 'deleted' : 'changed'] += 1;
    const captured = await ctx.evidence.capture({
      name: `diff-${target.label}.json`,
      kind: 'diff',
      mediaType: 'application/json',
      source: jsonSource({ counts, changes }),
      ...target.provenance,
    });
    return capturedOutcome(`saved ${plural(changes.length, 'filesystem change')} of ${target.label} (${counts.added} added, ${counts.changed} changed, ${counts.deleted} deleted)`, [captured], counts);
  },
});
