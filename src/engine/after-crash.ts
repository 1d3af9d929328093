// What a crash leaves in an incident's evidence folder, put right when a run is taken up again
// (the caller holds the run's lease, so nothing else writes there).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { appendCustody } from '../custody/ledger.js';
import { completeManifest } from '../evidence/manifest.js';
import { listEvidence } from '../evidence/records.js';
import type { Services } from '../services.js';
import { addTimeline } from './incidents.js';

const PARTIAL_CAPTURE = /^\.ev-.*\.partial$/;

/**
 * A capture cut off by a crash leaves its temp file behind with no evidence row. The run is ours
 * now (we hold the lease), so nothing is writing it: remove it and say so on the record.
 */
export function removeInterruptedCaptures(services: Services, incidentId: string): void {
  const folder = join(services.paths.evidenceDir, incidentId);
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder).filter((file) => PARTIAL_CAPTURE.test(file))) {
    rmSync(join(folder, name), { force: true });
    addTimeline(services.db, incidentId, 'partial_capture_removed', { actor: services.actor, detail: { file: name } });
    appendCustody(services.db, incidentId, {
      act: 'capture-failed',
      actor: services.actor,
      subject: name,
      details: { reason: 'the process stopped during the capture; its partial file was removed on resume' },
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
