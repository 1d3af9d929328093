import type { CustodyRecord } from '../custody/canonical.js';
import { dockerCall } from '../docker/call.js';
import type { DockerHosts } from '../docker/hosts.js';
import type { VerificationState } from './verify.js';

/**
 * The images `evidence.commit` leaves in the engine (irctl-evidence/<incident>:<step>-<time>).
 * Each was also saved into the evidence store, so once that saved copy verifies the engine's copy
 * is only a convenience for analysts, and on a production host it is disk that a responder wants
 * back. Found from the custody ledger, so only images irctl made for this incident are touched,
 * plus orphans: images labelled for this incident whose save was interrupted (below). Listed and
 * released by src/engine/forensic-images.ts, which needs the incident's state.
 */
export interface ForensicImage {
  /** null for an orphan: nothing was saved */
  evidenceId: string | null;
  host: string;
  imageRef: string;
  imageId: string;
  /** the tar in the evidence store, re-hashed now */
  savedCopy: VerificationState | typeof NOT_SAVED;
  /** whether the engine still has the image under irctl's tag */
  inEngine: boolean;
  /** committed, but the run stopped before the save was recorded; a retry made another image */
  orphan: boolean;
  /** an orphan's irctl.* labels, for the record of its removal */
  capture?: { step: string; captured_at: string; container: string };
}

/** What an orphan reports as its saved copy: the run stopped between the commit and the save. */
export const NOT_SAVED = 'none (capture interrupted)';

/** The label in which evidence.commit names the incident on every image it makes. */
const INCIDENT_LABEL = 'irctl.incident';

/**
 * Images evidence.commit made for this incident that no `acquired` record names: the run was
 * interrupted after the commit and before the save was recorded, so a retry committed another.
 * Found by the exact `irctl.incident` label value on each host the incident used, never by name,
 * so only images irctl made for this incident are listed.
 */
export async function findOrphanImages(docker: DockerHosts, incidentId: string, records: CustodyRecord[], known: ForensicImage[]): Promise<ForensicImage[]> {
  const knownIds = new Set(known.map((image) => image.imageId));
  const knownRefs = new Set(known.map((image) => image.imageRef));
  const orphans: ForensicImage[] = [];
  for (const hostName of incidentHosts(records)) {
    const host = docker.host(hostName);
    const labelled = await dockerCall({ host: host.name, url: host.url, what: `list images labelled ${INCIDENT_LABEL}=${incidentId}` }, () =>
      host.docker.listImages({ filters: { label: [`${INCIDENT_LABEL}=${incidentId}`] } }),
    );
    for (const image of labelled) {
      const labels = image.Labels ?? {};
      if (labels[INCIDENT_LABEL] !== incidentId) continue; // the engine's filter, checked again
      const tags = (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
      if (knownIds.has(image.Id) || tags.some((tag) => knownRefs.has(tag))) continue;
      // removed by irctl's tag, so a tag an analyst added keeps the image (as for saved images);
      // an untagged image is removed by id, one only an analyst's tag names is left to them
      const irctlTag = tags.find((tag) => tag.startsWith('irctl-evidence/'));
      orphans.push({
        evidenceId: null,
        host: hostName,
        imageRef: irctlTag ?? image.Id,
        imageId: image.Id,
        savedCopy: NOT_SAVED,
        inEngine: irctlTag !== undefined || tags.length === 0,
        orphan: true,
        capture: { step: labels['irctl.step'] ?? '', captured_at: labels['irctl.captured_at'] ?? '', container: labels['irctl.container'] ?? '' },
      });
    }
  }
  return orphans;
}

/**
 * The Docker hosts the incident's custody records name, or "local" when none does. Only records
 * about a container or an engine name a Docker host in `where.host`: a host-command record names
 * the machine irctl ran on there, which is no Docker host.
 */
export function incidentHosts(records: CustodyRecord[]): string[] {
  const namesDockerHost = (where: Record<string, unknown>) => typeof where.container_id === 'string' || typeof where.engine_version === 'string';
  const hosts = new Set(
    records
      .filter((record) => record.where !== null && record.where !== undefined && namesDockerHost(record.where))
      .map((record) => record.where?.host)
      .filter((host): host is string => typeof host === 'string' && host !== ''),
  );
  return hosts.size > 0 ? [...hosts] : ['local'];
}
