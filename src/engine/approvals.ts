import { NotFoundError, RefusedError, UsageError } from '../errors.js';
import { writeTransaction, type Db } from '../store/db.js';
import { loadRunbook } from '../runbook/load.js';
import { isApprovalStep, type Approval, type ApprovalStep } from '../runbook/schema.js';
import { appendCustody } from '../custody/ledger.js';
import { addTimeline, FINAL_STATUSES, getIncident } from './incidents.js';
import { cancelDeadlines } from './deadlines.js';
import { nowIso } from './ids.js';
import { signalChange } from './wakeups.js';

export type GateOutcome = 'approved' | 'rejected' | 'timed_out';

export interface GateState {
  /** Which entry into the gate step this is: a run that loops back through a gate asks again. */
  visit: number;
  outcome?: GateOutcome;
  decidedAt?: string;
  approvers: string[];
  rejecters: string[];
  comments: { actor: string; decision: string; comment: string | null }[];
  /** Every decision of this visit with the key it came through: who answers for it (see accountableFor). */
  decisions: { actor: string; decision: 'approve' | 'reject'; via: string | null; keyId: string | null; keyCreatedBy: string | null }[];
}

interface ApprovalRow {
  actor: string;
  role: string | null;
  decision: 'approve' | 'reject';
  comment: string | null;
  at: string;
  via: string | null;
  key_id: string | null;
  key_created_by: string | null;
}

/**
 * How a decision came in: the CLI (`irctl approve`, the prompt in `irctl run`: no key), a bearer
 * API key, a console session (signed in with a key), or a server run with --insecure-no-auth.
 */
export interface DecisionChannel {
  via: 'cli' | 'api-key' | 'console' | 'insecure-no-auth';
  /** The API key's id (never the key) and who made it. */
  key?: { id: string; createdBy: string };
}

export const CLI_CHANNEL: DecisionChannel = { via: 'cli' };

/**
 * The people who answer for a decision: its actor, and the maker of the API key it came through
 * when that is someone else — whoever makes a key can hold it. A quorum needs approvals whose
 * people do not overlap, so one admin cannot pass a two-person gate by minting keys for others
 * (made-up or real) and approving through them, or by approving once directly and once through a
 * key they made.
 */
export function accountableFor(decision: { actor: string; keyCreatedBy?: string | null }): string[] {
  return decision.keyCreatedBy && decision.keyCreatedBy !== decision.actor ? [decision.actor, decision.keyCreatedBy] : [decision.actor];
}

/**
 * The visit of a gate that decisions go to: the run's latest entry into the step, from the
 * visit count the runner persists with the machine (the same count the step journal records).
 * A gate the run has not reached yet is at its first visit, so a decision made ahead counts there.
 */
export function currentVisit(db: Db, incidentId: string, stepId: string): number {
  const path = `$.context.visits."${stepId}"`; // step ids are [a-z0-9_-]: nothing to escape
  const row = db.prepare('SELECT json_extract(snapshot, ?) AS visit FROM incidents WHERE id = ?').get(path, incidentId) as { visit: number | null } | undefined;
  return row?.visit ?? 1;
}

export function gateState(db: Db, incidentId: string, stepId: string, visit = currentVisit(db, incidentId, stepId)): GateState {
  const gate = db.prepare('SELECT outcome, decided_at FROM gates WHERE incident_id = ? AND step_id = ? AND visit = ?').get(incidentId, stepId, visit) as
    { outcome: GateOutcome; decided_at: string } | undefined;
  const rows = db
    .prepare(
      'SELECT actor, role, decision, comment, at, via, key_id, key_created_by FROM approvals WHERE incident_id = ? AND step_id = ? AND visit = ? ORDER BY at, rowid',
    )
    .all(incidentId, stepId, visit) as ApprovalRow[];
  return {
    visit,
    outcome: gate?.outcome,
    decidedAt: gate?.decided_at,
    approvers: rows.filter((r) => r.decision === 'approve').map((r) => r.actor),
    rejecters: rows.filter((r) => r.decision === 'reject').map((r) => r.actor),
    comments: rows.map((r) => ({ actor: r.actor, decision: r.decision, comment: r.comment })),
    decisions: rows.map((r) => ({ actor: r.actor, decision: r.decision, via: r.via, keyId: r.key_id, keyCreatedBy: r.key_created_by })),
  };
}

export interface Decision {
  incidentId: string;
  stepId: string;
  approval: Approval;
  actor: string;
  roles: string[]; // the roles the actor holds
  decision: 'approve' | 'reject';
  comment?: string;
  /** How it came in; default: the CLI, no key. */
  channel?: DecisionChannel;
}

/** Why someone may not decide a gate now. */
export type DecideRefusal = 'role' | 'separation_of_duties' | 'decided' | 'already_decided' | 'same_person';

/**
 * Whether `actor`, holding `roles`, may decide a gate of an incident that `initiator` opened: the
 * gate's roles, then separation of duties, then, given the state of the visit to decide, whether it
 * is still open and this person has not decided it yet (a quorum needs distinct people). The one
 * check for `approve`, the API and the prompt inside `irctl run` (which asks it first, so it offers
 * a choice only to someone who may make it).
 */
