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
// driveIncident runs up to its first step's start without awaiting; the start commits in that same
// turn, and the turn's sync begins on a setImmediate (GroupFlush) queued first. A stop asked for on
// a setImmediate queued next lands while that sync is in flight: after the commit, before the
// action, every time (the test checks that it did).
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
    const drive = driveIncident(services, incidentId, { stop: stop.signal });
    setImmediate(() => {
      startedWhenStopped = journal(); // the window itself: committed, being synced, action not begun
      stop.abort('SIGINT');
    });
    const result = await drive;
    expect(startedWhenStopped).toEqual([{ status: 'started' }]);
    expect(result.stopped).toMatchObject({ stepId: 'touch', reason: 'SIGINT' });
    expect(journal()).toEqual([{ status: 'interrupted' }]);
    expect(existsSync(marker)).toBe(false);
    services.close();
  });

  it("announces 'opened' first, once the run's start is durable, and every event before the drive returns", async () => {
    // a gate first: it says it waits in the same turn the run starts, before the start's sync
    const yaml = stringify({
      apiVersion: 'irctl/v1',
      kind: 'Runbook',
      name: 'gate-first',
      severity: 'high',
      steps: [
        { id: 'approve', phase: 'containment', approval: { message: 'Isolate web-1?', roles: ['admin'] } },
        { id: 'note', uses: 'core.log', with: { message: 'approved' } },
      ],
    });
    const ws = approvalWorkspace(yaml);
    const services = openServices({ home: ws.home, evidenceDir: join(ws.dir, 'evidence'), as: 'alice' });
    const incidentId = openIncident(services, { loaded: loadRunbook(yaml, ws.runbook), inputs: {}, initiator: 'alice' });
    const heard: string[] = [];
    const result = await driveIncident(services, incidentId, { stopAtGate: true, notify: (event) => void heard.push(event.kind) });
    expect(result).toMatchObject({ status: 'waiting', waitingOn: 'approve' });
    expect(heard).toEqual(['opened', 'gate_waiting']);
    services.close();
  });
});
