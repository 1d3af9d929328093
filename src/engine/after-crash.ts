// What a crash leaves in an incident's evidence folder, put right when a run is taken up again
// (the caller holds the run's lease, so nothing else writes there).
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appendCustody } from '../custody/ledger.js';
import { completeManifest, MANIFEST_NAME } from '../evidence/manifest.js';
import { listEvidence } from '../evidence/records.js';
import type { Services } from '../services.js';
import { addTimeline } from './incidents.js';

const PARTIAL_CAPTURE = /^\.ev-.*\.partial$/;

/**
 * What a capture cut off by a crash leaves in the incident's folder, removed and said so on the
 * record. The run is ours now (we hold the lease), so nothing is writing there:
 * - its temp file (`.ev-….partial`), with no evidence row;
 * - a file it had already named but not yet recorded (a kill between the link to the final name and
 *   the commit of its row): a complete file under an evidence name that no row, record or manifest
 *   line claims. Left there it would look like evidence; the step captures it again.
 */
export function removeInterruptedCaptures(services: Services, incidentId: string): void {
  const folder = join(services.paths.evidenceDir, incidentId);
  if (!existsSync(folder)) return;
  const entries = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile());
  for (const { name } of entries.filter((entry) => PARTIAL_CAPTURE.test(entry.name))) {
    rmSync(join(folder, name), { force: true });
    addTimeline(services.db, incidentId, 'partial_capture_removed', { actor: services.actor, detail: { file: name } });
    appendCustody(services.db, incidentId, {
      act: 'capture-failed',
      actor: services.actor,
      subject: name,
      details: { reason: 'the process stopped during the capture; its partial file was removed on resume' },
    });
  }
  const recorded = new Set(listEvidence(services.db, incidentId).map((row) => row.path));
  const unrecorded = entries.filter(({ name }) => !name.startsWith('.') && name !== MANIFEST_NAME && !recorded.has(`${incidentId}/${name}`));
  for (const { name } of unrecorded) {
    const path = join(folder, name);
    const size = statSync(path).size;
    rmSync(path, { force: true });
    addTimeline(services.db, incidentId, 'unrecorded_file_removed', { actor: services.actor, detail: { file: name, size } });
    appendCustody(services.db, incidentId, {
      act: 'capture-failed',
      actor: services.actor,
      subject: name,
      details: { reason: 'the process stopped after naming this file and before recording it; removed on resume, the step captures again', size },
    });
  }
}

/**
 * A crash between a capture's commit and its manifest line leaves the manifest (the evidence
 * folder's readable copy) short of that artifact. The run is ours now: add what it lacks. The table
 * and the ledger stay the authority, so a failure here is logged and the run goes on.
 */
export async function completeManifestAfterCrash(services: Services, incidentId: string): Promise<void> {
  try {
    const added = await completeManifest(services.paths.evidenceDir, incidentId, listEvidence(services.db, incidentId));
    if (added > 0) addTimeline(services.db, incidentId, 'manifest_completed', { actor: services.actor, detail: { lines: added } });
  } catch (error) {
    services.log.warn(
      { incidentId, error: (error as Error).message },
      'the evidence manifest could not be completed; the evidence table and the ledger still list every artifact',
    );
  }
}