export function mayDecide(check: {
  incidentId: string;
  stepId: string;
  approval: Approval;
  initiator: string;
  actor: string;
  roles: readonly string[];
  state?: GateState;
  /** The API key the decision comes through, if any (its maker answers for it too). */
  key?: { id: string; createdBy: string };
  /** Default approve: a rejection only needs an actor who has not decided yet. */
  decision?: 'approve' | 'reject';
}): { allowed: true; role: string } | { allowed: false; why: DecideRefusal; refusal: RefusedError } {
  const { incidentId, stepId, approval, actor, roles, state } = check;
  const role = roles.find((r) => approval.roles.includes(r));
  if (!role) {
    return {
      allowed: false,
      why: 'role',
      refusal: new RefusedError(
        `${actor} may not decide gate "${stepId}": it needs one of the roles ${approval.roles.join(', ')} and ${actor} has ${roles.join(', ') || 'none'}`,
        {
          hint: 'ask someone with that role, or have an admin add you to the roles file',
        },
      ),
    };
  }
  const keyMaker = check.key && check.key.createdBy !== actor ? check.key.createdBy : undefined;
  const through = check.key ? `${actor}'s API key ${check.key.id} was made by ${check.key.createdBy}` : '';
  if (approval.separate_from_initiator && check.initiator === actor) {
    return {
      allowed: false,
      why: 'separation_of_duties',
      refusal: new RefusedError(`${actor} started incident ${incidentId} and may not approve its gate "${stepId}" (separation of duties)`, {
        hint: 'another person must approve',
      }),
    };
  }
  if (approval.separate_from_initiator && keyMaker === check.initiator && check.decision !== 'reject') {
    return {
      allowed: false,
      why: 'separation_of_duties',
      refusal: new RefusedError(
        `${through}, who started incident ${incidentId}: it may not approve gate "${stepId}" (separation of duties; a key's maker answers for it)`,
        {
          hint: `another person must approve, with a key ${check.initiator} did not make (or on the CLI)`,
        },
      ),
    };
  }
  const onVisit = state && state.visit > 1 ? ` on visit ${state.visit}` : '';
  if (state?.outcome) {
    return {
      allowed: false,
      why: 'decided',
      refusal: new RefusedError(`gate "${stepId}" of ${incidentId} is already decided (${state.outcome})${onVisit}`, {
        hint: 'a run that comes back to this gate asks again then',
      }),
    };
  }
  if (state && (state.approvers.includes(actor) || state.rejecters.includes(actor))) {
    return {
      allowed: false,
      why: 'already_decided',
      refusal: new RefusedError(`${actor} has already decided gate "${stepId}"${onVisit}; a quorum needs distinct people`),
    };
  }
  if (state && check.decision !== 'reject') {
    // each approval must bring people no earlier decision of this visit answers for
    const mine = accountableFor({ actor, keyCreatedBy: check.key?.createdBy });
    for (const earlier of state.decisions) {
      const shared = accountableFor(earlier).find((person) => mine.includes(person));
      if (shared === undefined) continue;
      const earlierWay = earlier.keyId ? `through API key ${earlier.keyId} made by ${earlier.keyCreatedBy}` : 'without an API key';
      const why =
        shared === actor
          ? `${actor} made API key ${earlier.keyId} that ${earlier.actor} ${earlier.decision}d gate "${stepId}" with${onVisit}`
          : `${through}, who ${shared === earlier.actor ? `already decided gate "${stepId}"${onVisit}` : `also made the key ${earlier.actor} decided it with (${earlier.keyId})`}`;
      return {
        allowed: false,
        why: 'same_person',
        refusal: new RefusedError(`${why}: a quorum needs distinct people, and a key's maker counts as the same person as its holder`, {
          hint: `another approver, with a key ${shared} did not make (or on the CLI); ${earlier.actor} decided ${earlierWay}`,
          details: { shared, earlier: { actor: earlier.actor, keyId: earlier.keyId, keyCreatedBy: earlier.keyCreatedBy } },
        }),
      };
    }
  }
  return { allowed: true, role };
}

/**
 * Record one approver's decision. Exact under concurrency: the check and the insert run in one
 * BEGIN IMMEDIATE transaction, so of many racing approvals only `quorum` count and the rest are
 * told the gate is already decided. Every decision is a custody record.
 */
