import { formatDuration, formatTime } from './format.js';
import { html, type SafeHtml } from './html-template.js';
import type { Report, StepRun, TimelineEvent } from './schema.js';

// The timeline as an inline SVG: phases as shaded bands, one lane per step with a bar per attempt,
// and a marker lane for alerts, approvals, escalations, failures and rollbacks. Coordinates are
// computed numbers; every label goes through the escaping template.

const WIDTH = 960;
const LABEL = 150; // left column for step names
const RIGHT = 16;
const TOP = 26; // phase labels
const MARKER_LANE = 26;
const LANE = 22;
const AXIS = 30;

const PHASE_FILL: Record<string, string> = { containment: '#fde2e1', evidence: '#e3ecfd', investigation: '#efe6fb', recovery: '#e2f5e6' };
const STATUS_FILL: Record<string, string> = {
  finished: '#2e7d32',
  failed: '#c62828',
  skipped: '#9e9e9e',
  interrupted: '#ef6c00',
  undone: '#6d4c41',
  started: '#1565c0',
};
const MARKERS: Partial<Record<TimelineEvent['category'], string>> = {
  alert: '#d32f2f',
  approval: '#1565c0',
  escalation: '#ef6c00',
  failure: '#c62828',
  rollback: '#6d4c41',
};

const ms = (iso: string) => Date.parse(iso);

function marker(category: TimelineEvent['category'], x: number, y: number, color: string): SafeHtml {
  const r = 6;
  switch (category) {
    case 'approval': // diamond
      return html`<path d="M ${x} ${y - r} L ${x + r} ${y} L ${x} ${y + r} L ${x - r} ${y} Z" fill="${color}" />`;
    case 'escalation': // triangle
      return html`<path d="M ${x} ${y - r} L ${x + r} ${y + r} L ${x - r} ${y + r} Z" fill="${color}" />`;
    case 'failure': // cross
      return html`<path d="M ${x - r} ${y - r} L ${x + r} ${y + r} M ${x + r} ${y - r} L ${x - r} ${y + r}" stroke="${color}" stroke-width="2.5" />`;
    default:
      return html`<circle cx="${x}" cy="${y}" r="${r - 1}" fill="${color}" />`;
  }
}

export function timelineSvg(report: Report): SafeHtml {
  const times = [report.incident.openedAt, ...report.timeline.map((e) => e.at), ...report.steps.flatMap((s) => [s.startedAt, s.endedAt ?? s.startedAt])].map(
    ms,
  );
  const start = Math.min(...times);
  const end = Math.max(...times, report.incident.closedAt ? ms(report.incident.closedAt) : start + 1);
  const span = Math.max(end - start, 1);
  const plot = WIDTH - LABEL - RIGHT;
  const x = (iso: string) => Math.round((LABEL + ((ms(iso) - start) / span) * plot) * 10) / 10;

  const lanes = [...new Set(report.steps.map((step) => step.stepId))];
  const laneY = (stepId: string) => TOP + MARKER_LANE + lanes.indexOf(stepId) * LANE;
  const height = TOP + MARKER_LANE + lanes.length * LANE + AXIS;
  const endIso = new Date(end).toISOString();

  // a band too narrow for its name keeps it in the hover title only
  const bands = report.phases.map((band) => {
    const x0 = x(band.startedAt);
    const x1 = x(band.endedAt ?? endIso);
    return html`<g class="phase"><rect x="${x0}" y="0" width="${Math.max(x1 - x0, 1)}" height="${height - AXIS}" fill="${PHASE_FILL[band.phase] ?? '#eeeeee'}" />${x1 - x0 > 70 ? html`<text x="${x0 + 4}" y="16" font-size="11" fill="#333">${band.phase}</text>` : ''}<title>${band.phase}: ${formatTime(band.startedAt)} – ${formatTime(band.endedAt)}</title></g>`;
  });

  const laneLabels = lanes.map(
    (stepId) => html`<text x="${LABEL - 6}" y="${laneY(stepId) + 15}" font-size="11" text-anchor="end" fill="#1d2430">${stepId}</text>`,
  );

  const bars = report.steps.map((step: StepRun) => {
    const x0 = x(step.startedAt);
    const x1 = x(step.endedAt ?? endIso);
    const label = `${step.stepId} (${step.action ?? 'approval'}) attempt ${step.attempt}: ${step.status}, ${formatDuration(step.durationMs)}`;
    return html`<rect class="step" x="${x0}" y="${laneY(step.stepId) + 4}" width="${Math.max(x1 - x0, 3)}" height="${LANE - 8}" rx="2" fill="${STATUS_FILL[step.status] ?? '#607d8b'}"><title>${label}</title></rect>`;
  });

  const markerY = TOP + MARKER_LANE / 2;
  const markers = report.timeline
    .filter((event) => MARKERS[event.category] && !(event.category === 'approval' && event.kind === 'gate_waiting'))
    .map(
      (event) =>
        html`<g class="marker">${marker(event.category, x(event.at), markerY, MARKERS[event.category]!)}<title>${formatTime(event.at)} ${event.summary}${event.comment ? ` — “${event.comment}”` : ''}</title></g>`,
    );

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
    const tx = Math.round((LABEL + fraction * plot) * 10) / 10;
    return html`<line x1="${tx}" y1="${height - AXIS}" x2="${tx}" y2="${height - AXIS + 5}" stroke="#5b6574" /><text x="${tx}" y="${height - AXIS + 18}" font-size="10" text-anchor="${fraction === 0 ? 'start' : fraction === 1 ? 'end' : 'middle'}" fill="#5b6574">+${formatDuration(Math.round(fraction * span))}</text>`;
  });

  return html`<svg id="timeline-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Incident timeline: phases, steps, approvals and escalations">
${bands}
<text x="${LABEL - 6}" y="${markerY + 4}" font-size="11" text-anchor="end" fill="#5b6574">events</text>
${laneLabels}
${bars}
${markers}
<line x1="${LABEL}" y1="${height - AXIS}" x2="${WIDTH - RIGHT}" y2="${height - AXIS}" stroke="#5b6574" />
${ticks}
</svg>`;
}
