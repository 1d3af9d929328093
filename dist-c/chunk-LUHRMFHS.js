import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  NotFoundError
} from "./chunk-HPPMOGYY.js";

// dist/engine/ids.js
import { randomBytes } from "node:crypto";
function newIncidentId(now = /* @__PURE__ */ new Date()) {
  const iso = now.toISOString();
  return `inc-${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 16).replace(":", "")}-${randomBytes(3).toString("hex")}`;
}
var nowIso = () => (/* @__PURE__ */ new Date()).toISOString();

// dist/engine/wakeups.js
var CROSS_PROCESS_CHECK_MS = 250;
var MAX_TIMER_MS = 2 ** 31 - 1;
var systemClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.min(MAX_TIMER_MS, Math.max(0, ms)));
    return () => clearTimeout(timer);
  }
};
var Wakeups = class {
  db;
  clock;
  waiters = /* @__PURE__ */ new Map();
  cancelDeadlineTimer;
  armedFor;
  /** Every deadline due at or before this has been delivered; the timer looks only later. */
  watermark;
  cancelCrossProcess;
  dataVersion = 0;
  constructor(db, clock) {
    this.db = db;
    this.clock = clock;
    this.watermark = clock.now();
  }
  subscribe(incidentId) {
    const waiter = new WaiterImpl(() => this.remove(incidentId, waiter));
    let set = this.waiters.get(incidentId);
    if (!set)
      this.waiters.set(incidentId, set = /* @__PURE__ */ new Set());
    set.add(waiter);
    this.rearm();
    this.watchOtherProcesses();
    return waiter;
  }
  changed(incidentId) {
    if (incidentId === void 0)
      for (const set of this.waiters.values())
        for (const waiter of set)
          waiter.poke();
    else
      for (const waiter of this.waiters.get(incidentId) ?? [])
        waiter.poke();
    this.rearm();
  }
  /** Deadline rows changed: set the one timer to the earliest open row of a watched incident. */
  rearm() {
    if (this.waiters.size === 0 || !this.db.open)
      return this.disarm();
    const ids = [...this.waiters.keys()];
    const row = this.db.prepare(`SELECT MIN(due_at) AS due FROM deadlines WHERE fired_at IS NULL AND cancelled = 0 AND due_at > ? AND incident_id IN (${ids.map(() => "?").join(",")})`).get(this.watermark, ...ids);
    if (row.due === null)
      return this.disarm();
    if (this.armedFor === row.due)
      return;
    this.disarm();
    this.armedFor = row.due;
    this.cancelDeadlineTimer = this.clock.setTimer(() => this.deadlineDue(), row.due - this.clock.now());
  }
  disarm() {
    this.cancelDeadlineTimer?.();
    this.cancelDeadlineTimer = void 0;
    this.armedFor = void 0;
  }
  deadlineDue() {
    this.cancelDeadlineTimer = void 0;
    this.armedFor = void 0;
    if (!this.db.open)
      return;
    const now = this.clock.now();
    const due = this.db.prepare("SELECT DISTINCT incident_id FROM deadlines WHERE fired_at IS NULL AND cancelled = 0 AND due_at > ? AND due_at <= ?").all(this.watermark, now);
    this.watermark = now;
    for (const { incident_id } of due)
      for (const waiter of this.waiters.get(incident_id) ?? [])
        waiter.poke();
    this.rearm();
  }
  watchOtherProcesses() {
    if (this.cancelCrossProcess || !this.db.open)
      return;
    this.dataVersion = this.db.pragma("data_version", { simple: true });
    const check = () => {
      this.cancelCrossProcess = void 0;
      if (this.waiters.size === 0 || !this.db.open)
        return;
      const version = this.db.pragma("data_version", { simple: true });
      if (version !== this.dataVersion) {
        this.dataVersion = version;
        this.changed();
      }
      this.cancelCrossProcess = this.clock.setTimer(check, CROSS_PROCESS_CHECK_MS);
    };
    this.cancelCrossProcess = this.clock.setTimer(check, CROSS_PROCESS_CHECK_MS);
  }
  remove(incidentId, waiter) {
    const set = this.waiters.get(incidentId);
    set?.delete(waiter);
    if (set?.size === 0)
      this.waiters.delete(incidentId);
    if (this.waiters.size === 0) {
      this.disarm();
      this.cancelCrossProcess?.();
      this.cancelCrossProcess = void 0;
    }
  }
};
var WaiterImpl = class {
  onClose;
  pending = false;
  resolve;
  constructor(onClose) {
    this.onClose = onClose;
  }
  poke() {
    this.pending = true;
    const resolve = this.resolve;
    this.resolve = void 0;
    resolve?.();
  }
  next(signal) {
    if (signal?.aborted)
      return Promise.reject(asError(signal.reason));
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.resolve = void 0;
        reject(asError(signal.reason));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.resolve = () => {
        this.pending = false;
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
    });
  }
  close() {
    this.resolve = void 0;
    this.onClose();
  }
};
var perStore = /* @__PURE__ */ new WeakMap();
function wakeupsFor(db, clock = systemClock) {
  let wakeups = perStore.get(db);
  if (!wakeups)
    perStore.set(db, wakeups = new Wakeups(db, clock));
  return wakeups;
}
function signalChange(db, incidentId) {
  perStore.get(db)?.changed(incidentId);
}
function asError(reason) {
  return reason instanceof Error ? reason : new Error(String(reason));
}

