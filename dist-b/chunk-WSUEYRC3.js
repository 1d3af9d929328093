import {
  INCIDENT_WIDE,
  cancelDeadlines
} from "./chunk-4RM7ECEZ.js";
import {
  appendCustody
} from "./chunk-72I7VOGQ.js";
import {
  FINAL_STATUSES,
  addTimeline,
  getIncident,
  nowIso
} from "./chunk-GCLPYPTX.js";
import {
  writeTransaction
} from "./chunk-URVRDTQG.js";
import {
  RefusedError
} from "./chunk-JMAPXXTL.js";

// dist/engine/acknowledgements.js
function acknowledge(db, ack) {
  return writeTransaction(db, () => {
    const incident = getIncident(db, ack.incidentId);
    if (FINAL_STATUSES.has(incident.status)) {
      throw new RefusedError(`incident ${ack.incidentId} has ended (${incident.status}); there is no page to acknowledge`);
    }
    const first = acknowledgementsOf(db, ack.incidentId).length === 0;
    const at = nowIso();
    db.prepare("INSERT INTO acknowledgements (incident_id, actor, comment, at) VALUES (?, ?, ?, ?)").run(ack.incidentId, ack.actor, ack.comment ?? null, at);
    cancelDeadlines(db, ack.incidentId, INCIDENT_WIDE, "page");
    addTimeline(db, ack.incidentId, "acknowledged", { actor: ack.actor, detail: { comment: ack.comment ?? null, first } });
    appendCustody(db, ack.incidentId, {
      act: "acknowledged",
      actor: ack.actor,
      subject: `incident:${ack.incidentId}`,
      details: { comment: ack.comment ?? null }
    });
    return { first, at };
  });
}
function acknowledgementsOf(db, incidentId) {
  return db.prepare("SELECT incident_id, actor, comment, at FROM acknowledgements WHERE incident_id = ? ORDER BY seq").all(incidentId);
}

export {
  acknowledge,
  acknowledgementsOf
};
