import type { OncallConfig } from '../config.js';
import { parseDuration } from '../duration.js';
import { writeDurably, type Db } from '../store/db.js';
import { cancelDeadlines, dueDeadlines, ensureDeadline, INCIDENT_WIDE, markFired, type DeadlineRow } from './deadlines.js';
import type { LifecycleEvent } from './deps.js';
import { addTimeline, getIncident } from './incidents.js';
import { SLA_AT_RISK_SHARE, slaBudget } from './sla-clock.js';

// An incident's own clock, beside its steps': the on-call page that climbs the escalation ladder
// until someone acknowledges, and the severity SLA (at risk at 75 %, breached at 100 %). Both are
// rows in `deadlines` (step id INCIDENT_WIDE), counted from when the incident opened, so they hold
// across restarts; whoever drives the incident fires them when due (wakeups.ts wakes it).

/** The ladder for a severity: its own, else the default (the seed's 0/15/30/60 min). */
export function ladderFor(oncall: OncallConfig, severity: string): { after: string; notify: string[] }[] {
  const own = oncall.escalation[severity as 'critical' | 'high' | 'medium' | 'low'];
  return own ?? oncall.escalation.default;
}

/** Store the page ladder and the SLA deadlines of an open incident, once (a resume finds them there). */
export function scheduleIncidentClock(db: Db, incidentId: string, oncall: OncallConfig): void {
  const incident = getIncident(db, incidentId);
  const opened = Date.parse(incident.created_at);
  if (!isAcknowledged(db, incidentId)) {
    ladderFor(oncall, incident.severity).forEach((level, index) => {
      ensureDeadline(db, incidentId, INCIDENT_WIDE, 'page', `level-${index}`, opened + parseDuration(level.after), {
        level: index,
        notify: level.notify,
        after: level.after,
      });
    });
  }
  const budget = slaBudget(incident.severity);
  ensureDeadline(db, incidentId, INCIDENT_WIDE, 'sla_at_risk', 'sla', opened + Math.round(budget.ms * SLA_AT_RISK_SHARE), { budget: budget.label });
  ensureDeadline(db, incidentId, INCIDENT_WIDE, 'sla_breached', 'sla', opened + budget.ms, { budget: budget.label });
}

/** Fire this incident's page levels and SLA marks that are due, in order, each once across processes. */
export async function fireIncidentDeadlines(db: Db, incidentId: string, now: number, notify?: (event: LifecycleEvent) => void): Promise<void> {
  const due = dueDeadlines(db, incidentId, INCIDENT_WIDE, now);
  if (due.length === 0) return;
  const events: LifecycleEvent[] = [];
  await writeDurably(db, () => fire(db, incidentId, due, now, (event) => events.push(event)));
  for (const event of events) notify?.(event); // after the sync: nobody hears of what was not recorded
}

function fire(db: Db, incidentId: string, due: DeadlineRow[], now: number, notify: (event: LifecycleEvent) => void): void {
  for (const deadline of due) {
    if (!markFired(db, deadline.id, now)) continue;
    const payload = JSON.parse(deadline.payload) as { level?: number; notify?: string[]; after?: string; budget?: string };
    const timing = { due_at: deadline.due_at, fired_at: now };
    if (deadline.kind === 'page') {
      const detail = { source: 'oncall', level: payload.level, notify: payload.notify, after: payload.after };
      addTimeline(db, incidentId, 'escalated', { detail: { ...detail, ...timing } });
      notify({ kind: 'escalated', incidentId, detail, to: payload.notify });
    } else if (deadline.kind === 'sla_at_risk' || deadline.kind === 'sla_breached') {
      const detail = { budget: payload.budget };
      addTimeline(db, incidentId, deadline.kind, { detail: { ...detail, ...timing } });
      notify({ kind: deadline.kind, incidentId, detail });
    }
  }
}

/** The incident ended: its page and SLA clock stop. */
export function stopIncidentClock(db: Db, incidentId: string): void {
  cancelDeadlines(db, incidentId, INCIDENT_WIDE);
}

export function isAcknowledged(db: Db, incidentId: string): boolean {
  return db.prepare('SELECT 1 FROM acknowledgements WHERE incident_id = ? LIMIT 1').get(incidentId) !== undefined;
}
