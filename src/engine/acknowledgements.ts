import { appendCustody } from '../custody/ledger.js';
import { RefusedError } from '../errors.js';
import { writeTransaction, type Db } from '../store/db.js';
import { cancelDeadlines, INCIDENT_WIDE } from './deadlines.js';
import { nowIso } from './ids.js';
import { addTimeline, FINAL_STATUSES, getIncident } from './incidents.js';

// Someone has the incident: its on-call page stops climbing the escalation ladder. Recorded on the
// timeline and in the custody ledger; a second acknowledgement is recorded too (who else looked).

export interface Acknowledgement {
  incident_id: string;
  actor: string;
  comment: string | null;
  at: string;
}

/** Acknowledge an open incident's page; returns whether this was the first acknowledgement. */
export function acknowledge(db: Db, ack: { incidentId: string; actor: string; comment?: string }): { first: boolean; at: string } {
  return writeTransaction(db, () => {
    const incident = getIncident(db, ack.incidentId);
    if (FINAL_STATUSES.has(incident.status)) {
      throw new RefusedError(`incident ${ack.incidentId} has ended (${incident.status}); there is no page to acknowledge`);
    }
    const first = acknowledgementsOf(db, ack.incidentId).length === 0;
    const at = nowIso();
    db.prepare('INSERT INTO acknowledgements (incident_id, actor, comment, at) VALUES (?, ?, ?, ?)').run(ack.incidentId, ack.actor, ack.comment ?? null, at);
    cancelDeadlines(db, ack.incidentId, INCIDENT_WIDE, 'page');
    addTimeline(db, ack.incidentId, 'acknowledged', { actor: ack.actor, detail: { comment: ack.comment ?? null, first } });
    appendCustody(db, ack.incidentId, {
      act: 'acknowledged',
      actor: ack.actor,
      subject: `incident:${ack.incidentId}`,
      details: { comment: ack.comment ?? null },
    });
    return { first, at };
  });
}

export function acknowledgementsOf(db: Db, incidentId: string): Acknowledgement[] {
  return db.prepare('SELECT incident_id, actor, comment, at FROM acknowledgements WHERE incident_id = ? ORDER BY seq').all(incidentId) as Acknowledgement[];
}
