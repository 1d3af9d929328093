import { posix } from 'node:path';
import type { ReadEntry } from 'tar';
import { z } from 'zod';
import { defineAction, type ActionContext, type CapturedEvidence, type EvidenceBatch, type JsonValue } from '../contract.js';
import { dockerCall } from '../../docker/call.js';
import { operationOn, targetParams } from '../../docker/target.js';
import { NotFoundError } from '../../errors.js';
import { byCaptureRank } from '../../investigate/diff-rules.js';
import { saveFindings, type Finding } from '../../investigate/findings.js';
import { capturedOutcome, evidenceTarget, type EvidenceTarget } from './capture-target.js';
import { containerChanges, type FilesystemChange } from './diff.js';
import { withProgress } from './sources.js';
import { tarEntries } from './tar-entries.js';
import { plural } from '../../text.js';

const MiB = 1024 * 1024;
/** Bytes of unwanted siblings a shared-parent archive may stream before irctl asks for each path on its own. */
const SIBLING_BUDGET = 16 * MiB;
/** Staged files committed at once at most: bounds the temp files a long archive leaves uncommitted. */
const COMMIT_EVERY = 1024;
/** A file up to this size is read whole and written in the background while the archive goes on. */
const READ_WHOLE_MAX = 1 * MiB;

/**
 * The added or changed paths of a diff, leaves only: the diff also names every parent directory
 * of a change (/tmp for /tmp/.x/miner), and archiving /etc would copy all of it again.
 */
export function leafChangesToCopy(changes: FilesystemChange[]): FilesystemChange[] {
  const kept = changes.filter((change) => change.kind !== 'D');
  const parents = new Set<string>();
  for (const { path } of kept) {
    for (let dir = posix.dirname(path); dir !== '/' && !parents.has(dir); dir = posix.dirname(dir)) parents.add(dir);
  }
  return kept.filter((change) => !parents.has(change.path));
}

/** A path below another chosen path is copied with it: keep the outermost only. */
function outermost(paths: string[]): string[] {
  const chosen = new Set(paths);
  return paths.filter((path) => {
    for (let dir = posix.dirname(path); dir !== '/' && dir !== '.'; dir = posix.dirname(dir)) if (chosen.has(dir)) return false;
    return true;
  });
}

/**
 * One archive request per directory holding two or more of the paths (never the root: that is the
 * whole filesystem), one per path otherwise. Keyed by the path asked for, valued by the paths wanted from it.
 */
export function archivePlan(paths: string[]): Map<string, string[]> {
  const byParent = new Map<string, string[]>();
  for (const path of paths) {
    const parent = posix.dirname(path);
    byParent.set(parent, [...(byParent.get(parent) ?? []), path]);
  }
  const plan = new Map<string, string[]>();
  for (const [parent, wanted] of byParent) {
    if (wanted.length >= 2 && parent !== '/') plan.set(parent, wanted);
    else for (const path of wanted) plan.set(path, [path]);
  }
  return plan;
}

interface Budget {
  files: number;
  bytes: number;
}

interface Copied {
  captured: CapturedEvidence[];
  files: string[]; // container path of each captured artifact, same order
  links: { path: string; target: string }[];
  overBudget: string[];
  missing: string[];
}

type Params = { container: string; host: string; max_bytes: number };

/**
 * Ask the engine for one archive and split it into one artifact per regular file while it streams.
 * Links are listed (never followed); directories give their files. Returns the wanted paths the
 * archive did not hold, or, for a shared-parent archive that turned out mostly unwanted, the ones
 * not reached yet (`retry`), to be asked for one by one.
 */
