import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { decideGate } from '../../src/cli/commands/approvals/decide.js';
import { gateState } from '../../src/engine/approvals.js';
import { journalFor } from '../../src/engine/journal.js';
import { driveIncident, openIncident } from '../../src/engine/runner.js';
import { RefusedError } from '../../src/errors.js';
import { buildReport } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { openServices } from '../../src/services.js';
import { approvalWorkspace } from '../helpers/approvals.js';
import { irctl as runIrctl } from '../helpers/run-cli.js';

const GATE = 'approve-recovery';

/**
 * recover → verify → done, where verify checks for a file on the host and, while it is missing,
 * routes back to the approval gate. The test creates the file, so the loop needs no counter.
 */
function loopRunbook(gate: Record<string, unknown>, marker: string): string {
  return stringify({
    apiVersion: 'irctl/v1',
    kind: 'Runbook',
    name: 'gate-loop',
    severity: 'high',
    steps: [
      { id: 'contain', phase: 'containment', uses: 'core.log', with: { message: 'contained' } },
      { id: GATE, phase: 'recovery', approval: { roles: ['admin'], ...gate } },
      { id: 'verify', uses: 'exec.host', with: { command: ['test', '-e', marker] }, on_failure: GATE },
      { id: 'done', uses: 'core.log', with: { message: 'recovered' }, next: 'end' },
    ],
  });
}

function loopIncident(gate: Record<string, unknown> = {}) {
  const ws = approvalWorkspace();
  const marker = join(ws.dir, 'recovered');
  const yaml = loopRunbook(gate, marker);
  const services = openServices({ home: ws.home, evidenceDir: join(ws.dir, 'evidence'), as: 'alice' });
  const incidentId = openIncident(services, { loaded: loadRunbook(yaml, ws.runbook), inputs: {}, initiator: 'alice' });
  return {
    ws,
    services,
    incidentId,
    /** Let verify pass from now on. */
    recover: () => writeFileSync(marker, ''),
    /** Drive until the run ends or waits at a gate nobody has decided. */
    drive: () => driveIncident(services, incidentId, { stopAtGate: true }),
    /** `irctl approve` without --step: the gate the incident waits at. */
    decide: (actor: string, decision: 'approve' | 'reject' = 'approve', comment?: string) =>
      decideGate({ ...services, actor }, { incidentId, decision, comment }).state,
    state: () => gateState(services.db, incidentId, GATE),
    finished: () => journalFor(services.db, incidentId).map((row) => `${row.step_id}:${row.status}`),
  };
}

/** Visit 1 approved by the given people; verify fails, and the run comes back to the gate. */
async function atSecondVisit(gate: Record<string, unknown> = {}, approvers = ['bob']) {
  const run = loopIncident(gate);
  expect(await run.drive()).toMatchObject({ status: 'waiting', waitingOn: GATE });
  for (const actor of approvers) run.decide(actor);
  expect(run.state()).toMatchObject({ visit: 1, outcome: 'approved' });
  return run;
}

describe('an approval gate the run comes back to', () => {
  it('waits for a new decision on its second visit instead of reusing the first', async () => {
    const run = await atSecondVisit();
    const result = await run.drive();
    expect(result).toMatchObject({ status: 'waiting', waitingOn: GATE });
    expect(run.state()).toMatchObject({ visit: 2, approvers: [], rejecters: [] });
    expect(run.state().outcome).toBeUndefined();
    expect(run.finished()).toEqual(['contain:finished', 'verify:failed']);
  });

  it('accepts an approval on the second visit from the person who approved the first', async () => {
    const run = await atSecondVisit();
    await run.drive();
    run.recover();
    expect(run.decide('bob')).toMatchObject({ visit: 2, outcome: 'approved', approvers: ['bob'] });
    expect((await run.drive()).status).toBe('succeeded');
    expect(run.finished()).toEqual(['contain:finished', 'verify:failed', 'verify:finished', 'done:finished']);
  });

  it("counts the quorum per visit: the first visit's approvers do not count toward the second", async () => {
    const run = await atSecondVisit({ quorum: 2 }, ['bob', 'carol']);
    await run.drive();
    expect(run.decide('bob')).toMatchObject({ visit: 2, approvers: ['bob'] });
    expect(run.state().outcome).toBeUndefined();
    expect(await run.drive()).toMatchObject({ status: 'waiting', waitingOn: GATE });
    expect(run.decide('carol')).toMatchObject({ visit: 2, outcome: 'approved', approvers: ['bob', 'carol'] });
  });

  it('refuses a second decision by one person within one visit', async () => {
    const run = await atSecondVisit({ quorum: 2 }, ['bob', 'carol']);
    await run.drive();
    run.decide('bob');
    expect(() => run.decide('bob')).toThrow(RefusedError);
    expect(() => run.decide('bob')).toThrow('has already decided gate "approve-recovery" on visit 2');
  });

  it('a rejection on the second visit routes the run even though the first visit was approved', async () => {
    const run = await atSecondVisit();
    await run.drive();
    expect(run.decide('carol', 'reject', 'still broken')).toMatchObject({ visit: 2, outcome: 'rejected' });
    expect((await run.drive()).status).toBe('failed');
  });

  it("does not let the first visit's timeout decide the second visit, which gets a timeout of its own", async () => {
    const run = await atSecondVisit({ timeout: '1s', on_timeout: 'abort' });
    const firstDue = (run.services.db.prepare("SELECT due_at FROM deadlines WHERE kind = 'approval_timeout'").get() as { due_at: number }).due_at;
    await delay(firstDue - Date.now() + 300); // visit 1's timeout is past due before visit 2 opens
    const result = await run.drive();
    expect(result).toMatchObject({ status: 'waiting', waitingOn: GATE });
    expect(run.state()).toMatchObject({ visit: 2, approvers: [] });
    expect(run.state().outcome).toBeUndefined();

    // nobody decides visit 2: its own timeout, counted from when it opened, ends the run
    const ended = await driveIncident(run.services, run.incidentId);
    expect(ended.status).toBe('failed');
    const gates = run.services.db.prepare('SELECT visit, outcome FROM gates WHERE incident_id = ? ORDER BY visit').all(run.incidentId);
    expect(gates).toEqual([
      { visit: 1, outcome: 'approved' },
      { visit: 2, outcome: 'timed_out' },
    ]);
    const timeouts = run.services.db.prepare("SELECT payload, fired_at FROM deadlines WHERE kind = 'approval_timeout' ORDER BY id").all() as {
      payload: string;
      fired_at: number | null;
    }[];
    expect(timeouts.map((t) => [JSON.parse(t.payload).key, t.fired_at !== null])).toEqual([
      ['visit-1', false],
      ['visit-2', true],
    ]);
  });

  it("refuses a decision once the gate's latest visit is decided, naming that visit", async () => {
    const run = await atSecondVisit();
    await run.drive();
    run.recover();
    run.decide('bob'); // decided; the run has not moved on yet (once it ends, every gate is closed)
    const late = () => decideGate({ ...run.services, actor: 'carol' }, { incidentId: run.incidentId, stepId: GATE, decision: 'approve' });
    expect(late).toThrow('is already decided (approved) on visit 2');
  });
});

