import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { driveIncident, openIncident } from '../../src/engine/runner.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { openServices } from '../../src/services.js';
import { approvalWorkspace } from '../helpers/approvals.js';

// setTimeout cannot hold more than ~24.8 days: past it Node fires after 1 ms. A step's timeout of a
// month must let the step run, not cut it off at once.
describe('a step timeout longer than setTimeout can hold', () => {
  it('lets the step finish', async () => {
    const yaml = stringify({
      apiVersion: 'irctl/v1',
      kind: 'Runbook',
      name: 'long-timeout',
      severity: 'high',
      steps: [{ id: 'settle', phase: 'recovery', uses: 'core.sleep', with: { duration: '20ms' }, timeout: '30d' }],
    });
    const ws = approvalWorkspace(yaml);
    const services = openServices({ home: ws.home, evidenceDir: join(ws.dir, 'evidence'), as: 'alice' });
    try {
      const incidentId = openIncident(services, { loaded: loadRunbook(yaml, ws.runbook), inputs: {}, initiator: 'alice' });
      const result = await driveIncident(services, incidentId);
      expect(result).toMatchObject({ status: 'succeeded' });
      const journal = services.db.prepare('SELECT status FROM step_journal WHERE incident_id = ?').all(incidentId);
      expect(journal).toEqual([{ status: 'finished' }]);
    } finally {
      services.close();
    }
  });
});
