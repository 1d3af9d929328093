import { appendFile, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GroupFlush } from '../locks.js';
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

/** One write per manifest at a time; appends asked for meanwhile go together in the next, in order. */
const manifestWrites = new GroupFlush<{ incidentId: string; text: string }>((path, appends) =>
  writeLines(path, appends[0]!.incidentId, appends.map((append) => append.text).join('')),
);

/**
 * Append lines to <evidenceDir>/<incidentId>/manifest.jsonl (JSON Lines; the first line names the
 * format and incident) and fsync it. Append-only: a capture costs one write whatever the number of
 * artifacts before it (rewriting the whole manifest each time made a step of N files cost N²). The
 * evidence table and the custody ledger stay the authority; the manifest is their readable copy,
 * written after them and in their order, so a crash can leave it short of the last captures, never
 * ahead. The writes and fsyncs run off the event loop (the captures side by side in front of isolate
 * do not wait on each other's flushes), one at a time per manifest, and appends that arrive while
 * one is written share the next write and fsync: call it right after the commit, in the same turn,
 * and the queue keeps the commit order.
 */
export async function appendManifest(evidenceDir: string, incidentId: string, lines: readonly ManifestLine[]): Promise<string> {
  const path = join(evidenceDir, incidentId, MANIFEST_NAME);
  if (lines.length === 0) return path;
  const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
  await manifestWrites.run(path, { incidentId, text });
  return path;
}

async function writeLines(path: string, incidentId: string, text: string): Promise<void> {
  let handle;
  let head = '';
  try {
    handle = await open(path, 'wx', 0o600); // the first writer heads the file, in the same write
    head = `${JSON.stringify({ format: MANIFEST_FORMAT, incident: incidentId })}\n`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    handle = await open(path, 'a', 0o600);
  }
  try {
    await handle.write(head + text); // one write: lines of another process never interleave
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * After a crash, add the lines of artifacts the evidence table holds but the manifest lacks (a kill
 * between a capture's commit and its manifest append), in the table's order, and return how many.
 * Call it while holding the run's lease, before the run captures again: nothing else writes this
 * manifest then. A last line a power cut tore is ended first, so it stays one unreadable line and
 * the next is whole. Not-captured lines are not restored: the ledger holds them.
 */
export async function completeManifest(evidenceDir: string, incidentId: string, rows: readonly EvidenceRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const path = join(evidenceDir, incidentId, MANIFEST_NAME);
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const listed = new Set(text.split('\n').map(evidenceIdOf));
  const missing = rows.filter((row) => !listed.has(row.id));
  if (missing.length === 0) return 0;
  if (text.length > 0 && !text.endsWith('\n')) await appendFile(path, '\n');
  await appendManifest(evidenceDir, incidentId, missing.map(artifactLine));
  return missing.length;
}

function evidenceIdOf(line: string): string | undefined {
  try {
    const parsed = JSON.parse(line) as { type?: unknown; evidence_id?: unknown };
    return parsed.type === 'artifact' && typeof parsed.evidence_id === 'string' ? parsed.evidence_id : undefined;
  } catch {
    return undefined; // a torn or foreign line names nothing
  }
}
