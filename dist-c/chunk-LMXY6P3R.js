import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/investigate/severity.js
var SEVERITIES = ["info", "low", "medium", "high", "critical"];
function maxSeverity(severities) {
  let highest = -1;
  for (const severity of severities)
    highest = Math.max(highest, SEVERITIES.indexOf(severity));
  return highest < 0 ? "none" : SEVERITIES[highest];
}

// dist/investigate/findings.js
function saveFindings(db, incidentId, stepId, findings, now = /* @__PURE__ */ new Date()) {
  const insert = db.prepare("INSERT INTO findings (incident_id, step_id, severity, kind, evidence_id, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  db.transaction(() => {
    db.prepare("DELETE FROM findings WHERE incident_id = ? AND step_id = ?").run(incidentId, stepId);
    for (const finding of findings) {
      insert.run(incidentId, stepId, finding.severity, finding.kind, finding.evidenceId, JSON.stringify(finding.detail), now.toISOString());
    }
  }).immediate();
}
function listFindings(db, incidentId) {
  return db.prepare("SELECT * FROM findings WHERE incident_id = ? ORDER BY id").all(incidentId);
}
function findingOutputs(findings) {
  return {
    count: findings.length,
    max_severity: maxSeverity(findings.map((finding) => finding.severity)),
    kinds: [...new Set(findings.map((finding) => finding.kind))].sort()
  };
}

export {
  SEVERITIES,
  saveFindings,
  listFindings,
  findingOutputs
};
