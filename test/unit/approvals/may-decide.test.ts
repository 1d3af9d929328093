import { describe, expect, it } from 'vitest';
import { mayDecide, type GateState } from '../../../src/engine/approvals.js';
import { RefusedError } from '../../../src/errors.js';

const approval = { roles: ['admin'], quorum: 2, separate_from_initiator: false, on_timeout: 'abort', on_reject: 'abort', escalate: [], require_comment: false };
const check = (actor: string, state?: GateState) => mayDecide({ incidentId: 'inc-1', stepId: 'gate', approval, initiator: 'alice', actor, roles: ['admin'], state });
const visit = (visit: number, approvers: string[], outcome?: GateState['outcome']): GateState => ({ visit, outcome, approvers, rejecters: [], comments: [] });

describe('who may decide a visit of a gate', () => {
  it('refuses someone who already approved this visit, because a quorum needs distinct people', () => {
    const result = check('bob', visit(2, ['bob']));
    expect(result).toMatchObject({ allowed: false, why: 'already_decided' });
    expect(!result.allowed && result.refusal).toBeInstanceOf(RefusedError);
    expect(!result.allowed && result.refusal.message).toBe('bob has already decided gate "gate" on visit 2; a quorum needs distinct people');
  });

  it('refuses everyone once the visit is decided, naming the outcome', () => {
    const result = check('carol', visit(1, ['bob', 'dave'], 'approved'));
    expect(result).toMatchObject({ allowed: false, why: 'decided' });
    expect(!result.allowed && result.refusal.message).toBe('gate "gate" of inc-1 is already decided (approved)');
  });
});
