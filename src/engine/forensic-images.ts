import { ActionFailedError, IntegrityError, NotFoundError, RefusedError } from '../errors.js';
import type { JsonObject } from '../custody/canonical.js';
import { appendCustody, listCustody } from '../custody/ledger.js';
import { dockerCall } from '../docker/call.js';
import type { DockerHosts } from '../docker/hosts.js';
import { addTimeline, FINAL_STATUSES, getIncident } from './incidents.js';
import { writeTransaction, type Db } from '../store/db.js';
import { verifyEvidenceFile } from '../evidence/verify.js';
import { findEvidence } from '../evidence/records.js';
import { findOrphanImages, type ForensicImage } from '../evidence/orphan-images.js';

const ONLY_COPY = 'never saved, and no retry of its step was: it is the only copy of that capture';

export type RemovalResult = ForensicImage & { result: 'removed' | 'untagged' | 'absent' | 'kept'; reason?: string };

interface Sources {
  db: Db;
  docker: DockerHosts;
  evidenceDir: string;
}

export async function listForensicImages({ db, docker, evidenceDir }: Sources, incidentId: string): Promise<ForensicImage[]> {
  getIncident(db, incidentId); // NotFoundError for an unknown incident
  const records = listCustody(db, incidentId);
  const images: ForensicImage[] = [];
  for (const record of records) {
    if (record.act !== 'acquired' || record.how?.action !== 'evidence.commit' || !record.evidenceId) continue;
    const row = findEvidence(db, record.evidenceId);
    if (!row) continue;
    const host = String(record.where?.host ?? 'local');
    const imageRef = String(record.how.image_ref);
    images.push({
      evidenceId: record.evidenceId,
      host,
      imageRef,
      imageId: String(record.how.image_id),
      savedCopy: (await verifyEvidenceFile(evidenceDir, row)).state,
      inEngine: await imageExists(docker, host, imageRef),
      orphan: false,
    });
  }
  return [...images, ...(await findOrphanImages(docker, incidentId, records, images))];
}

/**
 * Remove the engine's copy of each image whose saved tar still matches its recorded hash, and
 * each orphan (a retry of its capture was saved), and record each removal in the ledger. An image
 * whose saved copy is modified or missing is kept (it may be the only good copy left), as is one a
 * container still uses; both are reported.
 */
export async function removeForensicImages(sources: Sources, incidentId: string, actor: string): Promise<RemovalResult[]> {
  const incident = getIncident(sources.db, incidentId);
  if (!FINAL_STATUSES.has(incident.status)) {
    throw new RefusedError(`incident ${incidentId} is still ${incident.status}; its forensic images may be needed by a step that has not run yet`, {
      hint: `let the run finish, or irctl abort ${incidentId}, then remove them`,
    });
  }
  const images = await listForensicImages(sources, incidentId);
  // an orphan is redundant only when a retry of the same step saved its capture; otherwise the
  // engine's copy is the only one there is
  const savedSteps = new Set(
    images
      .filter((image) => !image.orphan && image.savedCopy === 'ok' && image.evidenceId)
      .map((image) => findEvidence(sources.db, image.evidenceId!)?.step_id),
  );
  const results: RemovalResult[] = [];
  for (const image of images) {
    if (!image.inEngine) results.push({ ...image, result: 'absent' });
    else if (!image.orphan && image.savedCopy !== 'ok') results.push({ ...image, result: 'kept', reason: `its saved copy is ${image.savedCopy}` });
    else if (image.orphan && !savedSteps.has(image.capture?.step)) results.push({ ...image, result: 'kept', reason: ONLY_COPY });
    else results.push(await removeOne(sources, incidentId, actor, image));
  }
  return results;
}

/** Exit status for a removal: kept because of evidence trouble is an integrity failure (7). */
export function assertAllRemoved(incidentId: string, results: RemovalResult[]): void {
  const kept = results.filter((r) => r.result === 'kept');
  if (kept.length === 0) return;
  const list = kept.map((r) => `${r.imageRef} (${r.reason})`).join(', ');
  if (kept.some((r) => !r.orphan && r.savedCopy !== 'ok')) {
    throw new IntegrityError(`kept ${kept.length} forensic image(s) of ${incidentId}: ${list}`, {
      hint: `irctl custody verify ${incidentId} shows what changed; the engine's copy may be the only good one — docker save it before anything else`,
    });
  }
  const onlyCopies = kept.filter((r) => r.reason === ONLY_COPY);
  throw new RefusedError(`kept ${kept.length} forensic image(s) of ${incidentId}: ${list}`, {
    hint:
      onlyCopies.length > 0
        ? `an interrupted capture that no retry saved is evidence: keep it (docker save ${onlyCopies[0]!.imageRef} -o FILE) before removing it by hand`
        : 'remove the containers that use them (docker ps -a --filter ancestor=IMAGE), then run this again',
  });
}

async function removeOne(sources: Sources, incidentId: string, actor: string, image: ForensicImage): Promise<RemovalResult> {
  const host = sources.docker.host(image.host);
  const op = { host: host.name, url: host.url, what: `remove image ${image.imageRef}` };
  try {
    // by irctl's tag, not by id: a tag an analyst added to the same image keeps it alive
    await dockerCall(op, () => host.docker.getImage(image.imageRef).remove(), { changes: true });
  } catch (error) {
    if (error instanceof NotFoundError) return { ...image, inEngine: false, result: 'absent' };
    if (error instanceof ActionFailedError && error.details?.statusCode === 409) return { ...image, result: 'kept', reason: 'a container uses it' };
    throw error;
  }
  const stillThere = await imageExists(sources.docker, image.host, image.imageId);
  const details: JsonObject = image.orphan
    ? { orphan: true, image_ref: image.imageRef, saved_copy: 'none', ...image.capture, untagged_only: stillThere }
    : { image_ref: image.imageRef, evidence_id: image.evidenceId, saved_copy: 'verified', untagged_only: stillThere };
  writeTransaction(sources.db, () => {
    appendCustody(sources.db, incidentId, { act: 'image-removed', actor, subject: image.imageId, where: { host: image.host }, details });
    addTimeline(sources.db, incidentId, 'image_removed', { actor, detail: { host: image.host, ...details } });
  });
  return { ...image, inEngine: false, result: stillThere ? 'untagged' : 'removed' };
}

async function imageExists(docker: DockerHosts, hostName: string, ref: string): Promise<boolean> {
  const host = docker.host(hostName);
  try {
    await dockerCall({ host: host.name, url: host.url, what: `inspect image ${ref}` }, () => host.docker.getImage(ref).inspect());
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
