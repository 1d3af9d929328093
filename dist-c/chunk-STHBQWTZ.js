import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  signalChange
} from "./chunk-LUHRMFHS.js";

// dist/engine/deadlines.js
var INCIDENT_WIDE = "";
function ensureDeadline(db, incidentId, stepId, kind, key, dueAt, payload = {}) {
  const existing = db.prepare("SELECT * FROM deadlines WHERE incident_id = ? AND step_id = ? AND kind = ? AND json_extract(payload, '$.key') = ?").get(incidentId, stepId, kind, key);
  if (existing)
    return existing;
  const info = db.prepare("INSERT INTO deadlines (incident_id, step_id, kind, due_at, payload) VALUES (?, ?, ?, ?, ?)").run(incidentId, stepId, kind, dueAt, JSON.stringify({ ...payload, key }));
  signalChange(db, incidentId);
  return db.prepare("SELECT * FROM deadlines WHERE id = ?").get(info.lastInsertRowid);
}
function dueDeadlines(db, incidentId, stepId, now) {
  return db.prepare("SELECT * FROM deadlines WHERE incident_id = ? AND step_id = ? AND fired_at IS NULL AND cancelled = 0 AND due_at <= ? ORDER BY due_at").all(incidentId, stepId, now);
}
function markFired(db, deadlineId, now) {
  return db.prepare("UPDATE deadlines SET fired_at = ? WHERE id = ? AND fired_at IS NULL AND cancelled = 0").run(now, deadlineId).changes === 1;
}
function cancelDeadlines(db, incidentId, stepId, kind) {
  if (kind)
    db.prepare("UPDATE deadlines SET cancelled = 1 WHERE incident_id = ? AND step_id = ? AND kind = ? AND fired_at IS NULL").run(incidentId, stepId, kind);
  else
    db.prepare("UPDATE deadlines SET cancelled = 1 WHERE incident_id = ? AND step_id = ? AND fired_at IS NULL").run(incidentId, stepId);
  signalChange(db, incidentId);
}

export {
  INCIDENT_WIDE,
  ensureDeadline,
  dueDeadlines,
  markFired,
  cancelDeadlines
};
