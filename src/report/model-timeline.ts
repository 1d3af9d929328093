import type { TimelineEntry } from '../engine/incidents.js';
import type { JournalRow } from '../engine/journal.js';
import { redactDeep, redactText } from './redact.js';
import type { PhaseBand, StepRun, TimelineEvent } from './schema.js';

// The engine's timeline rows become the report's timeline: one sentence per event, a category the
// HTML chart and the Markdown table can group by, and the phase the incident was in.

type Detail = Record<string, unknown>;
type Category = TimelineEvent['category'];

const CATEGORY: Record<string, Category> = {
  alert_received: 'alert',
  alert_joined: 'alert',
  alert_resolved: 'alert',
  incident_opened: 'incident',
  run_started: 'incident',
  run_resumed: 'incident',
  run_stopped: 'incident',
  incident_closed: 'incident',
  human_took_over: 'incident',
  human_needed: 'incident',
  abort_requested: 'incident',
  phase_entered: 'phase',
  step_started: 'step',
  step_finished: 'step',
  step_skipped: 'step',
  step_interrupted: 'failure',
  step_failed: 'failure',
  undo_failed: 'failure',
  out_of_scope: 'failure',
  approval: 'approval',
  rejection: 'approval',
  gate_waiting: 'approval',
  gate_decided: 'approval',
  escalated: 'escalation',
  rollback_started: 'rollback',
  rollback_finished: 'rollback',
  step_undone: 'rollback',
  review_annotated: 'review',
  image_removed: 'evidence',
};

const text = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

function sentence(entry: TimelineEntry, detail: Detail): string {
  const step = entry.step_id ? `step ${entry.step_id}` : 'a step';
  const gate = `gate ${entry.step_id ?? ''}${typeof detail.visit === 'number' && detail.visit > 1 ? ` (visit ${detail.visit})` : ''}`;
  switch (entry.kind) {
    case 'alert_received':
      return `alert received from ${text(detail.source)}: ${text(detail.rule)}${detail.summary ? ` (${text(detail.summary)})` : ''}`;
    case 'alert_joined':
      return `another ${text(detail.source)} alert joined the incident: ${text(detail.rule)}`;
    case 'alert_resolved':
      return `${text(detail.source)} reported the alert resolved: ${text(detail.rule)}`;
    case 'incident_opened':
      return `incident opened with runbook ${text(detail.runbook)}`;
    case 'run_started':
      return 'run started';
    case 'run_resumed':
      return 'run resumed';
    case 'run_stopped':
      return `run stopped${entry.step_id ? ` at step ${entry.step_id}` : ''}${detail.reason === 'detach' ? ': the responder detached' : detail.reason ? ` by ${text(detail.reason)}` : ''}; irctl resume continues it`;
    case 'incident_closed':
      return `incident closed: ${text(detail.status)}${detail.error ? ` (${text(detail.error)})` : ''}`;
    case 'human_took_over':
      return 'a responder took over from automatic containment';
    case 'human_needed':
      return `${step} waits for a responder`;
    case 'abort_requested':
      return 'abort requested';
    case 'phase_entered':
      return `${text(detail.phase)} phase entered`;
    case 'step_started':
      return `${step} started (${text(detail.action)}, attempt ${text(detail.attempt)})`;
    case 'step_finished':
      return `${step} finished${detail.summary ? `: ${text(detail.summary)}` : ''}`;
    case 'step_skipped':
      return `${step} skipped${detail.reason ? `: ${text(detail.reason)}` : detail.summary ? `: ${text(detail.summary)}` : ''}`;
    case 'step_interrupted':
      return `${step} was interrupted mid-run (attempt ${text(detail.attempt)}, re-run ${text(detail.rerun)})`;
    case 'step_failed':
      return `${step} failed: ${text(detail.error)}`;
    case 'undo_failed':
      return `undo of ${step} failed: ${text(detail.error)}`;
    case 'out_of_scope':
      return `${step} refused: container ${text(detail.container_name)} on host ${text(detail.host)} is outside the scope this alert-opened incident acts within`;
    case 'approval':
      return `${gate} approved by ${entry.actor ?? 'someone'}${detail.role ? ` (${text(detail.role)})` : ''}`;
    case 'rejection':
      return `${gate} rejected by ${entry.actor ?? 'someone'}${detail.role ? ` (${text(detail.role)})` : ''}`;
    case 'gate_waiting':
      return `${gate} waits for ${text(detail.quorum)} approval(s) from ${Array.isArray(detail.roles) ? detail.roles.join(', ') : text(detail.roles)}`;
    case 'gate_decided':
      return `${gate} decided: ${text(detail.outcome)}`;
    case 'escalated':
      return `${gate} escalated after ${text(detail.after)} to ${Array.isArray(detail.notify) ? detail.notify.join(', ') : text(detail.notify)}`;
    case 'rollback_started':
      return `rollback started${detail.failed_step ? ` after step ${text(detail.failed_step)} failed` : ''}`;
    case 'rollback_finished':
      return 'rollback finished';
    case 'step_undone':
      return `${step} undone (${text(detail.action)})`;
    case 'image_removed':
      return `forensic image ${text(detail.image_ref)} removed from the engine on ${text(detail.host)} (its saved copy verified)`;
    case 'review_annotated':
      return `post-incident review updated: ${Array.isArray(detail.fields) ? detail.fields.join(', ') : ''}`;
    default:
      return `${entry.kind.replace(/_/g, ' ')}${Object.keys(detail).length ? `: ${JSON.stringify(detail)}` : ''}`;
  }
}

