import { describe, expect, it } from 'vitest';
import { RefusedError, UsageError } from '../../../src/errors.js';
import { gateState } from '../../../src/engine/approvals.js';
import { openIncident } from '../../../src/engine/runner.js';
import { loadRunbook } from '../../../src/runbook/load.js';
import { openServices, type Services } from '../../../src/services.js';
import { decideGate } from '../../../src/cli/commands/approvals/decide.js';
import { approvalWorkspace, gateRunbook } from '../../helpers/approvals.js';

function setup(gate: Record<string, unknown> = {}, initiator = 'alice') {
  const ws = approvalWorkspace(gateRunbook(gate));
  const opened = openServices({ home: ws.home, evidenceDir: `${ws.dir}/evidence` });
  const loaded = loadRunbook(gateRunbook(gate), ws.runbook);
  const incidentId = openIncident(opened, { loaded, inputs: {}, initiator });
  const as = (actor: string): Services => ({ ...opened, actor, roleBook: opened.roleBook });
  const decide = (actor: string, decision: 'approve' | 'reject' = 'approve', comment?: string) =>
    decideGate(as(actor), { incidentId, stepId: 'approve-recovery', decision, comment });
  const custody = () =>
    opened.db.prepare("SELECT actor, act, details_json FROM custody_records WHERE incident_id = ? AND subject = 'gate:approve-recovery'").all(incidentId) as {
      actor: string;
      act: string;
      details_json: string;
    }[];
  return { db: opened.db, incidentId, decide, custody, state: () => gateState(opened.db, incidentId, 'approve-recovery') };
}

describe('approval gate rules', () => {
  it('a quorum of 2 stays open after one approval and is approved by a second, distinct person', () => {
    const gate = setup({ quorum: 2 });
    expect(gate.decide('bob').state.outcome).toBeUndefined();
    const after = gate.decide('carol').state;
    expect(after.outcome).toBe('approved');
    expect(after.approvers).toEqual(['bob', 'carol']);
  });

  it('the same person approving twice is refused: a quorum needs distinct people', () => {
    const gate = setup({ quorum: 2 });
    gate.decide('bob');
    expect(() => gate.decide('bob')).toThrow(RefusedError);
    expect(() => gate.decide('bob')).toThrow(/already decided gate "approve-recovery"; a quorum needs distinct people/);
    expect(gate.state().approvers).toEqual(['bob']);
  });

  it('a viewer cannot approve, is told why, and nothing is recorded', () => {
    const gate = setup();
    expect(() => gate.decide('victor')).toThrow(/victor may not approve a gate .*: it needs the operator role and victor has viewer/);
    expect(gate.state().approvers).toEqual([]);
    expect(gate.custody()).toEqual([]);
  });

  it('an operator cannot approve an admin-only gate, and nothing is recorded', () => {
    const gate = setup({ roles: ['admin'] });
    expect(() => gate.decide('olga')).toThrow(/olga may not decide gate "approve-recovery": it needs one of the roles admin/);
    expect(gate.state().approvers).toEqual([]);
    expect(gate.custody()).toEqual([]);
  });

  it('an operator may approve a gate that names the operator role', () => {
    const gate = setup({ roles: ['operator'] });
    expect(gate.decide('olga').state.outcome).toBe('approved');
  });

  it('the initiator cannot approve their own gate when separation of duties is required', () => {
    const gate = setup({ separate_from_initiator: true }, 'alice');
    expect(() => gate.decide('alice')).toThrow(/alice started incident .* and may not approve its gate "approve-recovery" \(separation of duties\)/);
    expect(gate.state().approvers).toEqual([]);
    expect(gate.decide('bob').state.outcome).toBe('approved');
  });

  it('the initiator may approve when separation of duties is not required', () => {
    expect(setup({}, 'alice').decide('alice').state.outcome).toBe('approved');
  });

  it('a gate with require_comment refuses a decision without a comment', () => {
    const gate = setup({ require_comment: true });
    expect(() => gate.decide('bob')).toThrow(UsageError);
    expect(gate.state().approvers).toEqual([]);
    expect(gate.decide('bob', 'approve', 'image hash checked').state.outcome).toBe('approved');
  });

  it('one reject decides the gate as rejected, even with a quorum of 2', () => {
    const gate = setup({ quorum: 2 });
    gate.decide('bob');
    expect(gate.decide('carol', 'reject', 'not yet').state.outcome).toBe('rejected');
  });

  it('a decided gate refuses any further decision as already decided', () => {
    const gate = setup();
    gate.decide('bob');
    expect(() => gate.decide('carol')).toThrow(/is already decided \(approved\)/);
    expect(gate.state().approvers).toEqual(['bob']);
  });

  it('every decision is a custody record with who, which role, the comment and the visit', () => {
    const gate = setup({ quorum: 2 });
    gate.decide('bob', 'approve', 'looks clean');
    gate.decide('carol');
    const records = gate.custody().map((r) => ({ actor: r.actor, act: r.act, details: JSON.parse(r.details_json) }));
    expect(records).toEqual([
      {
        actor: 'bob',
        act: 'approved',
        details: { role: 'admin', comment: 'looks clean', quorum: 2, visit: 1, via: 'cli', key_id: null, key_created_by: null },
      },
      { actor: 'carol', act: 'approved', details: { role: 'admin', comment: null, quorum: 2, visit: 1, via: 'cli', key_id: null, key_created_by: null } },
    ]);
  });
});
