import {
  buildActionContext
} from "./chunk-7PJKO4CU.js";
import {
  checkRunbookInputs
} from "./chunk-OTP5ZCB7.js";
import {
  actionStepsById
} from "./chunk-3WGXUJSV.js";
import {
  SLA_AT_RISK_SHARE,
  slaBudget
} from "./chunk-PPE2D4RA.js";
import {
  decisionHint,
  stepsReadingOutputs
} from "./chunk-WZU5H5HN.js";
import {
  LEASE_MS,
  isBeingRun,
  newRunnerId,
  releaseLease,
  renewLease,
  takeLease
} from "./chunk-SXC63L3C.js";
import {
  closeGate,
  failedAttempts,
  gateState,
  interruptedSteps,
  journalFor,
  lastAttempt,
  pendingDecision,
  recordDecision2 as recordDecision,
  recordEnd,
  recordStart,
  takeDecision
} from "./chunk-OGRVB2BJ.js";
import {
  INCIDENT_WIDE,
  cancelDeadlines,
  dueDeadlines,
  ensureDeadline,
  markFired
} from "./chunk-4RM7ECEZ.js";
import {
  writeCheckpoint
} from "./chunk-JOVG2KOV.js";
import {
  FINAL_STATES,
  compileRunbook,
  stepPhases
} from "./chunk-ZULBT7B6.js";
import {
  loadRunbook
} from "./chunk-H6XEEHUO.js";
import {
  OutOfScopeError,
  findAction
} from "./chunk-ZGDHL663.js";
import {
  evaluate,
  interpolate,
  isParallelStep,
  isTruthy
} from "./chunk-R7BDC3QQ.js";
import {
  appendCustody
} from "./chunk-72I7VOGQ.js";
import {
  addTimeline,
  awaitsHuman,
  getIncident,
  incidentScope,
  insertIncident,
  newIncidentId,
  nowIso,
  releaseAutoOnly,
  setIncidentState,
  signalChange,
  systemClock,
  wakeupsFor
} from "./chunk-GCLPYPTX.js";
import {
  writeTransaction
} from "./chunk-URVRDTQG.js";
import {
  parseDuration
} from "./chunk-5OCVQCD3.js";
import {
  ActionFailedError,
  IrctlError,
  UsageError,
  WaitingError,
  isResumableFault
} from "./chunk-JMAPXXTL.js";

// dist/engine/inputs.js
function resolveInputs(runbook, given) {
  const checked = checkRunbookInputs(runbook, given);
  if (checked.problems.length)
    throw new UsageError(checked.problems.join("\n"), { hint: `irctl runbook show ${runbook.name} lists its inputs` });
  return checked.inputs;
}
function parseInputPairs(pairs) {
  const inputs = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new UsageError(`--input expects name=value, got "${pair}"`);
    inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return inputs;
}

// dist/engine/runner.js
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createActor } from "xstate";

// dist/engine/gate-actor.js
import { fromPromise } from "xstate";
function makeAwaitGate(deps, clock = deps.clock ?? systemClock) {
  return fromPromise(async ({ input, signal }) => {
    const { incidentId, stepId, visit, approval } = input;
    const waiter = wakeupsFor(deps.db, clock).subscribe(incidentId);
    try {
      scheduleDeadlines(deps, input, clock.now());
      let announced = false;
      for (; ; ) {
        const decided = pollGate(deps, input, clock.now());
        if (decided) {
          cancelDeadlines(deps.db, incidentId, stepId);
          deps.notify?.({ kind: decided.outcome, incidentId, stepId, detail: { ...decided.outputs } });
          return decided;
        }
        if (!announced) {
          announced = true;
          const detail = { roles: approval.roles, quorum: approval.quorum, message: approval.message ?? null, visit };
          addTimeline(deps.db, incidentId, "gate_waiting", { stepId, detail });
          deps.notify?.({ kind: "gate_waiting", incidentId, stepId, detail });
          deps.observer.gateWaiting?.(stepId, approval, visit);
        }
        await waiter.next(signal);
      }
    } finally {
      waiter.close();
    }
  });
}
function scheduleDeadlines(deps, input, opened) {
  const { incidentId, stepId, approval } = input;
  const key = `visit-${input.visit}`;
  if (approval.timeout) {
    ensureDeadline(deps.db, incidentId, stepId, "approval_timeout", key, opened + parseDuration(approval.timeout));
  }
  approval.escalate.forEach((level, index) => {
    ensureDeadline(deps.db, incidentId, stepId, "escalation", `${key}-${index}`, opened + parseDuration(level.after), {
      notify: level.notify,
      after: level.after
    });
  });
}
function pollGate(deps, input, now) {
  const { incidentId, stepId, visit } = input;
  const before = gateState(deps.db, incidentId, stepId, visit);
  if (before.outcome)
    return gateResult(before.outcome, before);
  const due = dueDeadlines(deps.db, incidentId, stepId, now);
  if (due.length === 0)
    return void 0;
  const escalations = writeTransaction(deps.db, () => {
    const fired = [];
    for (const deadline of due) {
      if (!markFired(deps.db, deadline.id, now))
        continue;
      const payload = JSON.parse(deadline.payload);
      if (deadline.kind === "escalation") {
        const detail = { notify: payload.notify, after: payload.after, visit };
        addTimeline(deps.db, incidentId, "escalated", { stepId, detail: { ...detail, due_at: deadline.due_at, fired_at: now } });
        fired.push(detail);
      } else if (deadline.kind === "approval_timeout") {
        closeGate(deps.db, incidentId, stepId, "timed_out", visit);
      }
    }
    return fired;
  });
  for (const detail of escalations) {
    deps.notify?.({ kind: "escalated", incidentId, stepId, detail: { ...detail, visit }, to: typeof detail.notify === "string" ? [detail.notify] : void 0 });
    deps.observer.escalated?.(stepId, detail.notify, detail.after);
  }
  const after = gateState(deps.db, incidentId, stepId, visit);
  return after.outcome ? gateResult(after.outcome, after) : void 0;
}
function gateResult(outcome, state) {
  return {
    outcome,
    summary: `gate ${outcome}${state.approvers.length ? ` by ${state.approvers.join(", ")}` : ""}`,
    outputs: {
      outcome,
      visit: state.visit,
      approvers: state.approvers,
      rejecters: state.rejecters,
      comments: state.comments.map((c) => `${c.actor}: ${c.comment ?? ""}`),
      decided_at: state.decidedAt ?? null
    }
  };
}

