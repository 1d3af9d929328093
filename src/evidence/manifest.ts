import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { EVIDENCE_FILE_MODE } from '../private-files.js';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Db } from '../store/db.js';
import { listEvidence } from './records.js';

export const MANIFEST_NAME = 'manifest.json';

/**
 * Rewrite <evidenceDir>/<incidentId>/manifest.json from the evidence table: temp file, fsync,
 * rename, so a reader sees the old or the new manifest and never half of one. Synchronous on
 * purpose: reading the rows and renaming cannot interleave with another capture in this process,
 * so the last manifest written always lists every artifact.
 */
export function writeManifest(db: Db, evidenceDir: string, incidentId: string, now: Date = new Date()): string {
  const folder = join(evidenceDir, incidentId);
  const artifacts = listEvidence(db, incidentId).map((row) => ({
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
  }));
  const manifest = { format: 'irctl-evidence-manifest/1', incident: incidentId, updated_at: now.toISOString(), artifacts };
  const finalPath = join(folder, MANIFEST_NAME);
  const tempPath = join(folder, `.${MANIFEST_NAME}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(tempPath, `${JSON.stringify(manifest, null, 2)}\n`, { mode: EVIDENCE_FILE_MODE, flag: 'wx' });
  fsyncPath(tempPath);
  renameSync(tempPath, finalPath);
  fsyncPath(folder);
  return finalPath;
}

/** fsync a file or a directory (a rename is only durable once its directory is synced). */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
