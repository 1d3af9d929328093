import { z } from 'zod';
import { listCustody } from '../../custody/ledger.js';
import { endpointSnapshotSchema, type EndpointSnapshot } from '../../docker/networks.js';
import { resourceLimitsSchema, type ResourceLimits } from '../../docker/resources.js';
import type { Db } from '../../store/db.js';
import { containmentRecords } from '../write-ahead.js';

// What containment changed on a container, read back from the incident's custody ledger (the
// intent docker.isolate and docker.limit write before they act, and the record they write after):
// recovery restores the container as it was before containment, not as containment left it.

export interface IsolationRecord {
  quarantineNetwork: string;
  originalNetworks: EndpointSnapshot[];
  /**
   * False when the ledger holds an isolation but not the networks it took away (a record from
   * before the write-ahead rule with an empty list): release and recreate must refuse to guess.
   */
  known: boolean;
}

const isolationDetails = z.object({
  quarantine_network: z.string(),
  network_mode: z.string().optional(),
  original_networks: z.array(endpointSnapshotSchema),
});
const limitDetails = z.object({ previous_limits: resourceLimitsSchema });

/** The networks the container was on before its first isolation in this incident. */
export function isolationOf(db: Db, incidentId: string, containerId: string): IsolationRecord | undefined {
  const parsed = containmentRecords(listCustody(db, incidentId), containerId, 'docker.isolate')
    .map((record) => isolationDetails.safeParse(record.details))
    .flatMap((p) => (p.success ? [p.data] : []));
  // a second isolate of an already isolated container records no networks: the first one holds them
  const first = parsed.find((details) => details.original_networks.length > 0) ?? parsed[0];
  if (!first) return undefined;
  // an empty list is known only when the record says the container had no network before (mode none)
  const known = first.original_networks.length > 0 || first.network_mode === 'none';
  return { quarantineNetwork: first.quarantine_network, originalNetworks: first.original_networks, known };
}

/** The container a `recreated` record replaced with `containerId`, if any (recovery verifies the new one). */
export function replacedBy(db: Db, incidentId: string, containerId: string): string | undefined {
  return listCustody(db, incidentId).find((record) => record.act === 'recreated' && record.details?.new_container_id === containerId)?.subject;
}

/** The resource limits the container had before docker.limit first throttled it. */
export function limitsBeforeContainment(db: Db, incidentId: string, containerId: string): ResourceLimits | undefined {
  const [first] = containmentRecords(listCustody(db, incidentId), containerId, 'docker.limit');
  const parsed = limitDetails.safeParse(first?.details);
  return parsed.success ? parsed.data.previous_limits : undefined;
}