// dist/engine/incidents.js
var FINAL_STATUSES = /* @__PURE__ */ new Set(["succeeded", "failed", "aborted", "rolled_back"]);
function insertIncident(db, incident) {
  const at = nowIso();
  db.prepare(`INSERT INTO incidents (id, runbook_name, runbook_file, runbook_source, severity, status, inputs, alert, target, initiator, created_at, updated_at, auto_only, start_at, rerun_of, scope)
     VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(incident.id, incident.runbookName, incident.runbookFile, incident.runbookSource, incident.severity, JSON.stringify(incident.inputs), incident.alert === void 0 ? null : JSON.stringify(incident.alert), incident.target ?? null, incident.initiator, at, at, incident.autoOnly ? 1 : 0, incident.startAt ?? null, incident.rerunOf ?? null, incident.scope ? JSON.stringify(incident.scope) : null);
  addTimeline(db, incident.id, "incident_opened", {
    actor: incident.initiator,
    detail: { runbook: incident.runbookName, ...incident.rerunOf ? { rerun_of: incident.rerunOf, start_at: incident.startAt ?? null } : {} }
  });
}
function getIncident(db, incidentId) {
  const row = db.prepare("SELECT * FROM incidents WHERE id = ?").get(incidentId);
  if (!row) {
    throw new NotFoundError(`incident "${incidentId}" not found in ${db.name}`, {
      hint: "irctl incidents lists the incidents there; state lives in ./.irctl unless --home or $IRCTL_HOME says otherwise"
    });
  }
  return row;
}
function listIncidents(db, status) {
  return status ? db.prepare("SELECT * FROM incidents WHERE status = ? ORDER BY created_at DESC").all(status) : db.prepare("SELECT * FROM incidents ORDER BY created_at DESC").all();
}
function setIncidentState(db, incidentId, fields) {
  const keys = Object.keys(fields);
  if (keys.length === 0)
    return;
  const sets = keys.map((key) => `${key} = @${key}`).join(", ");
  db.prepare(`UPDATE incidents SET ${sets}, updated_at = @updated_at WHERE id = @id`).run({ ...fields, updated_at: nowIso(), id: incidentId });
}
function addTimeline(db, incidentId, kind, entry = {}) {
  db.prepare("INSERT INTO timeline (incident_id, at, kind, step_id, actor, detail) VALUES (?, ?, ?, ?, ?, ?)").run(incidentId, nowIso(), kind, entry.stepId ?? null, entry.actor ?? null, JSON.stringify(entry.detail ?? {}));
}
function listTimeline(db, incidentId) {
  return db.prepare("SELECT * FROM timeline WHERE incident_id = ? ORDER BY seq").all(incidentId);
}
function releaseAutoOnly(db, incidentId, actor) {
  const changed = db.prepare("UPDATE incidents SET auto_only = 0 WHERE id = ? AND auto_only = 1").run(incidentId).changes === 1;
  if (changed)
    addTimeline(db, incidentId, "human_took_over", { actor });
  if (changed)
    signalChange(db, incidentId);
  return changed;
}
function awaitsHuman(db, incidentId) {
  return db.prepare("SELECT 1 FROM incidents WHERE id = ? AND auto_only = 1 AND NOT EXISTS (SELECT 1 FROM gates WHERE incident_id = incidents.id AND outcome = 'approved')").get(incidentId) !== void 0;
}
function incidentScope(incident) {
  return incident.scope ? JSON.parse(incident.scope) : void 0;
}

export {
  newIncidentId,
  nowIso,
  systemClock,
  wakeupsFor,
  signalChange,
  FINAL_STATUSES,
  insertIncident,
  getIncident,
  listIncidents,
  setIncidentState,
  addTimeline,
  listTimeline,
  releaseAutoOnly,
  awaitsHuman,
  incidentScope
};
