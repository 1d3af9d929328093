import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { driveIncident, openIncident } from '../../src/engine/runner.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { openServices } from '../../src/services.js';
import { approvalWorkspace } from '../helpers/approvals.js';

// The store's WAL syncs are held until the test lets them go: the moment between a step's start
// commit and its sync, which a SIGINT or SIGTERM can land in, is made to last.
const walSyncs = vi.hoisted(() => ({ holding: true, held: [] as (() => void)[] }));
vi.mock('../../src/store/fsync.js', () => ({
  fsyncPath: (path: string) => (walSyncs.holding && path.endsWith('-wal') ? new Promise<void>((resolve) => walSyncs.held.push(resolve)) : Promise.resolve()),
}));

describe('a stop that lands while a step start is being synced', () => {
  it('journals the step interrupted and never starts its action', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'irctl-start-sync-')), 'ran');
    const yaml = stringify({
      apiVersion: 'irctl/v1',
      kind: 'Runbook',
      name: 'touch-once',
      severity: 'high',
      steps: [{ id: 'touch', phase: 'recovery', uses: 'exec.host', with: { command: ['touch', marker] } }],
    });
    const ws = approvalWorkspace(yaml);
    const services = openServices({ home: ws.home, evidenceDir: join(ws.dir, 'evidence'), as: 'alice' });
    const incidentId = openIncident(services, { loaded: loadRunbook(yaml, ws.runbook), inputs: {}, initiator: 'alice' });
    const journal = () =>
      services.db.prepare('SELECT status FROM step_journal WHERE incident_id = ? AND step_id = ?').all(incidentId, 'touch') as { status: string }[];

    const stop = new AbortController();
    const drive = driveIncident(services, incidentId, { stop: stop.signal });
    // the start is committed (visible to this connection) and its sync is held
    await vi.waitFor(() => expect(journal()).toEqual([{ status: 'started' }]));
    stop.abort('SIGINT');
    walSyncs.holding = false;
    for (const release of walSyncs.held.splice(0)) release();
    const result = await drive;
    expect(result.stopped).toMatchObject({ stepId: 'touch', reason: 'SIGINT' });
    expect(journal()).toEqual([{ status: 'interrupted' }]);
    expect(existsSync(marker)).toBe(false);
    services.close();
  });
});
