import { REVIEW_FIELDS } from './annotations.js';
import { decisionChannel, formatBytes, formatDuration, formatTime, gateName, REVIEW_TITLES, SLA_STATE_TEXT, VERIFICATION_TEXT } from './format.js';
import { REPORT_CSS } from './html-style.js';
import { html, trusted, type SafeHtml } from './html-template.js';
import type { Report } from './schema.js';
import { timelineSvg } from './timeline-svg.js';

// One self-contained, printable HTML file: inline CSS, the timeline as inline SVG, no scripts and
// no requests (the Content-Security-Policy forbids any, should a value ever slip through).

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const empty = (text: string) => html`<p class="empty">${text}</p>`;
const hash = (value: string | null) => (value ? html`<code class="hash">${value}</code>` : '—');
const stateClass = (ok: boolean | null) => (ok === null ? 'warn' : ok ? 'ok' : 'bad');

function summary(report: Report): SafeHtml {
  const { incident } = report;
  const rows: [string, SafeHtml | string][] = [
    ['Runbook', `${incident.runbook} (${incident.runbookFile})`],
    ['Target', incident.target ?? '—'],
    ['Severity', incident.severity],
    ['Status', incident.status],
    ['Initiator', incident.initiator],
    ['Opened', formatTime(incident.openedAt)],
    ['Closed', formatTime(incident.closedAt)],
    [
      'Alert',
      incident.alert ? `${incident.alert.source ?? '?'}: ${incident.alert.rule ?? '?'}${incident.alert.summary ? ` — ${incident.alert.summary}` : ''}` : '—',
    ],
    ['Involved', report.involved.map((person) => `${person.actor} (${person.as.join(', ')})`).join(', ') || '—'],
  ];
  return html`<dl class="kv">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

function sla(report: Report): SafeHtml {
  const { sla } = report;
  const cls = sla.state === 'met' ? 'ok' : sla.state === 'breached' ? 'bad' : 'warn';
  return html`<table><thead><tr><th>Severity</th><th>Response SLA</th><th>Deadline</th><th>Resolved</th><th>Time to resolve</th><th>SLA</th><th>Time to contain</th><th>Time to recover</th></tr></thead>
<tbody><tr><td>${sla.severity}</td><td>${sla.budget}</td><td>${formatTime(sla.deadline)}</td><td>${formatTime(sla.resolvedAt)}</td><td class="num">${formatDuration(sla.timeToResolveMs)}</td><td class="${cls}">${SLA_STATE_TEXT[sla.state]}</td><td class="num">${formatDuration(sla.timeToContainMs)}${sla.containedBy ? html`<br /><small>${sla.containedBy}</small>` : ''}</td><td class="num">${formatDuration(sla.timeToRecoverMs)}</td></tr></tbody></table>`;
}

function timeline(report: Report): SafeHtml {
  const rows = report.timeline.map(
    (event) =>
      html`<tr class="ev-${event.category}"><td>${formatTime(event.at)}</td><td>${event.phase ?? '—'}</td><td>${event.summary}${event.comment ? html` — <q>${event.comment}</q>` : ''}</td><td>${event.actor ?? ''}</td><td class="num">${event.durationMs === null ? '' : formatDuration(event.durationMs)}</td></tr>`,
  );
  return html`<figure class="chart">${timelineSvg(report)}<figcaption>Phases as bands; one lane per step (green finished, red failed, grey skipped, brown undone); markers: ● alert, ◆ approval, ▲ escalation, ✕ failure.</figcaption></figure>
<table id="timeline-table"><thead><tr><th>Time (UTC)</th><th>Phase</th><th>Event</th><th>Actor</th><th>Duration</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function approvals(report: Report): SafeHtml {
  const rows = report.gates.flatMap((gate) =>
    gate.decisions.map(
      (d) =>
        html`<tr><td>${gateName(gate)}</td><td>${gate.outcome ?? 'open'}</td><td>${d.actor}</td><td>${d.role ?? '—'}</td><td>${d.decision}</td><td>${d.comment ?? '—'}</td><td>${decisionChannel(d)}</td><td>${formatTime(d.at)}</td></tr>`,
    ),
  );
  if (rows.length === 0) return empty('No approval decisions.');
  return html`<table><thead><tr><th>Gate</th><th>Outcome</th><th>Who</th><th>Role</th><th>Decision</th><th>Comment</th><th>Through</th><th>At</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function containment(report: Report): SafeHtml {
  if (report.containment.length === 0) return empty('No containment actions were recorded.');
  const rows = report.containment.map(
    (act) =>
      html`<tr><td class="num">${act.seq}</td><td>${formatTime(act.at)}</td><td>${act.kind}</td><td>${act.action ?? '—'}</td><td><code>${act.subject.slice(0, 12)}</code></td><td>${act.host ?? '—'}</td><td>${act.actor}</td></tr>`,
  );
  return html`<table><thead><tr><th>Record</th><th>Time (UTC)</th><th>Taken / undone</th><th>Action</th><th>Container</th><th>Host</th><th>Actor</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function evidence(report: Report): SafeHtml {
  if (report.evidence.length === 0) return empty('No evidence was captured.');
  const rows = report.evidence.map(
    (item) =>
      html`<tr><td>${item.name}</td><td>${item.kind}</td><td class="num">${formatBytes(item.size)}</td><td>${hash(item.sha256)}</td><td>${formatTime(item.capturedAt)}</td><td>${item.capturedBy}</td><td class="${stateClass(item.verification === 'incomplete' ? null : item.verification === 'ok')}">${VERIFICATION_TEXT[item.verification]}</td></tr>`,
  );
  const configs = report.evidence
    .filter((item) => item.containerConfig)
    .map((item) => {
      const config = item.containerConfig!;
      return html`<h3>Container configuration (${item.name})</h3><dl class="kv"><dt>Image</dt><dd>${config.image ?? '—'}</dd><dt>Command</dt><dd><code>${config.command.join(' ') || '—'}</code></dd><dt>Environment</dt><dd>${config.env.length ? config.env.map((entry) => html`<code>${entry}</code> `) : '—'}<br /><small>values redacted</small></dd></dl>`;
    });
  return html`<table id="evidence-table"><thead><tr><th>Name</th><th>Kind</th><th>Size</th><th>SHA-256</th><th>Captured at</th><th>Captured by</th><th>Verified</th></tr></thead><tbody>${rows}</tbody></table>${configs}`;
}

function findings(report: Report): SafeHtml {
  if (!report.findings.available) return empty('This store records no findings (no investigation module).');
  if (report.findings.items.length === 0) return empty('No findings.');
  const rows = report.findings.items.map(
    (f) =>
      html`<tr><td>${f.severity}</td><td>${f.kind}</td><td>${f.stepId}</td><td>${f.evidenceId ?? '—'}</td><td><code>${JSON.stringify(f.detail)}</code></td></tr>`,
  );
  return html`<table><thead><tr><th>Severity</th><th>Kind</th><th>Step</th><th>Evidence</th><th>Detail</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function custody(report: Report): SafeHtml {
  const { custody } = report;
  const problems = [
    ...custody.problems.map((p) => html`<li>${p.seq === null ? 'ledger' : `record ${p.seq}`} [${p.kind}] ${p.message}</li>`),
    ...custody.warnings.map((warning) => html`<li>warning: ${warning}</li>`),
  ];
  const head = custody.signedHead;
  return html`<p>Verification: <span class="${stateClass(custody.ok)}">${custody.ok ? 'ok' : 'FAILED'}</span> — ${custody.records} records, ${custody.artifacts} evidence file(s) re-hashed, ${custody.checkpoints} checkpoint(s); head ${hash(custody.headHash)}</p>
${problems.length ? html`<ul>${problems}</ul>` : ''}
${
  head
    ? html`<h3>Signed head</h3><dl class="kv"><dt>Seq</dt><dd>${head.seq}</dd><dt>Hash</dt><dd>${hash(head.hash)}</dd><dt>Signature</dt><dd>${hash(head.signature)}</dd><dt>Key fingerprint</dt><dd>${hash(head.keyFingerprint)}</dd><dt>Reason</dt><dd>${head.reason}</dd><dt>Signed at</dt><dd>${formatTime(head.signedAt)}</dd></dl>
<p>The signed note, to keep elsewhere and check later with <code>irctl custody verify --checkpoint FILE</code>:</p><pre>${head.note}</pre>`
    : empty('No signed checkpoint yet.')
}`;
}

function review(report: Report): SafeHtml {
  const sections = REVIEW_FIELDS.map((field) => {
    const text = report.review[field];
    return html`<h3>${REVIEW_TITLES[field]}</h3>${text ? html`<p>${text}</p>` : empty('Not written yet.')}`;
  });
  const footer = report.review.updatedBy
    ? html`<p class="meta">Last updated ${formatTime(report.review.updatedAt)} by ${report.review.updatedBy}.</p>`
    : html`<p class="meta">Fill in with <code>irctl incident annotate ${report.incident.id} --root-cause … --went-well … --to-change … --controls …</code></p>`;
  return html`<div class="review">${sections}${footer}</div>`;
}

export function renderHtml(report: Report): string {
  const sections: [string, string, SafeHtml][] = [
    ['summary', 'Summary', summary(report)],
    ['sla', 'Response SLA', sla(report)],
    ['timeline', 'Timeline', timeline(report)],
    ['approvals', 'Approvals', approvals(report)],
    ['containment', 'Containment actions', containment(report)],
    ['evidence', 'Evidence', evidence(report)],
    ['findings', 'Findings', findings(report)],
    ['custody', 'Chain of custody', custody(report)],
    ['review', 'Post-incident review', review(report)],
  ];
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="${CSP}" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Incident report: ${report.incident.id}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>
<body>
<h1>Incident report: ${report.incident.id}</h1>
<p class="meta">Generated ${formatTime(report.generatedAt)} by ${report.generatedBy}. Secrets in evidence are shown redacted; the evidence files keep their bytes.</p>
${sections.map(([id, title, body]) => html`<section id="${id}"><h2>${title}</h2>${body}</section>\n`)}
</body>
</html>
`;
  return page.value;
}
