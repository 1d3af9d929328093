import { describe, expect, it } from 'vitest';
import { mayDecide, type GateState } from '../../../src/engine/approvals.js';
import { RefusedError } from '../../../src/errors.js';

const approval = { roles: ['admin'], quorum: 2, separate_from_initiator: false, on_timeout: 'abort', on_reject: 'abort', escalate: [], require_comment: false };
const check = (actor: string, state?: GateState) =>
  mayDecide({ incidentId: 'inc-1', stepId: 'gate', approval, initiator: 'alice', actor, roles: ['admin'], state });
const visit = (visit: number, approvers: string[], outcome?: GateState['outcome']): GateState => ({
  visit,
  outcome,
  approvers,
  rejecters: [],
  comments: [],
  decisions: approvers.map((actor) => ({ actor, decision: 'approve' as const, via: 'cli', keyId: null, keyCreatedBy: null })),
});
type Earlier = { actor: string; keyId?: string; keyCreatedBy?: string };
const approvedBy = (...earlier: Earlier[]): GateState => ({
  ...visit(
    1,
    earlier.map((e) => e.actor),
  ),
  decisions: earlier.map((e) => ({
    actor: e.actor,
    decision: 'approve' as const,
    via: e.keyId ? 'api-key' : 'cli',
    keyId: e.keyId ?? null,
    keyCreatedBy: e.keyCreatedBy ?? null,
  })),
});
const through = (
  actor: string,
  state: GateState,
  key?: { id: string; createdBy: string },
  decision: 'approve' | 'reject' = 'approve',
  initiator = 'irctl-serve',
) =>
  mayDecide({
    incidentId: 'inc-1',
    stepId: 'gate',
    approval: { ...approval, separate_from_initiator: true },
    initiator,
    actor,
    roles: ['admin'],
    state,
    key,
    decision,
  });

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

describe("a key's maker answers for what the key approves", () => {
  it('counts two keys one admin made for two people as one person', () => {
    const result = through('carol', approvedBy({ actor: 'bob', keyId: 'bbbb0001', keyCreatedBy: 'alice' }), { id: 'cccc0001', createdBy: 'alice' });
    expect(result).toMatchObject({ allowed: false, why: 'same_person' });
    expect(!result.allowed && result.refusal.message).toBe(
      "carol's API key cccc0001 was made by alice, who also made the key bob decided it with (bbbb0001): a quorum needs distinct people, and a key's maker counts as the same person as its holder",
    );
  });

  it("counts a key's maker and its holder as one person, in either order", () => {
    const makerFirst = through('bob', approvedBy({ actor: 'alice' }), { id: 'bbbb0001', createdBy: 'alice' });
    expect(makerFirst).toMatchObject({ allowed: false, why: 'same_person' });
    expect(!makerFirst.allowed && makerFirst.refusal.message).toContain('bob\'s API key bbbb0001 was made by alice, who already decided gate "gate"');
    const holderFirst = through('alice', approvedBy({ actor: 'bob', keyId: 'bbbb0001', keyCreatedBy: 'alice' }));
    expect(holderFirst).toMatchObject({ allowed: false, why: 'same_person' });
    expect(!holderFirst.allowed && holderFirst.refusal.message).toContain('alice made API key bbbb0001 that bob approved gate "gate" with');
  });

  it('lets people with keys from different makers, or their own, make a quorum', () => {
    expect(through('carol', approvedBy({ actor: 'bob', keyId: 'bbbb0001', keyCreatedBy: 'alice' }), { id: 'cccc0001', createdBy: 'dave' })).toMatchObject({
      allowed: true,
    });
    expect(through('alice', approvedBy({ actor: 'dave', keyId: 'dddd0001', keyCreatedBy: 'dave' }), { id: 'aaaa0001', createdBy: 'alice' })).toMatchObject({
      allowed: true,
    });
    expect(through('carol', approvedBy({ actor: 'bob' }))).toMatchObject({ allowed: true });
  });

  it('keeps the initiator from approving through a key they made (separation of duties); a rejection is not held back', () => {
    const result = through('bob', approvedBy(), { id: 'bbbb0001', createdBy: 'alice' }, 'approve', 'alice');
    expect(result).toMatchObject({ allowed: false, why: 'separation_of_duties' });
    expect(!result.allowed && result.refusal.message).toContain("bob's API key bbbb0001 was made by alice, who started incident inc-1");
    expect(through('bob', approvedBy(), { id: 'bbbb0001', createdBy: 'alice' }, 'reject', 'alice')).toMatchObject({ allowed: true });
    expect(
      through('carol', approvedBy({ actor: 'bob', keyId: 'bbbb0001', keyCreatedBy: 'alice' }), { id: 'cccc0001', createdBy: 'alice' }, 'reject'),
    ).toMatchObject({ allowed: true });
  });
});
