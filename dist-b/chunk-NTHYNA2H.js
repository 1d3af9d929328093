import {
  sha256File
} from "./chunk-DVWMJPOH.js";

// dist/evidence/records.js
var COLUMNS = "id, incident_id, step_id, name, kind, media_type, path, sha256, size, status, captured_at, captured_by, subject, error";
function insertEvidence(db, row) {
  db.prepare(`INSERT INTO evidence (${COLUMNS}) VALUES (@id, @incident_id, @step_id, @name, @kind, @media_type, @path, @sha256, @size, @status, @captured_at, @captured_by, @subject, @error)`).run(row);
}
function listEvidence(db, incidentId) {
  return db.prepare(`SELECT ${COLUMNS} FROM evidence WHERE incident_id = ? ORDER BY captured_at, rowid`).all(incidentId);
}
function findEvidence(db, evidenceId) {
  return db.prepare(`SELECT ${COLUMNS} FROM evidence WHERE id = ?`).get(evidenceId);
}
function pathTaken(db, path) {
  return db.prepare(`SELECT 1 FROM evidence WHERE path = ? AND status = 'complete'`).get(path) !== void 0;
}
function evidenceTotals(db, incidentId) {
  return db.prepare("SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM evidence WHERE incident_id = ?").get(incidentId);
}

// dist/evidence/verify.js
import { join } from "node:path";
async function verifyEvidenceFile(evidenceDir, row) {
  if (row.status !== "complete" || row.sha256 === null)
    return { state: "incomplete" };
  let actualSha256;
  try {
    actualSha256 = await sha256File(join(evidenceDir, row.path));
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR")
      return { state: "missing" };
    throw error;
  }
  return { state: actualSha256 === row.sha256 ? "ok" : "modified", actualSha256 };
}

export {
  insertEvidence,
  listEvidence,
  findEvidence,
  pathTaken,
  evidenceTotals,
  verifyEvidenceFile
};
