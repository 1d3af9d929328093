import { listIncidents, type IncidentRow } from '../../engine/incidents.js';
import { html, type SafeHtml } from '../../report/html-template.js';
import type { Db } from '../../store/db.js';
import { driverOf, isOpen, slaView, waitingGate } from './incident-facts.js';
import { clockText, when } from './layout.js';

export const STATUSES = ['running', 'waiting', 'needs_decision', 'succeeded', 'failed', 'aborted', 'rolled_back'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const LIST_LIMIT = 200;

export interface ListFilter {
  status?: string;
  severity?: string;
  runbook?: string;
}

/** Only values the console offers are used; anything else is no filter. */
export function listFilter(query: Record<string, unknown>, runbooks: readonly string[]): ListFilter {
  const pick = (value: unknown, allowed: readonly string[]) => (typeof value === 'string' && allowed.includes(value) ? value : undefined);
  return { status: pick(query.status, STATUSES), severity: pick(query.severity, SEVERITIES), runbook: pick(query.runbook, runbooks) };
}

export function runbookNames(db: Db): string[] {
  return (db.prepare('SELECT DISTINCT runbook_name AS name FROM incidents ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

/** Open incidents first (newest first), then closed ones; at most LIST_LIMIT. */
export function listedIncidents(db: Db, filter: ListFilter): IncidentRow[] {
  const rows = listIncidents(db, filter.status).filter(
    (row) => (!filter.severity || row.severity === filter.severity) && (!filter.runbook || row.runbook_name === filter.runbook),
  );
  return [...rows.filter(isOpen), ...rows.filter((row) => !isOpen(row))].slice(0, LIST_LIMIT);
}

function select(name: string, label: string, values: readonly string[], chosen: string | undefined): SafeHtml {
  return html`<div><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}"><option value="">any</option>${values.map(
    (value) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${value}</option>`,
  )}</select></div>`;
}

export function renderIncidentList(db: Db, filter: ListFilter, now: number): SafeHtml {
  const rows = listedIncidents(db, filter);
  const filters = html`<form class="filters" method="get" action="/ui/" role="search" aria-label="Filter incidents">
${select('status', 'Status', STATUSES, filter.status)}
${select('severity', 'Severity', SEVERITIES, filter.severity)}
${select('runbook', 'Runbook', runbookNames(db), filter.runbook)}
<button type="submit">Filter</button>
</form>`;
  const body = rows.map((row) => {
    const { sla, clock } = slaView(db, row, now);
    const gate = waitingGate(db, row);
    const slaCell =
      clock === 'met' || (clock === 'breached' && sla.resolvedAt)
        ? html`<span class="sla-${clock}">${clock}</span>`
        : html`<span class="sla-${clock}">${clock.replace('-', ' ')}</span> · <time data-until="${sla.deadline}" datetime="${sla.deadline}">${clockText(sla.deadline, now)}</time>`;
    return html`<tr data-incident="${row.id}">
<td data-label="Incident"><a href="/ui/incidents/${row.id}">${row.id}</a><br><span class="muted">${row.runbook_name}</span></td>
<td data-label="Severity"><span class="badge sev-${row.severity}">${row.severity}</span></td>
<td data-label="Status">${row.status}${row.phase ? html` <span class="muted">(${row.phase})</span>` : ''}</td>
<td data-label="Target">${row.target ?? '—'}</td>
<td data-label="SLA (${sla.budget})">${slaCell}</td>
<td data-label="Waiting gate">${gate ? html`<strong>${gate.stepId}</strong> since ${when(gate.since)}` : html`<span class="muted">—</span>`}</td>
<td data-label="Driven by">${driverOf(row, now)}</td>
<td data-label="Opened">${when(row.created_at)}</td>
</tr>`;
  });
  return html`<h1>Incidents</h1>
${filters}
<section id="incident-list" data-live aria-labelledby="list-caption">
<table class="cards">
<caption id="list-caption">${rows.length} incident${rows.length === 1 ? '' : 's'}, open ones first</caption>
<thead><tr><th scope="col">Incident</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Target</th><th scope="col">SLA</th><th scope="col">Waiting gate</th><th scope="col">Driven by</th><th scope="col">Opened</th></tr></thead>
<tbody>${body}</tbody>
</table>
${rows.length === 0 ? html`<p class="muted">No incidents match. This page updates by itself when one opens.</p>` : ''}
</section>`;
}