describe('the record of a gate decided twice', () => {
  async function decidedTwice() {
    const run = await atSecondVisit({}, ['bob']);
    await run.drive();
    run.recover();
    run.decide('carol');
    await run.drive();
    return run;
  }

  it("keeps both visits' decisions in custody, each with its visit", async () => {
    const run = await decidedTwice();
    const records = run.services.db
      .prepare('SELECT actor, act, details_json FROM custody_records WHERE incident_id = ? AND subject = ? ORDER BY seq')
      .all(run.incidentId, `gate:${GATE}`) as { actor: string; act: string; details_json: string }[];
    expect(records.map((r) => ({ actor: r.actor, act: r.act, visit: JSON.parse(r.details_json).visit }))).toEqual([
      { actor: 'bob', act: 'approved', visit: 1 },
      { actor: 'carol', act: 'approved', visit: 2 },
    ]);
  });

  it('keeps both visits on the timeline: waiting, approval and decision, each with its visit', async () => {
    const run = await decidedTwice();
    const entries = run.services.db
      .prepare('SELECT kind, actor, detail FROM timeline WHERE incident_id = ? AND step_id = ? ORDER BY seq')
      .all(run.incidentId, GATE) as { kind: string; actor: string | null; detail: string }[];
    expect(entries.map((e) => `${e.kind}:${JSON.parse(e.detail).visit}${e.actor ? `:${e.actor}` : ''}`)).toEqual([
      'gate_waiting:1',
      'approval:1:bob',
      'gate_decided:1',
      'gate_waiting:2',
      'approval:2:carol',
      'gate_decided:2',
    ]);
  });

  it('reports each visit as its own round with its own decisions', async () => {
    const run = await decidedTwice();
    const report = await buildReport(run.services.db, {
      incidentId: run.incidentId,
      evidenceDir: run.services.paths.evidenceDir,
      home: run.services.paths.home,
      generatedBy: 'test',
    });
    expect(report.gates.map((gate) => ({ stepId: gate.stepId, visit: gate.visit, outcome: gate.outcome, by: gate.decisions.map((d) => d.actor) }))).toEqual([
      { stepId: GATE, visit: 1, outcome: 'approved', by: ['bob'] },
      { stepId: GATE, visit: 2, outcome: 'approved', by: ['carol'] },
    ]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(`| ${GATE} (visit 2) | approved | carol |`);
    expect(report.timeline.map((event) => event.summary)).toContain(`gate ${GATE} (visit 2) approved by carol (admin)`);
  });
});

describe('irctl at a gate the run comes back to', () => {
  it("status shows the second visit waiting with no approvals, and irctl approve takes the first visit's approver again", async () => {
    const ws = approvalWorkspace();
    const marker = join(ws.dir, 'recovered');
    writeFileSync(ws.runbook, loopRunbook({}, marker));
    const irctl = (actor: string, ...args: string[]) => runIrctl([...ws.args, '--as', actor, ...args]);
    const json = (output: string) => JSON.parse(output.slice(output.indexOf('{'))) as Record<string, unknown>;

    const started = await irctl('olga', '--json', 'run', ws.runbook);
    expect(started.code).toBe(3);
    const incidentId = json(started.output).incidentId as string;
    const firstVisit = await irctl('bob', 'approve', incidentId, '--resume');
    expect(firstVisit.code).toBe(3); // verify failed and the run is back at the gate

    const status = await irctl('bob', '--json', 'status', incidentId);
    expect(json(status.output).waitingGate).toMatchObject({ stepId: GATE, visit: 2, approvers: [] });
    expect((await irctl('bob', 'status', incidentId)).output).toContain(
      `waiting at gate "${GATE}" (visit 2: earlier decisions do not count): approvals so far: none`,
    );

    writeFileSync(marker, '');
    const secondVisit = await irctl('bob', 'approve', incidentId);
    expect(secondVisit.code).toBe(0);
    expect(secondVisit.output).toContain(`bob approved gate "${GATE}" (visit 2) of ${incidentId}: the gate is approved`);
    const resumed = await irctl('olga', 'resume', incidentId);
    expect(resumed.code).toBe(0);
    expect(resumed.output).toContain('succeeded');
  });
});
