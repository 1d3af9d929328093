import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { closeGate } from '../../../src/engine/approvals.js';
import type { StepResult } from '../../../src/engine/compile.js';
import type { EngineDeps } from '../../../src/engine/deps.js';
import { makeAwaitGate } from '../../../src/engine/gate-actor.js';
import { openIncident } from '../../../src/engine/runner.js';
import { loadRunbook } from '../../../src/runbook/load.js';
import { approvalSchema } from '../../../src/runbook/schema.js';
import { openServices } from '../../../src/services.js';
import { approvalWorkspace, gateRunbook } from '../../helpers/approvals.js';

const MINUTE = 60_000;
// the escalation table from the issue: security lead at once, DevOps at 15 min, sysadmin at 30 min, management at 1 h
const ESCALATE = [
  { after: '0s', notify: 'security-lead' },
  { after: '15m', notify: 'devops' },
  { after: '30m', notify: 'sysadmin' },
  { after: '1h', notify: 'management' },
];

function startGate(approval: Record<string, unknown>) {
  const ws = approvalWorkspace(gateRunbook(approval));
  const services = openServices({ home: ws.home, evidenceDir: `${ws.dir}/evidence` });
  const loaded = loadRunbook(gateRunbook(approval), ws.runbook);
  const incidentId = openIncident(services, { loaded, inputs: {}, initiator: 'alice' });
  const notified: { kind: string; notify?: unknown; at: number }[] = [];
  const started = Date.now();
  const deps: EngineDeps = {
    db: services.db,
    services: { db: services.db, evidenceDir: services.paths.evidenceDir, docker: services.docker },
    log: services.log,
    runbook: loaded.runbook,
    runAs: 'alice',
    observer: {},
    inflight: new Set(),
    notify: (event) => notified.push({ kind: event.kind, notify: event.detail?.notify, at: Date.now() - started }),
  };
  const actor = createActor(makeAwaitGate(deps), { input: { incidentId, stepId: 'approve-recovery', visit: 1, approval: approvalSchema.parse(approval) } });
  let result: StepResult | undefined;
  const done = toPromise(actor).then((output) => (result = output));
  actor.start();
  return { db: services.db, incidentId, notified, done, result: () => result, stop: () => actor.stop() };
}

describe('approval gate deadlines (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires each escalation when its time comes, not before', async () => {
    const gate = startGate({ escalate: ESCALATE });
    await vi.advanceTimersByTimeAsync(1000);
    expect(gate.notified.filter((n) => n.kind === 'escalated').map((n) => n.notify)).toEqual(['security-lead']);
    await vi.advanceTimersByTimeAsync(15 * MINUTE - 2000);
    expect(gate.notified.filter((n) => n.kind === 'escalated').map((n) => n.notify)).toEqual(['security-lead']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(gate.notified.filter((n) => n.kind === 'escalated').map((n) => n.notify)).toEqual(['security-lead', 'devops']);
    await vi.advanceTimersByTimeAsync(45 * MINUTE);
    const escalations = gate.notified.filter((n) => n.kind === 'escalated');
    expect(escalations.map((n) => n.notify)).toEqual(['security-lead', 'devops', 'sysadmin', 'management']);
    // each fired within one poll (200 ms) of its due time
    [0, 15, 30, 60].forEach((minutes, index) => {
      expect(escalations[index]!.at - minutes * MINUTE).toBeGreaterThanOrEqual(0);
      expect(escalations[index]!.at - minutes * MINUTE).toBeLessThanOrEqual(200);
    });
    gate.stop();
  });

  it('writes every escalation to the incident timeline once', async () => {
    const gate = startGate({ escalate: ESCALATE });
    await vi.advanceTimersByTimeAsync(61 * MINUTE);
    const rows = gate.db.prepare("SELECT detail FROM timeline WHERE incident_id = ? AND kind = 'escalated' ORDER BY seq").all(gate.incidentId) as {
      detail: string;
    }[];
    expect(rows.map((r) => JSON.parse(r.detail).notify)).toEqual(['security-lead', 'devops', 'sysadmin', 'management']);
    gate.stop();
  });

  it('times the gate out after its timeout and returns timed_out', async () => {
    const gate = startGate({ timeout: '30m', on_timeout: 'abort' });
    await vi.advanceTimersByTimeAsync(30 * MINUTE - 1000);
    expect(gate.result()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1200);
    await gate.done;
    expect(gate.result()!.outcome).toBe('timed_out');
    expect(gate.result()!.outputs.outcome).toBe('timed_out');
  });

  it('escalations not yet due are cancelled once the gate is decided', async () => {
    const gate = startGate({ escalate: ESCALATE });
    await vi.advanceTimersByTimeAsync(16 * MINUTE);
    closeGate(gate.db, gate.incidentId, 'approve-recovery', 'approved');
    await vi.advanceTimersByTimeAsync(400);
    await gate.done;
    await vi.advanceTimersByTimeAsync(2 * 60 * MINUTE);
    expect(gate.notified.filter((n) => n.kind === 'escalated').map((n) => n.notify)).toEqual(['security-lead', 'devops']);
    const pending = gate.db
      .prepare('SELECT COUNT(*) AS n FROM deadlines WHERE incident_id = ? AND fired_at IS NULL AND cancelled = 0')
      .get(gate.incidentId) as { n: number };
    expect(pending.n).toBe(0);
  });

  it('returns the decision with approvers and decided_at as the gate outputs', async () => {
    const gate = startGate({});
    await vi.advanceTimersByTimeAsync(400);
    gate.db
      .prepare(
        "INSERT INTO approvals (incident_id, step_id, actor, role, decision, comment, at) VALUES (?, 'approve-recovery', 'bob', 'admin', 'approve', 'ok', ?)",
      )
      .run(gate.incidentId, new Date().toISOString());
    closeGate(gate.db, gate.incidentId, 'approve-recovery', 'approved');
    await vi.advanceTimersByTimeAsync(400);
    await gate.done;
    expect(gate.result()!.outputs).toMatchObject({ outcome: 'approved', approvers: ['bob'], comments: ['bob: ok'] });
    expect(typeof gate.result()!.outputs.decided_at).toBe('string');
  });
});
