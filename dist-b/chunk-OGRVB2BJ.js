import {
  cancelDeadlines
} from "./chunk-4RM7ECEZ.js";
import {
  loadRunbook
} from "./chunk-H6XEEHUO.js";
import {
  isApprovalStep
} from "./chunk-R7BDC3QQ.js";
import {
  appendCustody
} from "./chunk-72I7VOGQ.js";
import {
  FINAL_STATUSES,
  addTimeline,
  getIncident,
  nowIso,
  signalChange
} from "./chunk-GCLPYPTX.js";
import {
  writeTransaction
} from "./chunk-URVRDTQG.js";
import {
  NotFoundError,
  RefusedError,
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/engine/approvals.js
var CLI_CHANNEL = { via: "cli" };
function accountableFor(decision) {
  return decision.keyCreatedBy && decision.keyCreatedBy !== decision.actor ? [decision.actor, decision.keyCreatedBy] : [decision.actor];
}
function currentVisit(db, incidentId, stepId) {
  const path = `$.context.visits."${stepId}"`;
  const row = db.prepare("SELECT json_extract(snapshot, ?) AS visit FROM incidents WHERE id = ?").get(path, incidentId);
  return row?.visit ?? 1;
}
function gateState(db, incidentId, stepId, visit = currentVisit(db, incidentId, stepId)) {
  const gate = db.prepare("SELECT outcome, decided_at FROM gates WHERE incident_id = ? AND step_id = ? AND visit = ?").get(incidentId, stepId, visit);
  const rows = db.prepare("SELECT actor, role, decision, comment, at, via, key_id, key_created_by FROM approvals WHERE incident_id = ? AND step_id = ? AND visit = ? ORDER BY at, rowid").all(incidentId, stepId, visit);
  return {
    visit,
    outcome: gate?.outcome,
    decidedAt: gate?.decided_at,
    approvers: rows.filter((r) => r.decision === "approve").map((r) => r.actor),
    rejecters: rows.filter((r) => r.decision === "reject").map((r) => r.actor),
    comments: rows.map((r) => ({ actor: r.actor, decision: r.decision, comment: r.comment })),
    decisions: rows.map((r) => ({ actor: r.actor, decision: r.decision, via: r.via, keyId: r.key_id, keyCreatedBy: r.key_created_by }))
  };
}
function mayDecide(check) {
  const { incidentId, stepId, approval, actor, roles, state } = check;
  const role = roles.find((r) => approval.roles.includes(r));
  if (!role) {
    return {
      allowed: false,
      why: "role",
      refusal: new RefusedError(`${actor} may not decide gate "${stepId}": it needs one of the roles ${approval.roles.join(", ")} and ${actor} has ${roles.join(", ") || "none"}`, {
        hint: "ask someone with that role, or have an admin add you to the roles file"
      })
    };
  }
  const keyMaker = check.key && check.key.createdBy !== actor ? check.key.createdBy : void 0;
  const through = check.key ? `${actor}'s API key ${check.key.id} was made by ${check.key.createdBy}` : "";
  if (approval.separate_from_initiator && check.initiator === actor) {
    return {
      allowed: false,
      why: "separation_of_duties",
      refusal: new RefusedError(`${actor} started incident ${incidentId} and may not approve its gate "${stepId}" (separation of duties)`, {
        hint: "another person must approve"
      })
    };
  }
  if (approval.separate_from_initiator && keyMaker === check.initiator && check.decision !== "reject") {
    return {
      allowed: false,
      why: "separation_of_duties",
      refusal: new RefusedError(`${through}, who started incident ${incidentId}: it may not approve gate "${stepId}" (separation of duties; a key's maker answers for it)`, {
        hint: `another person must approve, with a key ${check.initiator} did not make (or on the CLI)`
      })
    };
  }
  const onVisit = state && state.visit > 1 ? ` on visit ${state.visit}` : "";
  if (state?.outcome) {
    return {
      allowed: false,
      why: "decided",
      refusal: new RefusedError(`gate "${stepId}" of ${incidentId} is already decided (${state.outcome})${onVisit}`, {
        hint: "a run that comes back to this gate asks again then"
      })
    };
  }
  if (state && (state.approvers.includes(actor) || state.rejecters.includes(actor))) {
    return {
      allowed: false,
      why: "already_decided",
      refusal: new RefusedError(`${actor} has already decided gate "${stepId}"${onVisit}; a quorum needs distinct people`)
    };
  }
  if (state && check.decision !== "reject") {
    const mine = accountableFor({ actor, keyCreatedBy: check.key?.createdBy });
    for (const earlier of state.decisions) {
      const shared = accountableFor(earlier).find((person) => mine.includes(person));
      if (shared === void 0)
        continue;
      const earlierWay = earlier.keyId ? `through API key ${earlier.keyId} made by ${earlier.keyCreatedBy}` : "without an API key";
      const why = shared === actor ? `${actor} made API key ${earlier.keyId} that ${earlier.actor} ${earlier.decision}d gate "${stepId}" with${onVisit}` : `${through}, who ${shared === earlier.actor ? `already decided gate "${stepId}"${onVisit}` : `also made the key ${earlier.actor} decided it with (${earlier.keyId})`}`;
      return {
        allowed: false,
        why: "same_person",
        refusal: new RefusedError(`${why}: a quorum needs distinct people, and a key's maker counts as the same person as its holder`, {
          hint: `another approver, with a key ${shared} did not make (or on the CLI); ${earlier.actor} decided ${earlierWay}`,
          details: { shared, earlier: { actor: earlier.actor, keyId: earlier.keyId, keyCreatedBy: earlier.keyCreatedBy } }
        })
      };
    }
  }
  return { allowed: true, role };
}
function recordDecision(db, decision) {
  const { incidentId, stepId, approval, actor } = decision;
  if (approval.require_comment && !decision.comment?.trim()) {
    throw new UsageError(`gate "${stepId}" requires a comment`, { hint: `add --comment "why"` });
  }
  return writeTransaction(db, () => {
    const incident = getIncident(db, incidentId);
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
      decision: decision.decision
    });
    if (!may.allowed)
      throw may.refusal;
    const { role } = may;
    const at = nowIso();
    const keyId = channel.key?.id ?? null;
    const keyCreatedBy = channel.key?.createdBy ?? null;
    db.prepare("INSERT INTO approvals (incident_id, step_id, visit, actor, role, decision, comment, at, via, key_id, key_created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").run(incidentId, stepId, visit, actor, role, decision.decision, decision.comment ?? null, at, channel.via, keyId, keyCreatedBy);
    appendCustody(db, incidentId, {
      act: decision.decision === "approve" ? "approved" : "rejected",
      actor,
      subject: `gate:${stepId}`,
      details: { role, comment: decision.comment ?? null, quorum: approval.quorum, visit, via: channel.via, key_id: keyId, key_created_by: keyCreatedBy }
    });
    addTimeline(db, incidentId, decision.decision === "approve" ? "approval" : "rejection", {
      stepId,
      actor,
      detail: { role, comment: decision.comment ?? null, visit, via: channel.via, key_id: keyId }
    });
    const after = gateState(db, incidentId, stepId, visit);
    const outcome = decision.decision === "reject" ? "rejected" : after.approvers.length >= approval.quorum ? "approved" : void 0;
    if (outcome)
      closeGate(db, incidentId, stepId, outcome, visit);
    signalChange(db, incidentId);
    return gateState(db, incidentId, stepId, visit);
  });
}
function closeGate(db, incidentId, stepId, outcome, visit = currentVisit(db, incidentId, stepId)) {
  return writeTransaction(db, () => {
    const changed = db.prepare("INSERT OR IGNORE INTO gates (incident_id, step_id, visit, outcome, decided_at) VALUES (?, ?, ?, ?, ?)").run(incidentId, stepId, visit, outcome, nowIso()).changes === 1;
    if (changed) {
      cancelDeadlines(db, incidentId, stepId);
      addTimeline(db, incidentId, "gate_decided", { stepId, detail: { outcome, visit } });
      signalChange(db, incidentId);
    }
    return changed;
  });
}
function findGate(db, incidentId, stepId) {
  const incident = getIncident(db, incidentId);
  if (FINAL_STATUSES.has(incident.status)) {
    throw new RefusedError(`incident ${incidentId} has ended (${incident.status}); its gates are closed and nothing was changed`, {
      hint: `irctl status ${incidentId} shows how it ended; irctl rerun ${incidentId} --from <step> starts a new run`
    });
  }
  const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
  const gates = runbook.steps.filter(isApprovalStep);
  const wanted = stepId ?? (gates.some((g) => g.id === incident.current_step) ? incident.current_step : void 0);
  if (!wanted) {
    throw new UsageError(`incident ${incidentId} is not waiting at an approval gate (status ${incident.status}, step ${incident.current_step ?? "-"})`, {
      hint: gates.length ? `name the gate: --step ${gates.map((g) => g.id).join(" | --step ")}` : `runbook ${runbook.name} has no approval steps`
    });
  }
  const gate = gates.find((g) => g.id === wanted);
  if (!gate) {
    throw new NotFoundError(`step "${wanted}" of incident ${incidentId} is not an approval gate`, {
      hint: gates.length ? `its gates: ${gates.map((g) => g.id).join(", ")}` : `runbook ${runbook.name} has no approval steps`
    });
  }
  return gate;
}
function approvalHistory(db, incidentId) {
  const decisions = db.prepare("SELECT step_id, visit, actor, role, decision, comment, at, via, key_id, key_created_by FROM approvals WHERE incident_id = ? ORDER BY at, rowid").all(incidentId);
  const decided = db.prepare("SELECT step_id, visit, outcome, decided_at FROM gates WHERE incident_id = ? ORDER BY decided_at").all(incidentId);
  return { decisions, decided };
}

