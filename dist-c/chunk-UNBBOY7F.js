import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  writeCheckpoint
} from "./chunk-HYS6PUCY.js";
import {
  appendCustody
} from "./chunk-5G4DN3AP.js";

// dist/report/export-record.js
function recordExport(db, home, incidentId, entry) {
  const record = appendCustody(db, incidentId, entry);
  const checkpoint = writeCheckpoint(db, home, incidentId, "export");
  return { seq: record.seq, hash: record.hash, checkpoint };
}
function pinHeadForExport(db, home, incidentId) {
  const head = db.prepare("SELECT MAX(seq) AS seq FROM custody_records WHERE incident_id = ?").get(incidentId);
  if (head.seq === null)
    return;
  const pinned = db.prepare("SELECT MAX(seq) AS seq FROM custody_checkpoints WHERE incident_id = ?").get(incidentId);
  if (pinned.seq !== head.seq)
    writeCheckpoint(db, home, incidentId, "export");
}

export {
  recordExport,
  pinHeadForExport
};