// dist/engine/rollback-actor.js
import { fromPromise as fromPromise2 } from "xstate";
function makeRollback(deps) {
  return fromPromise2(async ({ input, signal }) => {
    addTimeline(deps.db, input.incidentId, "rollback_started", { detail: { failed_step: input.failedStepId ?? null } });
    const undone = new Set(deps.db.prepare("SELECT step_id, detail FROM timeline WHERE incident_id = ? AND kind = 'step_undone'").all(input.incidentId).map((row) => `${row.step_id}#${JSON.parse(row.detail).attempt}`));
    const phases = stepPhases(deps.runbook);
    const phaseOf = (stepId) => phases.get(stepId) ?? phases.get(parentOf(deps, stepId) ?? "");
    const failedPhase = input.failedStepId ? phaseOf(input.failedStepId) : void 0;
    const finished = journalFor(deps.db, input.incidentId).filter((row) => row.status === "finished" && row.action && (failedPhase === void 0 || phaseOf(row.step_id) === failedPhase)).reverse();
    for (const row of finished) {
      const action = findAction(row.action);
      if (!action?.undo || undone.has(`${row.step_id}#${row.attempt}`))
        continue;
      const params = action.params.parse(JSON.parse(row.params ?? "{}"));
      const outputs = JSON.parse(row.outputs ?? "{}");
      const ctx = buildActionContext({
        services: deps.services,
        log: deps.log,
        params,
        incidentId: input.incidentId,
        stepId: row.step_id,
        attempt: row.attempt,
        actor: deps.runAs,
        signal
      });
      try {
        await action.undo(ctx, { kind: "done", summary: row.summary ?? "", outputs });
        addTimeline(deps.db, input.incidentId, "step_undone", { stepId: row.step_id, detail: { action: action.name, attempt: row.attempt } });
        deps.observer.stepUndone?.(row.step_id, action.name);
      } catch (error) {
        addTimeline(deps.db, input.incidentId, "undo_failed", {
          stepId: row.step_id,
          detail: { action: action.name, attempt: row.attempt, error: error.message }
        });
        deps.observer.stepUndone?.(row.step_id, action.name, error.message);
      }
    }
    addTimeline(deps.db, input.incidentId, "rollback_finished");
  });
}
function parentOf(deps, stepId) {
  return deps.runbook.steps.find((step) => "parallel" in step && step.parallel.some((branch) => branch.id === stepId))?.id;
}