async function copyArchive(
  ctx: ActionContext<Params>,
  target: EvidenceTarget,
  batch: EvidenceBatch,
  fileHow: Record<string, JsonValue>,
  request: string,
  wanted: string[],
  budget: Budget,
  copied: Copied,
): Promise<{ retry: string[] }> {
  const shared = wanted.length > 1 || wanted[0] !== request;
  let tar: NodeJS.ReadableStream & { destroy?: () => void };
  try {
    tar = await dockerCall(
      operationOn(target, `copy ${request} out of container ${target.label}`),
      () => target.container.getArchive({ path: request, abortSignal: ctx.signal }),
      {
        signal: ctx.signal,
      },
    );
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    if (shared) return { retry: wanted }; // the directory went away: each path says for itself
    copied.missing.push(request);
    return { retry: [] };
  }
  const base = posix.dirname(request); // the archive names its entries from the requested path's last segment
  const exact = new Set(wanted);
  const seen = new Set<string>();
  let siblingBytes = 0;
  try {
    for await (const entry of tarEntries(withProgress(tar as AsyncIterable<Buffer>, ctx.progress, request))) {
      const path = posix.join(base, entry.path).replace(/\/+$/, '');
      const match = exact.has(path) ? path : wanted.find((want) => path.startsWith(`${want}/`));
      if (!match) {
        siblingBytes += entry.size ?? 0;
        entry.resume();
        if (siblingBytes > SIBLING_BUDGET) return { retry: wanted.filter((want) => !seen.has(want)) };
        continue;
      }
      seen.add(match);
      await copyEntry(ctx, target, batch, { ...fileHow, archive: request, requested: match }, entry, path, budget, copied);
      if (batch.staged >= COMMIT_EVERY) await commit(batch, copied);
    }
  } finally {
    tar.destroy?.();
  }
  copied.missing.push(...wanted.filter((want) => !seen.has(want)));
  return { retry: [] };
}

async function copyEntry(
  ctx: ActionContext<Params>,
  target: EvidenceTarget,
  batch: EvidenceBatch,
  how: Record<string, JsonValue>,
  entry: ReadEntry,
  path: string,
  budget: Budget,
  copied: Copied,
): Promise<void> {
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    copied.links.push({ path, target: entry.linkpath ?? '' }); // recorded, never followed: its target may be anywhere
    entry.resume();
    return;
  }
  if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') {
    entry.resume(); // directories give their files; devices and fifos hold no bytes
    return;
  }
  const size = entry.size ?? 0;
  if (copied.files.length >= budget.files || budget.bytes + size > ctx.params.max_bytes) {
    copied.overBudget.push(path);
    entry.resume();
    return;
  }
  budget.bytes += size;
  const file: Record<string, JsonValue> = {
    container_path: path,
    mode: `0${((entry.mode ?? 0) & 0o7777).toString(8)}`,
    uid: entry.uid ?? null,
    gid: entry.gid ?? null,
    owner: entry.uname ?? null,
    mtime: entry.mtime ? entry.mtime.toISOString() : null,
  };
  await batch.add({
    name: `files-${target.label}${path.replace(/\//g, '_')}`,
    kind: 'files',
    mediaType: 'application/octet-stream',
    source: size <= READ_WHOLE_MAX ? await entry.concat() : entry,
    ...target.provenance,
    how: { ...how, ...file }, // mode, owner and mtime live in the ledger: the file alone has only bytes
  });
  copied.files.push(path);
}

/** More changed paths than one step copies: junk written to bury a payload is an evasion. */
function floodFinding(changed: number, maxPaths: number, notCaptured: string[]): Finding {
  return {
    severity: 'high',
    kind: 'diff-flood',
    evidenceId: null,
    detail: {
      changed_paths: changed,
      max_paths: maxPaths,
      not_captured: notCaptured.length,
      why: 'more changed files than one step copies: junk files can be written to bury a dropped payload (possible evasion); the most suspicious paths were taken first',
      first_not_captured: notCaptured.slice(0, 20),
    },
  };
}

async function commit(batch: EvidenceBatch, copied: Copied): Promise<void> {
  copied.captured.push(...(await batch.commit()));
}

