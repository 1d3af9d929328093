import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CustodyAppender } from '../custody/ledger.js';
import { IntegrityError, NotFoundError } from '../errors.js';
import { listEvidence, type EvidenceRow } from '../evidence/records.js';
import { verifyEvidenceFile } from '../evidence/verify.js';
import type { Db } from '../store/db.js';

export interface EvidenceSelection {
  kinds?: readonly string[];
  steps?: readonly string[];
  evidenceIds?: readonly string[];
}

/** The incident's complete artifacts that match the selection (an empty field selects all). */
export function selectEvidence(db: Db, incidentId: string, selection: EvidenceSelection): EvidenceRow[] {
  const { kinds = [], steps = [], evidenceIds = [] } = selection;
  return listEvidence(db, incidentId).filter(
    (row) =>
      row.status === 'complete' &&
      (kinds.length === 0 || kinds.includes(row.kind)) &&
      (steps.length === 0 || steps.includes(row.step_id)) &&
      (evidenceIds.length === 0 || evidenceIds.includes(row.id)),
  );
}

/** Like selectEvidence, but finding nothing is an error naming what was looked for. */
export function requireEvidence(db: Db, incidentId: string, selection: EvidenceSelection, what: string): EvidenceRow[] {
  const rows = selectEvidence(db, incidentId, selection);
  if (rows.length > 0) return rows;
  const wanted = [
    selection.kinds?.length ? `kind ${selection.kinds.join('|')}` : '',
    selection.steps?.length ? `step ${selection.steps.join('|')}` : '',
    selection.evidenceIds?.length ? `id ${selection.evidenceIds.join('|')}` : '',
  ].filter(Boolean);
  throw new NotFoundError(`incident ${incidentId} has no complete evidence ${wanted.length ? `of ${wanted.join(', ')} ` : ''}for ${what}`, {
    hint: `capture it first (an evidence.* step before this one); irctl evidence ls ${incidentId} lists what there is`,
  });
}

/**
 * Re-hash the artifact's file and compare with the sha256 recorded when it was captured. Nothing
 * is read for analysis before this passes: a missing or altered file stops the step. The check is
 * written to the ledger, so the record says which bytes the findings rest on.
 */
export async function assertVerified(evidenceDir: string, row: EvidenceRow, custody: CustodyAppender, actor: string, stepId: string): Promise<string> {
  const checked = await verifyEvidenceFile(evidenceDir, row);
  if (checked.state !== 'ok') {
    const why =
      checked.state === 'missing'
        ? 'its file is missing'
        : checked.state === 'modified'
          ? `its file now hashes to ${checked.actualSha256}, not the recorded ${row.sha256}`
          : 'its capture never completed';
    throw new IntegrityError(`evidence ${row.id} (${row.path}) cannot be analysed: ${why}`, {
      hint: `irctl custody verify ${row.incident_id} shows every mismatch; findings are never drawn from unverified bytes — capture the evidence again`,
      details: { evidence_id: row.id, state: checked.state },
    });
  }
  custody.record({
    act: 'verified',
    actor,
    subject: row.id,
    how: { step: stepId, purpose: 'analysis' },
    details: { evidence_id: row.id, path: row.path, sha256: row.sha256 },
  });
  return join(evidenceDir, row.path);
}

/** The lines of a verified file, streamed (evidence can be far larger than memory), numbered from 1. */
export async function* linesOf(path: string, signal?: AbortSignal): AsyncGenerator<{ number: number; text: string }> {
  const stream = createReadStream(path, { encoding: 'utf8', signal });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of lines) yield { number: ++number, text };
  } finally {
    lines.close();
    stream.destroy();
  }
}

const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** A small verified JSON artifact (diff, processes, network, inspect): parsed whole. */
export async function readVerifiedJson(path: string, row: EvidenceRow): Promise<unknown> {
  if (row.size > MAX_JSON_BYTES) {
    throw new IntegrityError(`evidence ${row.id} (${row.path}) is ${row.size} bytes, too large to be the JSON document it claims to be`, {
      hint: 'check what step captured it (irctl evidence ls)',
    });
  }
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new IntegrityError(`evidence ${row.id} (${row.path}) is not valid JSON: ${(error as Error).message}`, {
      hint: 'it was captured as JSON; run irctl custody verify to see whether it was altered',
      cause: error,
    });
  }
}