// dist/engine/run-persistence.js
function persistEveryTransition(services, incidentId, actor, gate) {
  let lastPhase;
  return actor.subscribe({
    next: (snapshot) => {
      if (snapshot.status !== "active" && snapshot.status !== "done")
        return;
      const { phase, step } = position(snapshot.value);
      const leftGate = gate.waitingAt !== void 0 && step !== gate.waitingAt;
      if (leftGate)
        gate.waitingAt = void 0;
      writeTransaction(services.db, () => {
        setIncidentState(services.db, incidentId, {
          snapshot: JSON.stringify(actor.getPersistedSnapshot()),
          phase,
          current_step: step ?? null,
          ...leftGate ? { status: "running" } : {}
        });
        if (phase !== lastPhase) {
          if (lastPhase && !FINAL_STATES.includes(lastPhase))
            checkpoint(services, incidentId, `phase:${lastPhase}`);
          if (phase && !FINAL_STATES.includes(phase)) {
            addTimeline(services.db, incidentId, "phase_entered", { detail: { phase } });
          }
        }
      });
      lastPhase = phase;
    },
    error: () => void 0
  });
}
function checkpoint(services, incidentId, reason) {
  const count = services.db.prepare("SELECT COUNT(*) AS n FROM custody_records WHERE incident_id = ?").get(incidentId);
  if (count.n === 0)
    return;
  writeCheckpoint(services.db, services.paths.home, incidentId, reason);
}
function position(value) {
  if (typeof value === "string")
    return { phase: value };
  const [phase, inner] = Object.entries(value)[0] ?? ["unknown", void 0];
  return { phase, step: typeof inner === "string" ? inner : inner ? Object.keys(inner)[0] : void 0 };
}

