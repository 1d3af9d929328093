import {
  getIncident
} from "./chunk-GCLPYPTX.js";
import {
  RefusedError
} from "./chunk-JMAPXXTL.js";

// dist/engine/run-lease.js
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
var LEASE_MS = 5e3;
function newRunnerId() {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}
function holderIsDead(holder) {
  if (!holder)
    return true;
  const [host, pid] = holder.split(":");
  if (host !== hostname() || !pid)
    return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return error.code === "ESRCH";
  }
}
function takeLease(services, incidentId, runnerId) {
  const now = Date.now();
  const holder = getIncident(services.db, incidentId).runner_id;
  const taken = holderIsDead(holder) ? services.db.prepare("UPDATE incidents SET runner_id = ?, runner_lease_until = ? WHERE id = ? AND runner_id IS ?").run(runnerId, now + LEASE_MS, incidentId, holder).changes : services.db.prepare("UPDATE incidents SET runner_id = ?, runner_lease_until = ? WHERE id = ? AND (runner_id IS NULL OR runner_lease_until < ?)").run(runnerId, now + LEASE_MS, incidentId, now).changes;
  if (taken !== 1) {
    const row = getIncident(services.db, incidentId);
    throw new RefusedError(`incident ${incidentId} is being run by another process (${row.runner_id})`, {
      hint: `wait for it, or irctl status ${incidentId}; a dead runner's lease expires after ${LEASE_MS / 1e3} s`
    });
  }
}
function renewLease(services, incidentId, runnerId) {
  services.db.prepare("UPDATE incidents SET runner_lease_until = ? WHERE id = ? AND runner_id = ?").run(Date.now() + LEASE_MS, incidentId, runnerId);
}
function releaseLease(services, incidentId, runnerId) {
  services.db.prepare("UPDATE incidents SET runner_id = NULL, runner_lease_until = NULL WHERE id = ? AND runner_id = ?").run(incidentId, runnerId);
}
function isBeingRun(services, incidentId) {
  return leaseIsLive(getIncident(services.db, incidentId));
}
function leaseIsLive(row) {
  return Boolean(row.runner_id && (row.runner_lease_until ?? 0) > Date.now() && !holderIsDead(row.runner_id));
}
function orphanedIncidents(db) {
  const rows = db.prepare("SELECT * FROM incidents WHERE status IN ('running', 'waiting') AND (runner_id IS NOT NULL OR auto_only = 1) ORDER BY created_at").all();
  return rows.filter((row) => row.runner_id ? holderIsDead(row.runner_id) : true);
}
function driverOf(row, now = Date.now()) {
  if (!row.runner_id || (row.runner_lease_until ?? 0) <= now || holderIsDead(row.runner_id))
    return void 0;
  return row.runner_id;
}

export {
  LEASE_MS,
  newRunnerId,
  takeLease,
  renewLease,
  releaseLease,
  isBeingRun,
  leaseIsLive,
  orphanedIncidents,
  driverOf
};