function parseDetail(raw: string): Detail {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (redactDeep(parsed) as Detail) : {};
  } catch {
    return {};
  }
}

/** Phase bands from the `phase_entered` events; each ends where the next begins or the incident closed. */
export function phaseBands(entries: readonly TimelineEntry[]): PhaseBand[] {
  const bands: PhaseBand[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'phase_entered' && entry.kind !== 'incident_closed') continue;
    const open = bands.at(-1)?.endedAt === null ? bands.at(-1) : undefined;
    const phase = entry.kind === 'phase_entered' ? String(parseDetail(entry.detail).phase ?? 'unknown') : undefined;
    if (open && phase === open.phase) continue; // a resumed run enters the phase it stopped in again
    if (open) open.endedAt = entry.at;
    if (phase) bands.push({ phase, startedAt: entry.at, endedAt: null });
  }
  return bands;
}

/** The phase a moment falls in (bands are half-open: [start, end)). */
export function phaseAt(bands: readonly PhaseBand[], at: string): string | null {
  for (let i = bands.length - 1; i >= 0; i--) {
    const band = bands[i]!;
    if (band.startedAt <= at && (band.endedAt === null || at <= band.endedAt)) return band.phase;
  }
  return null;
}

export function timelineEvents(entries: readonly TimelineEntry[], bands: readonly PhaseBand[]): TimelineEvent[] {
  return entries.map((entry) => {
    const detail = parseDetail(entry.detail);
    const duration = typeof detail.duration_ms === 'number' && detail.duration_ms >= 0 ? Math.round(detail.duration_ms) : null;
    const comment = typeof detail.comment === 'string' ? detail.comment : null;
    return {
      seq: entry.seq,
      at: entry.at,
      kind: entry.kind,
      category: CATEGORY[entry.kind] ?? 'other',
      phase: entry.kind === 'phase_entered' ? String(detail.phase ?? '') || null : phaseAt(bands, entry.at),
      stepId: entry.step_id,
      actor: entry.actor,
      summary: redactText(sentence(entry, detail)),
      comment,
      durationMs: duration,
    };
  });
}

export function stepRuns(rows: readonly JournalRow[], bands: readonly PhaseBand[]): StepRun[] {
  return rows.map((row) => {
    const duration = row.ended_at ? Date.parse(row.ended_at) - Date.parse(row.started_at) : null;
    return {
      stepId: row.step_id,
      attempt: row.attempt,
      action: row.action,
      phase: phaseAt(bands, row.started_at),
      status: row.status,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      durationMs: duration !== null && duration >= 0 ? duration : null,
      summary: row.summary === null ? null : redactText(row.summary),
      error: row.error === null ? null : redactText(row.error),
    };
  });
}
