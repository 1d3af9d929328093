import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { driveIncident, openIncident } from '../../src/engine/runner.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { openServices } from '../../src/services.js';
import { approvalWorkspace } from '../helpers/approvals.js';

// A stop can land between a step's start commit and that commit's sync (awaited off the event loop).
// The sync of a turn's commits starts on setImmediate (GroupFlush), after the turn: a stop asked
// for on setImmediate from 'opened', which is announced just before the run starts its first step,
// comes after that step's start commit and before its sync, every time.
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
    let startedWhenStopped: unknown;
    const notify = (event: { kind: string }) => {
      if (event.kind !== 'opened') return;
      setImmediate(() => {
        startedWhenStopped = journal(); // the window itself: committed, not yet synced, action not begun
        stop.abort('SIGINT');
      });
    };
    const result = await driveIncident(services, incidentId, { stop: stop.signal, notify });
    expect(startedWhenStopped).toEqual([{ status: 'started' }]);
    expect(result.stopped).toMatchObject({ stepId: 'touch', reason: 'SIGINT' });
    expect(journal()).toEqual([{ status: 'interrupted' }]);
    expect(existsSync(marker)).toBe(false);
    services.close();
  });
});
