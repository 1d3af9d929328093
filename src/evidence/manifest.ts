import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvidenceRow } from './records.js';

export const MANIFEST_NAME = 'manifest.jsonl';
export const MANIFEST_FORMAT = 'irctl-evidence-manifest/2';

/** A line of the manifest: an artifact as captured, or paths a step chose not to (or could not) capture. */
export type ManifestLine =
  | ({ type: 'artifact' } & Record<string, unknown>)
  | { type: 'not-captured'; step: string; subject: string; reason: string; paths: string[]; at: string };

/** What the manifest says about one evidence row (the same fields the evidence table holds). */
export function artifactLine(row: EvidenceRow): ManifestLine {
  return {
    type: 'artifact',
    evidence_id: row.id,
    name: row.name,
    path: row.path,
    kind: row.kind,
    media_type: row.media_type,
    status: row.status,
    sha256: row.sha256,
    size: row.size,
    step: row.step_id,
    subject: row.subject,
    captured_at: row.captured_at,
    captured_by: row.captured_by,
    ...(row.error ? { error: row.error } : {}),
  };
}

/**
 * Append lines to <evidenceDir>/<incidentId>/manifest.jsonl (JSON Lines; the first line names the
 * format and incident) and fsync it. Append-only: a capture costs one write whatever the number of
 * artifacts before it (rewriting the whole manifest each time made a step of N files cost N²). The
 * evidence table and the custody ledger stay the authority; the manifest is their readable copy,
 * written after them, so a crash between the two can leave it one batch short, never ahead. The
 * write and the fsync run off the event loop, so the side-by-side captures in front of isolate
 * (and everything else the server does) do not wait on each other's disk flushes.
 */
export async function appendManifest(evidenceDir: string, incidentId: string, lines: readonly ManifestLine[]): Promise<string> {
  const path = join(evidenceDir, incidentId, MANIFEST_NAME);
  if (lines.length === 0) return path;
  try {
    const head = await open(path, 'wx', 0o600); // the first writer heads the file; a second one gets EEXIST
    try {
      await head.write(`${JSON.stringify({ format: MANIFEST_FORMAT, incident: incidentId })}\n`);
    } finally {
      await head.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const handle = await open(path, 'a', 0o600);
  try {
    await handle.write(lines.map((line) => `${JSON.stringify(line)}\n`).join('')); // one write: lines of concurrent steps never interleave
    await handle.sync();
  } finally {
    await handle.close();
  }
  return path;
}

/** fsync a file or a directory (a rename is only durable once its directory is synced), off the event loop. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