export const evidenceFiles = defineAction({
  name: 'evidence.files',
  phase: 'evidence',
  summary: 'Copy chosen paths (or the added/changed paths of the diff, most suspicious first) out of the container, one artifact per file.',
  params: z
    .object({
      ...targetParams,
      paths: z
        .array(z.string().startsWith('/', 'must be an absolute path in the container'))
        .default([])
        .describe('absolute paths in the container (a directory gives all its files)'),
      from_diff: z.boolean().default(false).describe('also take the added or changed paths that docker diff names, most suspicious first'),
      max_paths: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .default(500)
        .describe(
          'copy at most this many files; the rest are listed in the manifest and ledger as not captured (more diff paths than this raises a diff-flood finding)',
        ),
      max_bytes: z
        .number()
        .int()
        .min(1)
        .default(256 * MiB)
        .describe('copy at most this many bytes in the step; files past it are listed as not captured'),
    })
    .strict()
    .refine((params) => params.paths.length > 0 || params.from_diff, {
      message: 'give paths, or from_diff: true',
    }),
  idempotent: true,
  auto: true,
  requires: ['container.inspect', 'container.changes', 'container.archive'],
  example: `- id: dropped-files\n  uses: evidence.files\n  with: { container: "\${{ inputs.container }}", from_diff: true, paths: [/etc/passwd] }`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, 'evidence.files');
    const diff = ctx.params.from_diff ? leafChangesToCopy(await containerChanges(target, ctx.signal)).sort(byCaptureRank) : [];
    const chosen = ctx.params.paths.map((path) => posix.normalize(path).replace(/(.)\/+$/, '$1'));
    const ranked = [...new Set([...chosen, ...diff.map((change) => change.path)])]; // chosen first, then the diff by rank
    // Too many paths for the budget: take the most likely to matter, say which were left (never refuse).
    const selected = outermost(ranked.slice(0, ctx.params.max_paths));
    const left = ranked.slice(ctx.params.max_paths);

    const batch = ctx.evidence.batch();
    // Each file's record says how it was taken: the step's parameters, the archive asked for and
    // the chosen path it answers. The whole list of paths is the step's (journal, runbook): written
    // into every file's record it made the ledger grow with the square of the paths.
    const { paths: _paths, ...stepParams } = ctx.params;
    const fileHow: Record<string, JsonValue> = { ...target.provenance.how, params: { ...stepParams, paths_chosen: ctx.params.paths.length } };
    const copied: Copied = {
      captured: [],
      files: [],
      links: [],
      overBudget: [...left],
      missing: [],
    };
    const budget: Budget = { files: ctx.params.max_paths, bytes: 0 };
    try {
      for (const [request, wanted] of archivePlan(selected)) {
        const { retry } = await copyArchive(ctx, target, batch, fileHow, request, wanted, budget, copied);
        for (const path of retry) await copyArchive(ctx, target, batch, fileHow, path, [path], budget, copied);
        await commit(batch, copied);
      }
    } finally {
      await batch.discard(); // nothing staged survives a failure half-way
    }

    if (copied.overBudget.length > 0) {
      await ctx.evidence.notCaptured({
        subject: target.provenance.subject,
        where: target.provenance.where,
        how: target.provenance.how,
        reason: `over the step's budget (max_paths ${ctx.params.max_paths}, max_bytes ${ctx.params.max_bytes})`,
        paths: copied.overBudget,
      });
    }
    const flood = diff.length > ctx.params.max_paths;
    // the step's own finding; a re-run without a flood clears the old one
    if (ctx.params.from_diff) saveFindings(ctx.services.db, ctx.incidentId, ctx.stepId, flood ? [floodFinding(diff.length, ctx.params.max_paths, copied.overBudget)] : []);
    if (copied.captured.length === 0 && copied.missing.length > 0 && copied.links.length === 0) {
      throw new NotFoundError(`none of the paths exist in container ${target.label}: ${copied.missing.join(', ')}`, {
        hint: 'check the paths against evidence.diff or the container image',
      });
    }
    const notes = [
      copied.missing.length ? `${copied.missing.length} missing` : '',
      copied.overBudget.length ? `${copied.overBudget.length} over budget, listed as not captured` : '',
      flood ? 'diff flood' : '',
    ]
      .filter(Boolean)
      .join('; ');
    return capturedOutcome(`copied ${plural(copied.captured.length, 'file')} out of ${target.label}${notes ? `; ${notes}` : ''}`, copied.captured, {
      paths: copied.files,
      missing: copied.missing,
      links: copied.links,
      not_captured: copied.overBudget.length,
      diff_flood: flood,
    });
  },
});