// dist/engine/step-actor.js
import { setTimeout as delay } from "node:timers/promises";
import { fromPromise as fromPromise3 } from "xstate";
var parseJson = (text) => text ? JSON.parse(text) : {};
function makeRunStep(deps, stop, fault) {
  const steps = actionStepsById(deps.runbook);
  return fromPromise3(({ input, signal }) => {
    const running = runStep({ ...deps, stop, fault }, steps, input, signal);
    deps.inflight.add(running);
    void running.catch(() => void 0).finally(() => deps.inflight.delete(running));
    return running;
  });
}
async function runStep(deps, steps, input, signal) {
  const step = steps.get(input.stepId);
  if (!step)
    throw new ActionFailedError(`step "${input.stepId}" is not in the runbook`);
  const action = findAction(step.uses);
  if (!action)
    throw new ActionFailedError(`step "${step.id}" uses unknown action "${step.uses}"`);
  const replay = replayFromJournal(deps, input, action);
  if (replay)
    return replay;
  if (!step.auto || !action.auto)
    await waitForHuman(deps, input, step.uses, signal);
  if (step.if !== void 0 && !isTruthy(evaluate(step.if, input.scope))) {
    const attempt = recordStart(deps.db, { incidentId: input.incidentId, stepId: step.id, visit: input.visit, action: action.name, params: null });
    const result = { outcome: "skipped", outputs: {}, summary: `condition false: ${step.if}` };
    recordEnd(deps.db, { incidentId: input.incidentId, stepId: step.id, attempt }, { status: "skipped", summary: result.summary, outputs: {} });
    addTimeline(deps.db, input.incidentId, "step_skipped", { stepId: step.id, detail: { reason: result.summary } });
    deps.observer.stepFinished?.(step.id, result, 0);
    return result;
  }
  const act = () => runWithRetries(deps, input, step, action, signal);
  return deps.admit ? deps.admit(step.id, act) : act();
}
async function waitForHuman(deps, input, action, signal) {
  const autoOnly = () => awaitsHuman(deps.db, input.incidentId);
  if (!autoOnly())
    return;
  addTimeline(deps.db, input.incidentId, "human_needed", { stepId: input.stepId, detail: { action } });
  deps.observer.humanNeeded?.(input.stepId, action);
  deps.notify?.({ kind: "human_needed", incidentId: input.incidentId, stepId: input.stepId, detail: { action } });
  const waiter = wakeupsFor(deps.db, deps.clock).subscribe(input.incidentId);
  try {
    while (autoOnly())
      await waiter.next(signal);
  } finally {
    waiter.close();
  }
}
function replayFromJournal(deps, input, action) {
  const last = lastAttempt(deps.db, input.incidentId, input.stepId, input.visit);
  if (!last)
    return void 0;
  const key = { incidentId: input.incidentId, stepId: input.stepId, attempt: last.attempt };
  switch (last.status) {
    case "finished":
      return { outcome: "done", outputs: parseJson(last.outputs), summary: last.summary ?? void 0 };
    case "skipped":
      return { outcome: "skipped", outputs: parseJson(last.outputs), summary: last.summary ?? void 0 };
    case "started":
    case "interrupted": {
      const decision = takeDecision(deps.db, input.incidentId, input.stepId);
      if (decision?.decision === "skip") {
        const summary = `skipped by ${decision.actor} after an interrupted run`;
        recordEnd(deps.db, key, { status: "skipped", summary, outputs: {} });
        addTimeline(deps.db, input.incidentId, "step_skipped", { stepId: input.stepId, actor: decision.actor, detail: { reason: summary } });
        return { outcome: "skipped", outputs: {}, summary };
      }
      if (!action.idempotent && !decision) {
        throw new WaitingError(`step "${input.stepId}" (${action.name}) was interrupted and is not safe to repeat`, {
          hint: decisionHint(input.incidentId, input.stepId, stepsReadingOutputs(deps.runbook, input.stepId))
        });
      }
      if (last.status === "started") {
        recordEnd(deps.db, key, { status: "interrupted", error: "the process stopped during this attempt" });
        addTimeline(deps.db, input.incidentId, "step_interrupted", {
          stepId: input.stepId,
          detail: { attempt: last.attempt, rerun: decision ? "by decision" : "idempotent" }
        });
      }
      return void 0;
    }
    default:
      return void 0;
  }
}
function failedAttemptsThisVisit(deps, input) {
  return failedAttempts(deps.db, input.incidentId, input.stepId, input.visit);
}
async function runWithRetries(deps, input, step, action, signal) {
  const maxAttempts = step.retry?.attempts ?? 1;
  const timeoutAt = step.timeout ? ensureDeadline(deps.db, input.incidentId, step.id, "step_timeout", `visit-${input.visit}`, Date.now() + parseDuration(step.timeout)).due_at : void 0;
  try {
    for (let failures = failedAttemptsThisVisit(deps, input); ; ) {
      try {
        return await runOnce(deps, input, step, action, signal, failures + 1 >= maxAttempts, timeoutAt);
      } catch (error) {
        failures++;
        if (deps.stop?.aborted)
          throw error;
        const retry = failures < maxAttempts && !signal.aborted && !(error instanceof WaitingError) && !isTimeout(error);
        deps.observer.stepFailed?.(step.id, error.message, retry);
        if (!retry)
          throw error;
        const backoff = parseDuration(step.retry.backoff) * step.retry.factor ** (failures - 1);
        await delay(backoff, void 0, { signal });
      }
    }
  } finally {
    if (step.timeout)
      cancelDeadlines(deps.db, input.incidentId, step.id, "step_timeout");
  }
}
var StepTimeoutError = class extends ActionFailedError {
};
var isTimeout = (error) => error instanceof StepTimeoutError;
async function runOnce(deps, input, step, action, outer, lastAttempt2, timeoutAt) {
  let params;
  try {
    const resolved = interpolate(step.with, input.scope);
    const parsed = action.params.safeParse(resolved);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(with)"}: ${issue.message}`).join("; ");
      throw new ActionFailedError(`step "${step.id}": parameters for ${action.name} are invalid after resolving expressions: ${problems}`);
    }
    params = parsed.data;
  } catch (error) {
    const attempt2 = recordStart(deps.db, { incidentId: input.incidentId, stepId: step.id, visit: input.visit, action: action.name, params: null });
    recordEnd(deps.db, { incidentId: input.incidentId, stepId: step.id, attempt: attempt2 }, { status: "failed", error: error.message });
    addTimeline(deps.db, input.incidentId, "step_failed", { stepId: step.id, detail: { error: error.message } });
    throw error instanceof IrctlError ? error : new ActionFailedError(`step "${step.id}": ${error.message}`);
  }
  const attempt = writeTransaction(deps.db, () => {
    const started2 = recordStart(deps.db, { incidentId: input.incidentId, stepId: step.id, visit: input.visit, action: action.name, params });
    addTimeline(deps.db, input.incidentId, "step_started", { stepId: step.id, actor: deps.runAs, detail: { action: action.name, attempt: started2 } });
    return started2;
  });
  const key = { incidentId: input.incidentId, stepId: step.id, attempt };
  deps.observer.stepStarted?.(step.id, action.name, params, attempt);
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer.reason);
  outer.addEventListener("abort", onOuterAbort, { once: true });
  let timer;
  const timedOut = new Promise((_, reject) => {
    if (timeoutAt === void 0)
      return;
    timer = setTimeout(() => {
      const error = new StepTimeoutError(`step "${step.id}" timed out after ${step.timeout}`);
      controller.abort(error);
      reject(error);
    }, Math.max(0, timeoutAt - Date.now()));
  });
  timedOut.catch(() => void 0);
  const started = Date.now();
  try {
    const ctx = buildActionContext({
      services: deps.services,
      log: deps.log,
      params,
      incidentId: input.incidentId,
      stepId: step.id,
      attempt,
      visit: input.visit,
      actor: deps.runAs,
      scope: deps.scope,
      signal: controller.signal,
      progress: { update: (done, total, label) => deps.observer.progress?.(step.id, done, total, label) }
    });
    const work = (async () => {
      await action.check?.(ctx);
      return action.run(ctx);
    })();
    const outcome = await Promise.race([work, timedOut]);
    const result = outcome.kind === "done" ? {
      outcome: "done",
      outputs: { ...outcome.outputs ?? {}, ...outcome.evidenceIds ? { evidence_ids: outcome.evidenceIds } : {} },
      summary: outcome.summary
    } : { outcome: "skipped", outputs: {}, summary: outcome.reason };
    writeTransaction(deps.db, () => {
      recordEnd(deps.db, key, { status: outcome.kind === "done" ? "finished" : "skipped", outputs: result.outputs, summary: result.summary });
      addTimeline(deps.db, input.incidentId, outcome.kind === "done" ? "step_finished" : "step_skipped", {
        stepId: step.id,
        actor: deps.runAs,
        detail: { summary: result.summary ?? "", duration_ms: Date.now() - started }
      });
    });
    deps.observer.stepFinished?.(step.id, result, Date.now() - started);
    return result;
  } catch (error) {
    if (deps.fault && lastAttempt2 && !deps.stop?.aborted && isResumableFault(error)) {
      deps.fault(step.id, error);
      const reason = `${error.message}${error.hint ? ` (${error.hint})` : ""}`;
      recordEnd(deps.db, key, { status: "interrupted", error: reason });
      addTimeline(deps.db, input.incidentId, "step_interrupted", {
        stepId: step.id,
        actor: deps.runAs,
        detail: { attempt, reason, code: error.code, duration_ms: Date.now() - started }
      });
      appendCustody(deps.db, input.incidentId, {
        act: "attempt-interrupted",
        actor: deps.runAs,
        subject: step.id,
        how: { action: action.name, step: step.id, attempt },
        details: { code: error.code, cause: error.message }
      });
      throw error;
    }
    if (deps.stop?.aborted) {
      const reason = `stopped by ${String(deps.stop.reason ?? "the runner")}; irctl resume continues`;
      recordEnd(deps.db, key, { status: "interrupted", error: reason });
      addTimeline(deps.db, input.incidentId, "step_interrupted", {
        stepId: step.id,
        actor: deps.runAs,
        detail: { attempt, reason, duration_ms: Date.now() - started }
      });
      throw error;
    }
    const message = error?.message ?? String(error);
    recordEnd(deps.db, key, { status: "failed", error: message });
    if (error instanceof OutOfScopeError) {
      addTimeline(deps.db, input.incidentId, "out_of_scope", { stepId: step.id, actor: deps.runAs, detail: { action: action.name, ...error.details } });
    }
    addTimeline(deps.db, input.incidentId, "step_failed", {
      stepId: step.id,
      actor: deps.runAs,
      detail: { error: message, duration_ms: Date.now() - started }
    });
    throw error;
  } finally {
    clearTimeout(timer);
    outer.removeEventListener("abort", onOuterAbort);
  }
}

