import { z } from 'zod';
import { listCustody } from '../../custody/ledger.js';
import { endpointSnapshotSchema, type EndpointSnapshot } from '../../docker/networks.js';
import { resourceLimitsSchema, type ResourceLimits } from '../../docker/resources.js';
import type { Db } from '../../store/db.js';

// What containment changed on a container, read back from the incident's custody ledger (the
// record docker.isolate and docker.limit write): recovery restores the container as it was
// before containment, not as containment left it.

export interface IsolationRecord {
  quarantineNetwork: string;
  originalNetworks: EndpointSnapshot[];
}

const isolationDetails = z.object({ quarantine_network: z.string(), original_networks: z.array(endpointSnapshotSchema) });
const limitDetails = z.object({ previous_limits: resourceLimitsSchema });

function containedRecords(db: Db, incidentId: string, containerId: string, action: string) {
  return listCustody(db, incidentId).filter((record) => record.act === 'contained' && record.subject === containerId && record.how?.action === action);
}

/** The networks the container was on before its first isolation in this incident. */
export function isolationOf(db: Db, incidentId: string, containerId: string): IsolationRecord | undefined {
  for (const record of containedRecords(db, incidentId, containerId, 'docker.isolate')) {
    const parsed = isolationDetails.safeParse(record.details);
    // a second isolate of an already isolated container records no networks: the first one holds them
    if (parsed.success && parsed.data.original_networks.length > 0) {
      return { quarantineNetwork: parsed.data.quarantine_network, originalNetworks: parsed.data.original_networks };
    }
  }
  const any = containedRecords(db, incidentId, containerId, 'docker.isolate').map((record) => isolationDetails.safeParse(record.details)).find((p) => p.success);
  return any?.success ? { quarantineNetwork: any.data.quarantine_network, originalNetworks: [] } : undefined;
}

/** The resource limits the container had before docker.limit first throttled it. */
export function limitsBeforeContainment(db: Db, incidentId: string, containerId: string): ResourceLimits | undefined {
  const [first] = containedRecords(db, incidentId, containerId, 'docker.limit');
  const parsed = limitDetails.safeParse(first?.details);
  return parsed.success ? parsed.data.previous_limits : undefined;
}
