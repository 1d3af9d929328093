import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { irctl as runIrctl } from '../helpers/run-cli.js';
import { approvalWorkspace } from '../helpers/approvals.js';

// Three evidence captures around two gates: each is collected by whoever's command drives the run
// at that moment, while the incident keeps its initiator.
const RUNBOOK = stringify({
  apiVersion: 'irctl/v1',
  kind: 'Runbook',
  name: 'handover',
  severity: 'high',
  steps: [
    { id: 'collect-first', phase: 'evidence', uses: 'evidence.host-command', with: { command: ['echo', 'first'], name: 'first.txt' } },
    { id: 'gate-one', approval: { roles: ['admin'] } },
    { id: 'collect-second', uses: 'evidence.host-command', with: { command: ['echo', 'second'], name: 'second.txt' } },
    { id: 'gate-two', approval: { roles: ['admin'] } },
    { id: 'collect-third', uses: 'evidence.host-command', with: { command: ['echo', 'third'], name: 'third.txt' } },
  ],
});

describe('who the steps of a run are credited to', () => {
  it('credits each step to the person whose run, resume or approve --resume drove it, and keeps the initiator', async () => {
    const ws = approvalWorkspace(RUNBOOK, { alice: 'operator', bob: 'operator', carol: 'admin', dave: 'admin' });
    const irctl = (actor: string, ...args: string[]) => runIrctl([...ws.args, '--as', actor, ...args]);

    const started = await irctl('alice', 'run', ws.runbook);
    expect(started.code, started.output).toBe(3);
    const db = () => new Database(ws.db, { readonly: true });
    const incidentId = (db().prepare('SELECT id FROM incidents').get() as { id: string }).id;

    const approvedOne = await irctl('carol', 'approve', incidentId, '--step', 'gate-one');
    expect(approvedOne.code, approvedOne.output).toBe(0);
    const resumed = await irctl('bob', 'resume', incidentId);
    expect(resumed.code, resumed.output).toBe(3); // at gate-two
    const approvedTwo = await irctl('dave', 'approve', incidentId, '--step', 'gate-two', '--resume');
    expect(approvedTwo.code, approvedTwo.output).toBe(0);

    const store = db();
    try {
      const expected = { 'collect-first': 'alice', 'collect-second': 'bob', 'collect-third': 'dave' };
      const evidence = store.prepare('SELECT step_id, captured_by FROM evidence ORDER BY step_id').all() as { step_id: string; captured_by: string }[];
      expect(Object.fromEntries(evidence.map((row) => [row.step_id, row.captured_by]))).toEqual(expected);
      const acquired = store
        .prepare("SELECT e.step_id, c.actor FROM custody_records c JOIN evidence e ON e.id = c.evidence_id WHERE c.act = 'acquired'")
        .all() as { step_id: string; actor: string }[];
      expect(Object.fromEntries(acquired.map((row) => [row.step_id, row.actor]))).toEqual(expected);
      const stepEvents = store.prepare("SELECT kind, step_id, actor FROM timeline WHERE kind IN ('step_started', 'step_finished') ORDER BY seq").all() as {
        kind: string;
        step_id: string;
        actor: string;
      }[];
      expect(stepEvents).toEqual(
        Object.entries(expected).flatMap(([stepId, actor]) => [
          { kind: 'step_started', step_id: stepId, actor },
          { kind: 'step_finished', step_id: stepId, actor },
        ]),
      );
      const approvals = store.prepare("SELECT actor, subject FROM custody_records WHERE act = 'approved' ORDER BY seq").all();
      expect(approvals).toEqual([
        { actor: 'carol', subject: 'gate:gate-one' },
        { actor: 'dave', subject: 'gate:gate-two' },
      ]);
      const incident = store.prepare('SELECT initiator, status FROM incidents').get();
      expect(incident).toEqual({ initiator: 'alice', status: 'succeeded' });
      const opened = store.prepare("SELECT actor FROM timeline WHERE kind = 'incident_opened'").get();
      expect(opened).toEqual({ actor: 'alice' });
    } finally {
      store.close();
    }
    const verified = await irctl('alice', 'custody', 'verify', incidentId);
    expect(verified.code, verified.output).toBe(0);
  });
});