// dist/engine/journal.js
function journalFor(db, incidentId) {
  return db.prepare("SELECT * FROM step_journal WHERE incident_id = ? ORDER BY started_at, attempt").all(incidentId);
}
function lastAttempt(db, incidentId, stepId, visit) {
  return db.prepare("SELECT * FROM step_journal WHERE incident_id = ? AND step_id = ? AND visit = ? ORDER BY attempt DESC LIMIT 1").get(incidentId, stepId, visit);
}
function failedAttempts(db, incidentId, stepId, visit) {
  const row = db.prepare("SELECT COUNT(*) AS n FROM step_journal WHERE incident_id = ? AND step_id = ? AND visit = ? AND status = 'failed'").get(incidentId, stepId, visit);
  return row.n;
}
function recordStart(db, row) {
  const next = db.prepare("SELECT COALESCE(MAX(attempt), 0) + 1 AS attempt FROM step_journal WHERE incident_id = ? AND step_id = ?").get(row.incidentId, row.stepId);
  db.prepare(`INSERT INTO step_journal (incident_id, step_id, attempt, visit, status, action, params, started_at) VALUES (?, ?, ?, ?, 'started', ?, ?, ?)`).run(row.incidentId, row.stepId, next.attempt, row.visit, row.action, JSON.stringify(row.params ?? null), nowIso());
  return next.attempt;
}
function recordEnd(db, key, end) {
  db.prepare(`UPDATE step_journal SET status = ?, outputs = ?, summary = ?, error = ?, ended_at = ? WHERE incident_id = ? AND step_id = ? AND attempt = ?`).run(end.status, end.outputs === void 0 ? null : JSON.stringify(end.outputs), end.summary ?? null, end.error ?? null, nowIso(), key.incidentId, key.stepId, key.attempt);
}
function interruptedSteps(db, incidentId) {
  return db.prepare(`SELECT * FROM step_journal AS j WHERE incident_id = ? AND status IN ('started', 'interrupted')
         AND attempt = (SELECT MAX(attempt) FROM step_journal WHERE incident_id = j.incident_id AND step_id = j.step_id)
       ORDER BY attempt`).all(incidentId);
}
function recordDecision2(db, incidentId, stepId, decision, actor) {
  db.prepare("INSERT INTO step_decisions (incident_id, step_id, decision, actor, at) VALUES (?, ?, ?, ?, ?)").run(incidentId, stepId, decision, actor, nowIso());
}
function takeDecision(db, incidentId, stepId) {
  const row = db.prepare("SELECT rowid, decision, actor FROM step_decisions WHERE incident_id = ? AND step_id = ? AND consumed = 0 ORDER BY rowid DESC LIMIT 1").get(incidentId, stepId);
  if (!row)
    return void 0;
  db.prepare("UPDATE step_decisions SET consumed = 1 WHERE rowid = ?").run(row.rowid);
  return { decision: row.decision, actor: row.actor };
}
function pendingDecision(db, incidentId, stepId) {
  const row = db.prepare("SELECT decision FROM step_decisions WHERE incident_id = ? AND step_id = ? AND consumed = 0 ORDER BY rowid DESC LIMIT 1").get(incidentId, stepId);
  return row?.decision;
}

export {
  gateState,
  mayDecide,
  recordDecision,
  closeGate,
  findGate,
  approvalHistory,
  journalFor,
  lastAttempt,
  failedAttempts,
  recordStart,
  recordEnd,
  interruptedSteps,
  recordDecision2,
  takeDecision,
  pendingDecision
};
