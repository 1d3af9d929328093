import { join } from 'node:path';
import { sha256File } from '../custody/artifacts.js';
import type { EvidenceRow } from './records.js';

/** ok: the bytes hash to the recorded sha256 · modified: they do not · missing: no file ·
 *  incomplete: the capture failed, there is no hash to check. */
export type VerificationState = 'ok' | 'modified' | 'missing' | 'incomplete';

export interface EvidenceVerification {
  state: VerificationState;
  actualSha256?: string;
}

/** Re-hash one artifact's file now (streaming, via the custody verifier's hasher) and compare. */
export async function verifyEvidenceFile(evidenceDir: string, row: Pick<EvidenceRow, 'path' | 'sha256' | 'status'>): Promise<EvidenceVerification> {
  if (row.status !== 'complete' || row.sha256 === null) return { state: 'incomplete' };
  let actualSha256: string;
  try {
    actualSha256 = await sha256File(join(evidenceDir, row.path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return { state: 'missing' };
    throw error;
  }
  return { state: actualSha256 === row.sha256 ? 'ok' : 'modified', actualSha256 };
}
