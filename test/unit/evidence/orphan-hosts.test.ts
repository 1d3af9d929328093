import { describe, expect, it } from 'vitest';
import type { CustodyRecord } from '../../../src/custody/canonical.js';
import { incidentHosts } from '../../../src/evidence/orphan-images.js';

const record = (where: Record<string, string> | null) => ({ where }) as unknown as CustodyRecord;

describe('the Docker hosts an incident used, for its orphan images', () => {
  it('reads hosts only from records about a container or an engine, not the machine a host command ran on', () => {
    const records = [
      record({ host: 'vm' }), // evidence.host-command: the irctl machine's hostname
      record({ host: 'prod-a', container_id: 'abc', engine_version: '27.0' }),
      record({ host: 'prod-b', engine_version: '27.0' }),
      record(null),
    ];
    expect(incidentHosts(records)).toEqual(['prod-a', 'prod-b']);
  });

  it('falls back to "local" when no record names a Docker host', () => {
    expect(incidentHosts([record({ host: 'vm' })])).toEqual(['local']);
  });
});
