import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ArtifactClaim } from './chain.js';
import type { CustodyProblem } from './problems.js';

/** SHA-256 of a file, streamed: evidence images can be many GiB. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Check each evidence file's bytes against what its record claims; one problem per bad file. */
export async function checkArtifacts(incidentId: string, evidenceDir: string, claims: ArtifactClaim[]): Promise<CustodyProblem[]> {
  const problems: CustodyProblem[] = [];
  const root = resolve(evidenceDir);
  for (const claim of claims) {
    const path = resolve(root, claim.location);
    const inside = relative(root, path);
    const name = `evidence file ${claim.location} (record ${claim.seq})`;
    if (inside.startsWith('..') || isAbsolute(inside)) {
      problems.push({ incidentId, seq: claim.seq, kind: 'artifact-location', message: `${name} points outside the evidence directory ${root}` });
      continue;
    }
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      problems.push({ incidentId, seq: claim.seq, kind: 'artifact-missing', message: `${name} is missing from ${root}` });
      continue;
    }
    if (claim.size !== null && size !== claim.size) {
      problems.push({
        incidentId,
        seq: claim.seq,
        kind: 'artifact-mismatch',
        message: `${name} is ${size} bytes, the ledger recorded ${claim.size}: the file was changed or replaced`,
      });
      continue;
    }
    const actual = await sha256File(path);
    if (actual !== claim.sha256) {
      problems.push({
        incidentId,
        seq: claim.seq,
        kind: 'artifact-mismatch',
        message: `${name} has SHA-256 ${actual}, the ledger recorded ${claim.sha256}: its bytes were changed`,
      });
    }
  }
  return problems;
}

/**
 * Check claims against files already hashed elsewhere (a bundle read as a stream): the same
 * problems as checkArtifacts, without touching the disk. `lookup` gives what was hashed at a
 * location, or undefined when there is no such file; `where` names the container, e.g. "the bundle".
 */
export function checkArtifactHashes(
  incidentId: string,
  claims: ArtifactClaim[],
  lookup: (location: string) => { size: number; sha256: string } | undefined,
  where: string,
): CustodyProblem[] {
  const problems: CustodyProblem[] = [];
  for (const claim of claims) {
    const name = `evidence file ${claim.location} (record ${claim.seq})`;
    const file = lookup(claim.location);
    if (!file) problems.push({ incidentId, seq: claim.seq, kind: 'artifact-missing', message: `${name} is missing from ${where}` });
    else if (claim.size !== null && file.size !== claim.size) {
      problems.push({
        incidentId,
        seq: claim.seq,
        kind: 'artifact-mismatch',
        message: `${name} is ${file.size} bytes, the ledger recorded ${claim.size}: the file was changed or replaced`,
      });
    } else if (file.sha256 !== claim.sha256) {
      problems.push({
        incidentId,
        seq: claim.seq,
        kind: 'artifact-mismatch',
        message: `${name} has SHA-256 ${file.sha256}, the ledger recorded ${claim.sha256}: its bytes were changed`,
      });
    }
  }
  return problems;
}