export function recordDecision(db: Db, decision: Decision): GateState {
  const { incidentId, stepId, approval, actor } = decision;
  if (approval.require_comment && !decision.comment?.trim()) {
    throw new UsageError(`gate "${stepId}" requires a comment`, { hint: `add --comment "why"` });
  }
  return writeTransaction(db, () => {
    const incident = getIncident(db, incidentId);
    // read inside the write lock, so a run entering the gate again cannot split one decision's checks
    const current = gateState(db, incidentId, stepId);
    const { visit } = current;
    const channel = decision.channel ?? CLI_CHANNEL;
    const may = mayDecide({
      incidentId,
      stepId,
      approval,
      initiator: incident.initiator,
      actor,
      roles: decision.roles,
      state: current,
      key: channel.key,
      decision: decision.decision,
    });
    if (!may.allowed) throw may.refusal;
    const { role } = may;
    const at = nowIso();
    const keyId = channel.key?.id ?? null;
    const keyCreatedBy = channel.key?.createdBy ?? null;
    db.prepare(
      'INSERT INTO approvals (incident_id, step_id, visit, actor, role, decision, comment, at, via, key_id, key_created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(incidentId, stepId, visit, actor, role, decision.decision, decision.comment ?? null, at, channel.via, keyId, keyCreatedBy);
    appendCustody(db, incidentId, {
      act: decision.decision === 'approve' ? 'approved' : 'rejected',
      actor,
      subject: `gate:${stepId}`,
      details: { role, comment: decision.comment ?? null, quorum: approval.quorum, visit, via: channel.via, key_id: keyId, key_created_by: keyCreatedBy },
    });
    addTimeline(db, incidentId, decision.decision === 'approve' ? 'approval' : 'rejection', {
      stepId,
      actor,
      detail: { role, comment: decision.comment ?? null, visit, via: channel.via, key_id: keyId },
    });
    const after = gateState(db, incidentId, stepId, visit);
    const outcome: GateOutcome | undefined = decision.decision === 'reject' ? 'rejected' : after.approvers.length >= approval.quorum ? 'approved' : undefined;
    if (outcome) closeGate(db, incidentId, stepId, outcome, visit);
    signalChange(db, incidentId); // a run waiting at this gate in this process looks at once
    return gateState(db, incidentId, stepId, visit);
  });
}

/**
 * Mark one visit of a gate decided (first writer wins). Its timeout and escalations not yet fired
 * are cancelled in the same transaction: a later visit sets its own, and the machine can only come
 * back to the gate after this visit is decided, so no deadline of this visit can reach the next.
 */
export function closeGate(db: Db, incidentId: string, stepId: string, outcome: GateOutcome, visit = currentVisit(db, incidentId, stepId)): boolean {
  return writeTransaction(db, () => {
    const changed =
      db
        .prepare('INSERT OR IGNORE INTO gates (incident_id, step_id, visit, outcome, decided_at) VALUES (?, ?, ?, ?, ?)')
        .run(incidentId, stepId, visit, outcome, nowIso()).changes === 1;
    if (changed) {
      cancelDeadlines(db, incidentId, stepId);
      addTimeline(db, incidentId, 'gate_decided', { stepId, detail: { outcome, visit } });
      signalChange(db, incidentId);
    }
    return changed;
  });
}

/**
 * The approval gate of an incident a decision is for: the given step, else the gate the incident
 * waits on. Read from the runbook copy stored with the incident, so an edited file cannot change
 * who may approve a running incident.
 */
export function findGate(db: Db, incidentId: string, stepId?: string): ApprovalStep {
  const incident = getIncident(db, incidentId);
  if (FINAL_STATUSES.has(incident.status)) {
    throw new RefusedError(`incident ${incidentId} has ended (${incident.status}); its gates are closed and nothing was changed`, {
      hint: `irctl status ${incidentId} shows how it ended; irctl rerun ${incidentId} --from <step> starts a new run`,
    });
  }
  const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
  const gates = runbook.steps.filter(isApprovalStep);
  const wanted = stepId ?? (gates.some((g) => g.id === incident.current_step) ? incident.current_step! : undefined);
  if (!wanted) {
    throw new UsageError(`incident ${incidentId} is not waiting at an approval gate (status ${incident.status}, step ${incident.current_step ?? '-'})`, {
      hint: gates.length ? `name the gate: --step ${gates.map((g) => g.id).join(' | --step ')}` : `runbook ${runbook.name} has no approval steps`,
    });
  }
  const gate = gates.find((g) => g.id === wanted);
  if (!gate) {
    throw new NotFoundError(`step "${wanted}" of incident ${incidentId} is not an approval gate`, {
      hint: gates.length ? `its gates: ${gates.map((g) => g.id).join(', ')}` : `runbook ${runbook.name} has no approval steps`,
    });
  }
  return gate;
}

/** Every decision and every decided gate of an incident, oldest first: the report's record of its gates. */
export function approvalHistory(db: Db, incidentId: string) {
  const decisions = db
    .prepare('SELECT step_id, visit, actor, role, decision, comment, at, via, key_id, key_created_by FROM approvals WHERE incident_id = ? ORDER BY at, rowid')
    .all(incidentId) as {
    step_id: string;
    visit: number;
    actor: string;
    role: string | null;
    decision: string;
    comment: string | null;
    at: string;
    via: string | null;
    key_id: string | null;
    key_created_by: string | null;
  }[];
  const decided = db.prepare('SELECT step_id, visit, outcome, decided_at FROM gates WHERE incident_id = ? ORDER BY decided_at').all(incidentId) as {
    step_id: string;
    visit: number;
    outcome: string;
    decided_at: string;
  }[];
  return { decisions, decided };
}
