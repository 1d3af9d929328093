import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideGate } from '../../src/cli/commands/approvals/decide.js';
import { gateState } from '../../src/engine/approvals.js';
import { driveIncident, openIncident } from '../../src/engine/runner.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { openServices } from '../../src/services.js';
import { approvalWorkspace, gateLoopRunbook } from '../helpers/approvals.js';

describe('a decision made the moment a revisited gate says it waits', () => {
  it('goes to the visit the gate waits on, as irctl approve from another shell would record it', async () => {
    const ws = approvalWorkspace(gateLoopRunbook);
    const services = openServices({ home: ws.home, evidenceDir: join(ws.dir, 'evidence'), as: 'alice' });
    const incidentId = openIncident(services, { loaded: loadRunbook(gateLoopRunbook, ws.runbook), inputs: {}, initiator: 'alice' });
    const heard: { visit: number; recordedOn?: number; outcome?: string; refused?: string }[] = [];
    // what another process does the moment the run says it waits (status `waiting` at the gate): irctl approve, no --step
    const approveOnWait = {
      gateWaiting: (_stepId: string, _approval: unknown, visit: number) => {
        try {
          const { state } = decideGate({ ...services, actor: 'bob' }, { incidentId, decision: 'approve' });
          heard.push({ visit, recordedOn: state.visit, outcome: state.outcome });
        } catch (error) {
          heard.push({ visit, refused: (error as Error).message });
        }
      },
    };
    const first = await driveIncident(services, incidentId, { stopAtGate: true, observer: approveOnWait });
    expect(first).toMatchObject({ status: 'waiting', waitingOn: 'gate' });
    expect(heard).toEqual([{ visit: 1, recordedOn: 1, outcome: 'approved' }]);

    // the run goes on from visit 1's approval, comes back through note, and waits at visit 2
    const second = await driveIncident(services, incidentId, { stopAtGate: true, observer: approveOnWait });
    expect(second).toMatchObject({ status: 'waiting', waitingOn: 'gate' });
    expect(heard).toEqual([
      { visit: 1, recordedOn: 1, outcome: 'approved' },
      { visit: 2, recordedOn: 2, outcome: 'approved' },
    ]);
    expect(gateState(services.db, incidentId, 'gate', 2)).toMatchObject({ outcome: 'approved', approvers: ['bob'] });
  });
});
