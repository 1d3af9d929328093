import {
  leaseIsLive
} from "./chunk-SXC63L3C.js";
import {
  listIncidents
} from "./chunk-GCLPYPTX.js";

// dist/engine/shown-status.js
var SHOWN_STATUSES = ["running", "stopped", "waiting", "needs_decision", "succeeded", "failed", "aborted", "rolled_back"];
function shownStatus(row) {
  return row.status === "running" && !leaseIsLive(row) ? "stopped" : row.status;
}
function nextCommand(incidentId, status) {
  switch (status) {
    case "stopped":
      return `irctl resume ${incidentId}`;
    case "waiting":
      return `irctl status ${incidentId}`;
    // a gate (approve) or a take-over (resume): status says which
    case "needs_decision":
      return `irctl resume ${incidentId} --retry-step|--skip-step`;
    default:
      return void 0;
  }
}
function listShownIncidents(db, filter = {}) {
  const stored = filter.status === "stopped" ? "running" : filter.status;
  const rows = listIncidents(db, stored).filter((row) => filter.since === void 0 || row.created_at >= filter.since).map((row) => ({ ...row, shown_status: shownStatus(row) })).filter((row) => filter.status === void 0 || row.shown_status === filter.status);
  return filter.limit === void 0 ? rows : rows.slice(0, filter.limit);
}

export {
  SHOWN_STATUSES,
  shownStatus,
  nextCommand,
  listShownIncidents
};