// dist/engine/oncall.js
function ladderFor(oncall, severity) {
  const own = oncall.escalation[severity];
  return own ?? oncall.escalation.default;
}
function scheduleIncidentClock(db, incidentId, oncall) {
  const incident = getIncident(db, incidentId);
  const opened = Date.parse(incident.created_at);
  if (!isAcknowledged(db, incidentId)) {
    ladderFor(oncall, incident.severity).forEach((level, index) => {
      ensureDeadline(db, incidentId, INCIDENT_WIDE, "page", `level-${index}`, opened + parseDuration(level.after), {
        level: index,
        notify: level.notify,
        after: level.after
      });
    });
  }
  const budget = slaBudget(incident.severity);
  ensureDeadline(db, incidentId, INCIDENT_WIDE, "sla_at_risk", "sla", opened + Math.round(budget.ms * SLA_AT_RISK_SHARE), { budget: budget.label });
  ensureDeadline(db, incidentId, INCIDENT_WIDE, "sla_breached", "sla", opened + budget.ms, { budget: budget.label });
}
function fireIncidentDeadlines(db, incidentId, now, notify) {
  const due = dueDeadlines(db, incidentId, INCIDENT_WIDE, now);
  if (due.length === 0)
    return;
  const events = [];
  writeTransaction(db, () => fire(db, incidentId, due, now, (event) => events.push(event)));
  for (const event of events)
    notify?.(event);
}
function fire(db, incidentId, due, now, notify) {
  for (const deadline of due) {
    if (!markFired(db, deadline.id, now))
      continue;
    const payload = JSON.parse(deadline.payload);
    const timing = { due_at: deadline.due_at, fired_at: now };
    if (deadline.kind === "page") {
      const detail = { source: "oncall", level: payload.level, notify: payload.notify, after: payload.after };
      addTimeline(db, incidentId, "escalated", { detail: { ...detail, ...timing } });
      notify({ kind: "escalated", incidentId, detail, to: payload.notify });
    } else if (deadline.kind === "sla_at_risk" || deadline.kind === "sla_breached") {
      const detail = { budget: payload.budget };
      addTimeline(db, incidentId, deadline.kind, { detail: { ...detail, ...timing } });
      notify({ kind: deadline.kind, incidentId, detail });
    }
  }
}
function stopIncidentClock(db, incidentId) {
  cancelDeadlines(db, incidentId, INCIDENT_WIDE);
}
function isAcknowledged(db, incidentId) {
  return db.prepare("SELECT 1 FROM acknowledgements WHERE incident_id = ? LIMIT 1").get(incidentId) !== void 0;
}

