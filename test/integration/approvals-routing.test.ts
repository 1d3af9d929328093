import { describe, expect, it } from 'vitest';
import { decideGate } from '../../src/cli/commands/approvals/decide.js';
import { journalFor } from '../../src/engine/journal.js';
import { driveIncident, openIncident } from '../../src/engine/runner.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { openServices } from '../../src/services.js';
import { approvalWorkspace, gateRunbook } from '../helpers/approvals.js';

// after the gate and `rebuild`: `done` ends the run, so `cleanup` runs only when a route jumps to it
// (the first step's on_failure names it, which keeps the static reachability check content)
const TAIL = [
  { id: 'done', uses: 'core.log', with: { message: 'done' }, next: 'end' },
  { id: 'cleanup', uses: 'core.log', with: { message: 'cleanup after reject or timeout' } },
];

function incident(gate: Record<string, unknown>) {
  const yaml = gateRunbook(gate, TAIL, 'cleanup');
  const ws = approvalWorkspace(yaml);
  const services = openServices({ home: ws.home, evidenceDir: `${ws.dir}/evidence`, as: 'alice' });
  const incidentId = openIncident(services, { loaded: loadRunbook(yaml, ws.runbook), inputs: {}, initiator: 'alice' });
  const ran = () =>
    journalFor(services.db, incidentId)
      .filter((r) => r.status === 'finished')
      .map((r) => r.step_id);
  const decide = (actor: string, decision: 'approve' | 'reject', comment?: string) =>
    decideGate({ ...services, actor }, { incidentId, stepId: 'approve-recovery', decision, comment });
  return { services, incidentId, ran, decide };
}

describe('gate routing in a real run', () => {
  it('an approved gate lets the run go on to the next steps and succeed', async () => {
    const run = incident({});
    run.decide('bob', 'approve');
    const result = await driveIncident(run.services, run.incidentId, { stopAtGate: true });
    expect(result.status).toBe('succeeded');
    expect(run.ran()).toEqual(['contain', 'rebuild', 'done']);
  });

  it('a reject with the default on_reject aborts the run as failed', async () => {
    const run = incident({});
    run.decide('bob', 'reject', 'no');
    const result = await driveIncident(run.services, run.incidentId, { stopAtGate: true });
    expect(result.status).toBe('failed');
    expect(run.ran()).toEqual(['contain']);
  });

  it('a reject routes to the step named by on_reject', async () => {
    const run = incident({ on_reject: 'cleanup' });
    run.decide('bob', 'reject', 'no');
    const result = await driveIncident(run.services, run.incidentId, { stopAtGate: true });
    expect(result.status).toBe('succeeded');
    expect(run.ran()).toEqual(['contain', 'cleanup']);
  });

  it('a reject with on_reject: continue goes on with the next step', async () => {
    const run = incident({ on_reject: 'continue' });
    run.decide('bob', 'reject', 'skip the gate');
    await driveIncident(run.services, run.incidentId, { stopAtGate: true });
    expect(run.ran()).toEqual(['contain', 'rebuild', 'done']);
  });

  it('stops at the gate with status waiting when nobody has decided', async () => {
    const run = incident({});
    const result = await driveIncident(run.services, run.incidentId, { stopAtGate: true });
    expect(result).toMatchObject({ status: 'waiting', waitingOn: 'approve-recovery' });
  });

  it.each([
    ['abort', 'failed', ['contain']],
    ['continue', 'succeeded', ['contain', 'rebuild', 'done']],
    ['cleanup', 'succeeded', ['contain', 'cleanup']],
  ])('a real 1 s approval timeout with on_timeout: %s ends %s', async (onTimeout, status, steps) => {
    const run = incident({ timeout: '1s', on_timeout: onTimeout });
    const started = Date.now();
    const result = await driveIncident(run.services, run.incidentId); // waits at the gate
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(result.status).toBe(status);
    expect(run.ran()).toEqual(steps);
    const gate = run.services.db.prepare('SELECT outcome FROM gates WHERE incident_id = ?').get(run.incidentId) as { outcome: string };
    expect(gate.outcome).toBe('timed_out');
  });
});