// dist/engine/runner.js
var INFLIGHT_GRACE_MS = 5e3;
var PARTIAL_CAPTURE = /^\.ev-.*\.partial$/;
var HEARTBEAT_MS = LEASE_MS / 3;
function openIncident(services, options) {
  const inputs = resolveInputs(options.loaded.runbook, options.inputs);
  const incidentId = newIncidentId();
  insertIncident(services.db, {
    id: incidentId,
    runbookName: options.loaded.runbook.name,
    runbookFile: options.loaded.file,
    runbookSource: options.loaded.source,
    severity: options.loaded.runbook.severity,
    inputs,
    alert: options.alert,
    target: options.target ?? (typeof inputs.container === "string" ? inputs.container : void 0),
    initiator: options.initiator,
    autoOnly: options.autoOnly,
    startAt: options.startAt,
    rerunOf: options.rerunOf,
    scope: options.scope
  });
  return incidentId;
}
async function driveIncident(services, incidentId, options = {}) {
  const { db } = services;
  const incident = getIncident(db, incidentId);
  if (FINAL_STATES.includes(incident.status))
    return { incidentId, status: incident.status };
  const clock = options.clock ?? systemClock;
  const notify = options.notify;
  const loaded = loadRunbook(incident.runbook_source, incident.runbook_file);
  try {
    refuseIfUndecided(services, incidentId, loaded.runbook, options.decision?.stepId);
  } catch (error) {
    if (error instanceof WaitingError)
      notify?.({ kind: "decision_needed", incidentId, stepId: getIncident(db, incidentId).current_step ?? void 0, detail: { message: error.message } });
    throw error;
  }
  const runnerId = newRunnerId();
  takeLease(services, incidentId, runnerId);
  if (options.decision)
    recordDecision(db, incidentId, options.decision.stepId, options.decision.decision, services.actor);
  let waitingOn;
  const gate = {};
  let waitingFor;
  const phaseOf = stepPhaseLookup(loaded.runbook);
  let announcedPhase;
  const announce = (stepId) => {
    const phase = phaseOf(stepId);
    if (phase && phase !== announcedPhase)
      options.observer?.phaseEntered?.(announcedPhase = phase);
  };
  const actions = /* @__PURE__ */ new Map();
  const observer = {
    ...options.observer,
    phaseEntered: void 0,
    stepStarted: (stepId, action, params, attempt) => {
      announce(stepId);
      actions.set(stepId, action);
      options.observer?.stepStarted?.(stepId, action, params, attempt);
    },
    stepFinished: (stepId, result, durationMs) => {
      options.observer?.stepFinished?.(stepId, result, durationMs);
      if (result.outcome === "done" && actions.get(stepId) === "recover.release")
        notify?.({ kind: "released", incidentId, stepId, detail: { summary: result.summary ?? null } });
    },
    gateWaiting: (stepId, approval, visit) => {
      announce(stepId);
      setIncidentState(db, incidentId, { status: "waiting", current_step: stepId, snapshot: JSON.stringify(actor.getPersistedSnapshot()) });
      gate.waitingAt = stepId;
      options.observer?.gateWaiting?.(stepId, approval, visit);
      if (options.stopAtGate)
        [waitingOn, waitingFor] = [stepId, "approval"];
      waiter.poke();
    },
    humanNeeded: (stepId, action) => {
      options.observer?.humanNeeded?.(stepId, action);
      if (options.stopAtGate || options.stopAtHuman)
        [waitingOn, waitingFor] = [stepId, "takeover"];
      waiter.poke();
    }
  };
  removeInterruptedCaptures(services, incidentId);
  if (options.takeOver)
    releaseAutoOnly(db, incidentId, services.actor);
  const deps = {
    db,
    services: { db, evidenceDir: services.paths.evidenceDir, docker: services.docker, config: services.config },
    log: services.log,
    runbook: loaded.runbook,
    runAs: options.runAs ?? incident.initiator,
    // an alert-opened incident from before scopes were recorded is held to the config's scope now
    scope: incidentScope(incident) ?? (incident.initiator.startsWith("alert:") ? { server: services.config.scope } : void 0),
    observer,
    notify,
    clock,
    admit: options.admit,
    inflight: /* @__PURE__ */ new Set()
  };
  const halt = new AbortController();
  const onCallerStop = () => halt.abort(options.stop?.reason);
  if (options.stop?.aborted)
    onCallerStop();
  else
    options.stop?.addEventListener("abort", onCallerStop, { once: true });
  let fault;
  const onFault = (stepId, error) => {
    fault ??= { stepId, code: error.code, message: error.message, hint: error.hint, exitCode: error.exitCode };
    halt.abort("fault");
  };
  const machine = compileRunbook(loaded.runbook, { startAt: incident.start_at ?? void 0 }).provide({
    actors: { runStep: makeRunStep(deps, halt.signal, onFault), awaitGate: makeAwaitGate(deps), rollback: makeRollback(deps) }
  });
  const input = { incidentId, inputs: JSON.parse(incident.inputs), alert: incident.alert ? JSON.parse(incident.alert) : void 0 };
  const actor = incident.snapshot ? createActor(machine, { input, snapshot: JSON.parse(incident.snapshot) }) : createActor(machine, { input });
  const waiter = wakeupsFor(db, clock).subscribe(incidentId);
  writeTransaction(db, () => {
    setIncidentState(db, incidentId, { status: "running" });
    addTimeline(db, incidentId, incident.snapshot ? "run_resumed" : "run_started", { actor: services.actor });
    scheduleIncidentClock(db, incidentId, services.config.oncall);
  });
  if (!incident.snapshot)
    notify?.({ kind: "opened", incidentId, detail: { runbook: incident.runbook_name, severity: incident.severity, target: incident.target } });
  const persistence = persistEveryTransition(services, incidentId, actor, gate);
  const contained = watchContainment(actor, () => notify?.({ kind: "contained", incidentId, detail: { runbook: incident.runbook_name } }));
  const moved = actor.subscribe({ next: () => waiter.poke(), error: () => waiter.poke(), complete: () => waiter.poke() });
  const heartbeat = setInterval(() => renewLease(services, incidentId, runnerId), HEARTBEAT_MS);
  const onStop = () => {
    persistence.unsubscribe();
    if (actor.getSnapshot().status === "active")
      actor.stop();
    waiter.poke();
  };
  try {
    actor.start();
    if (halt.signal.aborted)
      onStop();
    else
      halt.signal.addEventListener("abort", onStop, { once: true });
    for (; ; ) {
      const snapshot = actor.getSnapshot();
      if (snapshot.status === "done")
        return finish(services, incidentId, snapshot.value, snapshot.context, notify);
      if (snapshot.status === "error") {
        const message = snapshot.error?.message ?? String(snapshot.error);
        setIncidentState(db, incidentId, { status: "failed", finished_at: nowIso() });
        addTimeline(db, incidentId, "incident_closed", { detail: { status: "failed", error: message } });
        stopIncidentClock(db, incidentId);
        notify?.({ kind: "failed", incidentId, detail: { error: message } });
        return { incidentId, status: "failed", failure: { stepId: "", message } };
      }
      if (halt.signal.aborted) {
        await drain(deps);
        if (fault)
          return { ...stoppedHere(services, incidentId, fault.message, gate.waitingAt, loaded.runbook, fault), fault };
        return stoppedHere(services, incidentId, String(halt.signal.reason ?? "stopped"), gate.waitingAt, loaded.runbook);
      }
      if (waitingOn) {
        actor.stop();
        setIncidentState(db, incidentId, { status: "waiting", current_step: waitingOn });
        return { incidentId, status: "waiting", waitingOn, waitingFor };
      }
      const abortBy = getIncident(db, incidentId).abort_requested;
      if (abortBy) {
        addTimeline(db, incidentId, "abort_requested", { actor: abortBy });
        actor.send({ type: "ABORT", actor: abortBy });
        continue;
      }
      fireIncidentDeadlines(db, incidentId, clock.now(), notify);
      await waiter.next();
    }
  } finally {
    halt.signal.removeEventListener("abort", onStop);
    options.stop?.removeEventListener("abort", onCallerStop);
    clearInterval(heartbeat);
    moved.unsubscribe();
    contained.unsubscribe();
    waiter.close();
    persistence.unsubscribe();
    if (actor.getSnapshot().status === "active")
      actor.stop();
    await drain(deps);
    releaseLease(services, incidentId, runnerId);
  }
}
function watchContainment(actor, onContained) {
  let inContainment = false;
  let told = false;
  return actor.subscribe({
    next: (snapshot) => {
      const value = snapshot.value;
      const phase = typeof value === "string" ? value : Object.keys(value)[0];
      if (phase === "containment")
        inContainment = true;
      else if (inContainment && !told && phase && !FINAL_STATES.includes(phase) && phase !== "rollback") {
        told = true;
        onContained();
      }
    },
    error: () => void 0
  });
}
async function drain(deps) {
  let timer;
  const grace = new Promise((resolve) => timer = setTimeout(resolve, INFLIGHT_GRACE_MS));
  try {
    await Promise.race([Promise.allSettled([...deps.inflight]), grace]);
  } finally {
    clearTimeout(timer);
  }
}
function stoppedHere(services, incidentId, reason, waitingAt, runbook, fault) {
  const undecided = undecidedInterruption(services, incidentId);
  if (undecided)
    setIncidentState(services.db, incidentId, { status: "needs_decision", current_step: undecided.step_id });
  const incident = getIncident(services.db, incidentId);
  const stepId = undecided?.step_id ?? incident.current_step ?? void 0;
  addTimeline(services.db, incidentId, "run_stopped", {
    stepId,
    actor: services.actor,
    detail: { reason, ...fault ? { fault: { code: fault.code, hint: fault.hint ?? null } } : {} }
  });
  const atGate = !undecided && incident.status === "waiting" && waitingAt === incident.current_step;
  return {
    incidentId,
    status: incident.status,
    stopped: { stepId, reason, ...undecided ? { outputsReadBy: stepsReadingOutputs(runbook, undecided.step_id) } : {} },
    ...atGate ? { waitingOn: waitingAt, waitingFor: "approval" } : {}
  };
}
function removeInterruptedCaptures(services, incidentId) {
  const folder = join(services.paths.evidenceDir, incidentId);
  if (!existsSync(folder))
    return;
  for (const name of readdirSync(folder).filter((file) => PARTIAL_CAPTURE.test(file))) {
    rmSync(join(folder, name), { force: true });
    addTimeline(services.db, incidentId, "partial_capture_removed", { actor: services.actor, detail: { file: name } });
    appendCustody(services.db, incidentId, {
      act: "capture-failed",
      actor: services.actor,
      subject: name,
      details: { reason: "the process stopped during the capture; its partial file was removed on resume" }
    });
  }
}
function stepPhaseLookup(runbook) {
  const phases = stepPhases(runbook);
  for (const step of runbook.steps) {
    if (isParallelStep(step))
      for (const branch of step.parallel)
        phases.set(branch.id, phases.get(step.id));
  }
  return (stepId) => phases.get(stepId);
}
function finish(services, incidentId, finalState, context, notify) {
  const status = finalState;
  setIncidentState(services.db, incidentId, { status, finished_at: nowIso(), current_step: null });
  addTimeline(services.db, incidentId, "incident_closed", { detail: { status, failure: context.failure ?? null } });
  stopIncidentClock(services.db, incidentId);
  checkpoint(services, incidentId, `closed:${status}`);
  const detail = { status, failure: context.failure ?? null };
  notify?.({ kind: status === "succeeded" ? "closed" : status, incidentId, detail });
  return { incidentId, status, failure: context.failure };
}
function undecidedInterruption(services, incidentId, decidedNow) {
  return interruptedSteps(services.db, incidentId).find((row) => {
    if (row.step_id === decidedNow)
      return false;
    const action = row.action ? findAction(row.action) : void 0;
    return !action?.idempotent && !pendingDecision(services.db, incidentId, row.step_id);
  });
}
function refuseIfUndecided(services, incidentId, runbook, decidedNow) {
  const row = undecidedInterruption(services, incidentId, decidedNow);
  if (!row)
    return;
  setIncidentState(services.db, incidentId, { status: "needs_decision", current_step: row.step_id });
  const readers = stepsReadingOutputs(runbook, row.step_id);
  throw new WaitingError(`step "${row.step_id}" (${row.action}) of ${incidentId} was interrupted mid-run and is not safe to repeat automatically; decide whether to run it again${readers.length === 0 ? " or skip it" : ""}`, { hint: decisionHint(incidentId, row.step_id, readers) });
}
function abortIncident(services, incidentId) {
  const row = getIncident(services.db, incidentId);
  if (FINAL_STATES.includes(row.status))
    return row.status;
  if (isBeingRun(services, incidentId)) {
    setIncidentState(services.db, incidentId, { abort_requested: services.actor });
    signalChange(services.db, incidentId);
    return "requested";
  }
  setIncidentState(services.db, incidentId, { status: "aborted", finished_at: nowIso(), abort_requested: services.actor });
  addTimeline(services.db, incidentId, "incident_closed", { actor: services.actor, detail: { status: "aborted" } });
  return "aborted";
}

export {
  resolveInputs,
  parseInputPairs,
  openIncident,
  driveIncident,
  stepPhaseLookup,
  abortIncident
};
