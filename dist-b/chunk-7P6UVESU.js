import {
  html,
  trusted
} from "./chunk-EBT4LAK7.js";
import {
  REVIEW_FIELDS
} from "./chunk-DSDNAXDN.js";
import {
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/report/format.js
function formatDuration(ms2) {
  if (ms2 === null)
    return "\u2014";
  if (ms2 < 1e3)
    return `${ms2} ms`;
  const seconds = Math.round(ms2 / 1e3);
  if (seconds < 60)
    return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60)
    return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48)
    return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
function formatTime(iso) {
  if (!iso)
    return "\u2014";
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}
function formatBytes(bytes) {
  if (bytes < 1024)
    return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
var REVIEW_TITLES = {
  rootCause: "Root cause",
  wentWell: "What went well",
  toChange: "What to change",
  controls: "Controls to update"
};
var SLA_STATE_TEXT = { met: "met", breached: "BREACHED", pending: "pending (not resolved yet)" };
var VERIFICATION_TEXT = { ok: "ok", modified: "MODIFIED", missing: "MISSING", incomplete: "incomplete capture" };
function gateName(gate) {
  return gate.visit > 1 ? `${gate.stepId} (visit ${gate.visit})` : gate.stepId;
}
var DECISION_WAYS = { cli: "CLI", "api-key": "API", console: "console", "insecure-no-auth": "HTTP without auth" };
function decisionChannel(decision) {
  if (decision.via === null)
    return "not recorded";
  const way = DECISION_WAYS[decision.via] ?? decision.via;
  return decision.keyId ? `${way}, key ${decision.keyId} (made by ${decision.keyCreatedBy ?? "unknown"})` : `${way}, no key`;
}

// dist/report/html-style.js
var REPORT_CSS = `
:root { --ink: #1d2430; --muted: #5b6574; --line: #d5dae1; --ok: #1a7f37; --bad: #c62828; --warn: #9a6700; --bg: #fff; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
code, .hash, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.hash { word-break: break-all; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: 8px; white-space: pre-wrap; word-break: break-all; }
.ok { color: var(--ok); font-weight: 600; } .bad { color: var(--bad); font-weight: 600; } .warn { color: var(--warn); font-weight: 600; }
.empty { color: var(--muted); font-style: italic; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; }
figure.chart { margin: 8px 0 16px; } figure.chart svg { width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
figcaption { color: var(--muted); font-size: 12px; }
.review p { white-space: pre-wrap; margin: 0 0 8px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; } tr, figure.chart { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

// dist/report/timeline-svg.js
var WIDTH = 960;
var LABEL = 150;
var RIGHT = 16;
var TOP = 26;
var MARKER_LANE = 26;
var LANE = 22;
var AXIS = 30;
var PHASE_FILL = { containment: "#fde2e1", evidence: "#e3ecfd", investigation: "#efe6fb", recovery: "#e2f5e6" };
var STATUS_FILL = {
  finished: "#2e7d32",
  failed: "#c62828",
  skipped: "#9e9e9e",
  interrupted: "#ef6c00",
  undone: "#6d4c41",
  started: "#1565c0"
};
var MARKERS = {
  alert: "#d32f2f",
  approval: "#1565c0",
  escalation: "#ef6c00",
  failure: "#c62828",
  rollback: "#6d4c41"
};
var ms = (iso) => Date.parse(iso);
function marker(category, x, y, color) {
  const r = 6;
  switch (category) {
    case "approval":
      return html`<path d="M ${x} ${y - r} L ${x + r} ${y} L ${x} ${y + r} L ${x - r} ${y} Z" fill="${color}" />`;
    case "escalation":
      return html`<path d="M ${x} ${y - r} L ${x + r} ${y + r} L ${x - r} ${y + r} Z" fill="${color}" />`;
    case "failure":
      return html`<path d="M ${x - r} ${y - r} L ${x + r} ${y + r} M ${x + r} ${y - r} L ${x - r} ${y + r}" stroke="${color}" stroke-width="2.5" />`;
    default:
      return html`<circle cx="${x}" cy="${y}" r="${r - 1}" fill="${color}" />`;
  }
}
function timelineSvg(report) {
  const times = [report.incident.openedAt, ...report.timeline.map((e) => e.at), ...report.steps.flatMap((s) => [s.startedAt, s.endedAt ?? s.startedAt])].map(ms);
  const start = Math.min(...times);
  const end = Math.max(...times, report.incident.closedAt ? ms(report.incident.closedAt) : start + 1);
  const span = Math.max(end - start, 1);
  const plot = WIDTH - LABEL - RIGHT;
  const x = (iso) => Math.round((LABEL + (ms(iso) - start) / span * plot) * 10) / 10;
  const lanes = [...new Set(report.steps.map((step) => step.stepId))];
  const laneY = (stepId) => TOP + MARKER_LANE + lanes.indexOf(stepId) * LANE;
  const height = TOP + MARKER_LANE + lanes.length * LANE + AXIS;
  const endIso = new Date(end).toISOString();
  const bands = report.phases.map((band) => {
    const x0 = x(band.startedAt);
    const x1 = x(band.endedAt ?? endIso);
    return html`<g class="phase"><rect x="${x0}" y="0" width="${Math.max(x1 - x0, 1)}" height="${height - AXIS}" fill="${PHASE_FILL[band.phase] ?? "#eeeeee"}" />${x1 - x0 > 70 ? html`<text x="${x0 + 4}" y="16" font-size="11" fill="#333">${band.phase}</text>` : ""}<title>${band.phase}: ${formatTime(band.startedAt)} – ${formatTime(band.endedAt)}</title></g>`;
  });
  const laneLabels = lanes.map((stepId) => html`<text x="${LABEL - 6}" y="${laneY(stepId) + 15}" font-size="11" text-anchor="end" fill="#1d2430">${stepId}</text>`);
  const bars = report.steps.map((step) => {
    const x0 = x(step.startedAt);
    const x1 = x(step.endedAt ?? endIso);
    const label = `${step.stepId} (${step.action ?? "approval"}) attempt ${step.attempt}: ${step.status}, ${formatDuration(step.durationMs)}`;
    return html`<rect class="step" x="${x0}" y="${laneY(step.stepId) + 4}" width="${Math.max(x1 - x0, 3)}" height="${LANE - 8}" rx="2" fill="${STATUS_FILL[step.status] ?? "#607d8b"}"><title>${label}</title></rect>`;
  });
  const markerY = TOP + MARKER_LANE / 2;
  const markers = report.timeline.filter((event) => MARKERS[event.category] && !(event.category === "approval" && event.kind === "gate_waiting")).map((event) => html`<g class="marker">${marker(event.category, x(event.at), markerY, MARKERS[event.category])}<title>${formatTime(event.at)} ${event.summary}${event.comment ? ` \u2014 \u201C${event.comment}\u201D` : ""}</title></g>`);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
    const tx = Math.round((LABEL + fraction * plot) * 10) / 10;
    return html`<line x1="${tx}" y1="${height - AXIS}" x2="${tx}" y2="${height - AXIS + 5}" stroke="#5b6574" /><text x="${tx}" y="${height - AXIS + 18}" font-size="10" text-anchor="${fraction === 0 ? "start" : fraction === 1 ? "end" : "middle"}" fill="#5b6574">+${formatDuration(Math.round(fraction * span))}</text>`;
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

// dist/report/html.js
var CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
var empty = (text) => html`<p class="empty">${text}</p>`;
var hash = (value) => value ? html`<code class="hash">${value}</code>` : "\u2014";
var stateClass = (ok) => ok === null ? "warn" : ok ? "ok" : "bad";
function summary(report) {
  const { incident } = report;
  const rows = [
    ["Runbook", `${incident.runbook} (${incident.runbookFile})`],
    ["Target", incident.target ?? "\u2014"],
    ["Severity", incident.severity],
    ["Status", incident.status],
    ["Initiator", incident.initiator],
    ["Opened", formatTime(incident.openedAt)],
    ["Closed", formatTime(incident.closedAt)],
    [
      "Alert",
      incident.alert ? `${incident.alert.source ?? "?"}: ${incident.alert.rule ?? "?"}${incident.alert.summary ? ` \u2014 ${incident.alert.summary}` : ""}` : "\u2014"
    ],
    ["Involved", report.involved.map((person) => `${person.actor} (${person.as.join(", ")})`).join(", ") || "\u2014"]
  ];
  return html`<dl class="kv">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}
function sla(report) {
  const { sla: sla3 } = report;
  const cls = sla3.state === "met" ? "ok" : sla3.state === "breached" ? "bad" : "warn";
  return html`<table><thead><tr><th>Severity</th><th>Response SLA</th><th>Deadline</th><th>Resolved</th><th>Time to resolve</th><th>SLA</th><th>Time to contain</th><th>Time to recover</th></tr></thead>
<tbody><tr><td>${sla3.severity}</td><td>${sla3.budget}</td><td>${formatTime(sla3.deadline)}</td><td>${formatTime(sla3.resolvedAt)}</td><td class="num">${formatDuration(sla3.timeToResolveMs)}</td><td class="${cls}">${SLA_STATE_TEXT[sla3.state]}</td><td class="num">${formatDuration(sla3.timeToContainMs)}${sla3.containedBy ? html`<br /><small>${sla3.containedBy}</small>` : ""}</td><td class="num">${formatDuration(sla3.timeToRecoverMs)}</td></tr></tbody></table>`;
}
function timeline(report) {
  const rows = report.timeline.map((event) => html`<tr class="ev-${event.category}"><td>${formatTime(event.at)}</td><td>${event.phase ?? "\u2014"}</td><td>${event.summary}${event.comment ? html` — <q>${event.comment}</q>` : ""}</td><td>${event.actor ?? ""}</td><td class="num">${event.durationMs === null ? "" : formatDuration(event.durationMs)}</td></tr>`);
  return html`<figure class="chart">${timelineSvg(report)}<figcaption>Phases as bands; one lane per step (green finished, red failed, grey skipped, brown undone); markers: ● alert, ◆ approval, ▲ escalation, ✕ failure.</figcaption></figure>
<table id="timeline-table"><thead><tr><th>Time (UTC)</th><th>Phase</th><th>Event</th><th>Actor</th><th>Duration</th></tr></thead><tbody>${rows}</tbody></table>`;
}
function approvals(report) {
  const rows = report.gates.flatMap((gate) => gate.decisions.map((d) => html`<tr><td>${gateName(gate)}</td><td>${gate.outcome ?? "open"}</td><td>${d.actor}</td><td>${d.role ?? "\u2014"}</td><td>${d.decision}</td><td>${d.comment ?? "\u2014"}</td><td>${decisionChannel(d)}</td><td>${formatTime(d.at)}</td></tr>`));
  if (rows.length === 0)
    return empty("No approval decisions.");
  return html`<table><thead><tr><th>Gate</th><th>Outcome</th><th>Who</th><th>Role</th><th>Decision</th><th>Comment</th><th>Through</th><th>At</th></tr></thead><tbody>${rows}</tbody></table>`;
}
function containment(report) {
  if (report.containment.length === 0)
    return empty("No containment actions were recorded.");
  const rows = report.containment.map((act) => html`<tr><td class="num">${act.seq}</td><td>${formatTime(act.at)}</td><td>${act.kind}</td><td>${act.action ?? "\u2014"}</td><td><code>${act.subject.slice(0, 12)}</code></td><td>${act.host ?? "\u2014"}</td><td>${act.actor}</td></tr>`);
  return html`<table><thead><tr><th>Record</th><th>Time (UTC)</th><th>Taken / undone</th><th>Action</th><th>Container</th><th>Host</th><th>Actor</th></tr></thead><tbody>${rows}</tbody></table>`;
}
function evidence(report) {
  if (report.evidence.length === 0)
    return empty("No evidence was captured.");
  const rows = report.evidence.map((item) => html`<tr><td>${item.name}</td><td>${item.kind}</td><td class="num">${formatBytes(item.size)}</td><td>${hash(item.sha256)}</td><td>${formatTime(item.capturedAt)}</td><td>${item.capturedBy}</td><td class="${stateClass(item.verification === "incomplete" ? null : item.verification === "ok")}">${VERIFICATION_TEXT[item.verification]}</td></tr>`);
  const configs = report.evidence.filter((item) => item.containerConfig).map((item) => {
    const config = item.containerConfig;
    return html`<h3>Container configuration (${item.name})</h3><dl class="kv"><dt>Image</dt><dd>${config.image ?? "\u2014"}</dd><dt>Command</dt><dd><code>${config.command.join(" ") || "\u2014"}</code></dd><dt>Environment</dt><dd>${config.env.length ? config.env.map((entry) => html`<code>${entry}</code> `) : "\u2014"}<br /><small>values redacted</small></dd></dl>`;
  });
  return html`<table id="evidence-table"><thead><tr><th>Name</th><th>Kind</th><th>Size</th><th>SHA-256</th><th>Captured at</th><th>Captured by</th><th>Verified</th></tr></thead><tbody>${rows}</tbody></table>${configs}`;
}
function findings(report) {
  if (!report.findings.available)
    return empty("This store records no findings (no investigation module).");
  if (report.findings.items.length === 0)
    return empty("No findings.");
  const rows = report.findings.items.map((f) => html`<tr><td>${f.severity}</td><td>${f.kind}</td><td>${f.stepId}</td><td>${f.evidenceId ?? "\u2014"}</td><td><code>${JSON.stringify(f.detail)}</code></td></tr>`);
  return html`<table><thead><tr><th>Severity</th><th>Kind</th><th>Step</th><th>Evidence</th><th>Detail</th></tr></thead><tbody>${rows}</tbody></table>`;
}
function custody(report) {
  const { custody: custody3 } = report;
  const problems = custody3.problems.map((p) => html`<li>${p.seq === null ? "ledger" : `record ${p.seq}`} [${p.kind}] ${p.message}</li>`);
  const head = custody3.signedHead;
  return html`<p>Verification: <span class="${stateClass(custody3.ok)}">${custody3.ok ? "ok" : "FAILED"}</span> — ${custody3.records} records, ${custody3.artifacts} evidence file(s) re-hashed, ${custody3.checkpoints} checkpoint(s); head ${hash(custody3.headHash)}</p>
${problems.length ? html`<ul>${problems}</ul>` : ""}
${head ? html`<h3>Signed head</h3><dl class="kv"><dt>Seq</dt><dd>${head.seq}</dd><dt>Hash</dt><dd>${hash(head.hash)}</dd><dt>Signature</dt><dd>${hash(head.signature)}</dd><dt>Key fingerprint</dt><dd>${hash(head.keyFingerprint)}</dd><dt>Reason</dt><dd>${head.reason}</dd><dt>Signed at</dt><dd>${formatTime(head.signedAt)}</dd></dl>
<p>The signed note, to keep elsewhere and check later with <code>irctl custody verify --checkpoint FILE</code>:</p><pre>${head.note}</pre>` : empty("No signed checkpoint yet.")}`;
}
function review(report) {
  const sections = REVIEW_FIELDS.map((field) => {
    const text = report.review[field];
    return html`<h3>${REVIEW_TITLES[field]}</h3>${text ? html`<p>${text}</p>` : empty("Not written yet.")}`;
  });
  const footer = report.review.updatedBy ? html`<p class="meta">Last updated ${formatTime(report.review.updatedAt)} by ${report.review.updatedBy}.</p>` : html`<p class="meta">Fill in with <code>irctl incident annotate ${report.incident.id} --root-cause … --went-well … --to-change … --controls …</code></p>`;
  return html`<div class="review">${sections}${footer}</div>`;
}
function renderHtml(report) {
  const sections = [
    ["summary", "Summary", summary(report)],
    ["sla", "Response SLA", sla(report)],
    ["timeline", "Timeline", timeline(report)],
    ["approvals", "Approvals", approvals(report)],
    ["containment", "Containment actions", containment(report)],
    ["evidence", "Evidence", evidence(report)],
    ["findings", "Findings", findings(report)],
    ["custody", "Chain of custody", custody(report)],
    ["review", "Post-incident review", review(report)]
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

// dist/report/json.js
function renderJson(report) {
  return `${JSON.stringify(report, null, 2)}
`;
}

// dist/report/markdown.js
function mdText(value) {
  if (value === null || value === void 0 || value === "")
    return "\u2014";
  return String(value).replace(/\r\n|[\r\n\u2028\u2029\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, " ").replace(/([A-Za-z][A-Za-z0-9+.-]*):\/\//g, "$1:\u200B//").replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\u200B.`).replace(/@/g, "@\u200B").replace(/[\\`*_[\]<>|#~&!]/g, "\\$&");
}
var code = (value) => value ? `\`${value.replace(/`/g, "")}\`` : "\u2014";
function table(head, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}
function summary2(report) {
  const { incident } = report;
  const alert = incident.alert ? `${mdText(incident.alert.source)}: ${mdText(incident.alert.rule)}` : "\u2014";
  const rows = [
    ["Runbook", `${mdText(incident.runbook)} (${mdText(incident.runbookFile)})`],
    ["Target", mdText(incident.target)],
    ["Severity", mdText(incident.severity)],
    ["Status", mdText(incident.status)],
    ["Initiator", mdText(incident.initiator)],
    ["Opened", formatTime(incident.openedAt)],
    ["Closed", formatTime(incident.closedAt)],
    ["Alert", alert],
    ["Involved", report.involved.map((person) => `${mdText(person.actor)} (${person.as.join(", ")})`).join(", ") || "\u2014"]
  ];
  return table(["Field", "Value"], rows.map(([field, value]) => [field, value]));
}
function sla2(report) {
  const { sla: sla3 } = report;
  return [
    table(["Severity", "Response SLA", "Deadline", "Resolved", "Time to resolve", "SLA"], [
      [
        mdText(sla3.severity),
        sla3.budget,
        formatTime(sla3.deadline),
        formatTime(sla3.resolvedAt),
        formatDuration(sla3.timeToResolveMs),
        SLA_STATE_TEXT[sla3.state]
      ]
    ]),
    "",
    `- Time to contain: ${formatDuration(sla3.timeToContainMs)}${sla3.containedBy ? ` (${mdText(sla3.containedBy)})` : ""}`,
    `- Time to recover: ${formatDuration(sla3.timeToRecoverMs)}`
  ].join("\n");
}
function paging(report) {
  const { paging: paging2 } = report;
  const lines = [
    `- Acknowledged: ${paging2.acknowledgements.length ? paging2.acknowledgements.map((a) => `${mdText(a.actor)} at ${formatTime(a.at)}${a.comment ? ` (${mdText(a.comment)})` : ""}`).join("; ") : "no"}`,
    `- SLA at risk (75 %): ${formatTime(paging2.slaAtRiskAt)} \xB7 breached: ${formatTime(paging2.slaBreachedAt)}`
  ];
  const escalations = paging2.escalations.length ? table(["At", "Escalation", "To"], paging2.escalations.map((e) => [
    formatTime(e.at),
    e.source === "oncall" ? `page level ${e.level ?? "?"}` : `gate ${mdText(e.stepId ?? "?")}`,
    mdText(e.notify.join(", "))
  ])) : "_No escalations were sent._";
  const failed = paging2.failedNotifications.length ? table(["At", "Event", "Channel", "Error"], paging2.failedNotifications.map((f) => [formatTime(f.at), mdText(f.event), mdText(f.channel), mdText(f.error)])) : "_Every notification was delivered._";
  return [...lines, "", escalations, "", "**Notifications that failed**", "", failed].join("\n");
}
function timeline2(report) {
  return table(["Time (UTC)", "Phase", "Event", "Actor", "Duration"], report.timeline.map((event) => [
    formatTime(event.at),
    mdText(event.phase),
    `${mdText(event.summary)}${event.comment ? ` \u2014 \u201C${mdText(event.comment)}\u201D` : ""}`,
    mdText(event.actor),
    event.durationMs === null ? "" : formatDuration(event.durationMs)
  ]));
}
function approvals2(report) {
  const rows = report.gates.flatMap((gate) => gate.decisions.map((decision) => [
    mdText(gateName(gate)),
    mdText(gate.outcome ?? "open"),
    mdText(decision.actor),
    mdText(decision.role),
    mdText(decision.decision),
    mdText(decision.comment),
    mdText(decisionChannel(decision)),
    formatTime(decision.at)
  ]));
  return rows.length ? table(["Gate", "Outcome", "Who", "Role", "Decision", "Comment", "Through", "At"], rows) : "No approval decisions.";
}
function containment2(report) {
  if (report.containment.length === 0)
    return "No containment actions were recorded.";
  return table(["Record", "Time (UTC)", "Taken / undone", "Action", "Container", "Host", "Actor"], report.containment.map((act) => [
    String(act.seq),
    formatTime(act.at),
    act.kind,
    mdText(act.action),
    code(act.subject.slice(0, 12)),
    mdText(act.host),
    mdText(act.actor)
  ]));
}
function evidence2(report) {
  if (report.evidence.length === 0)
    return "No evidence was captured.";
  const parts = [
    table(["Name", "Kind", "Size", "SHA-256", "Captured at", "Captured by", "Verified"], report.evidence.map((item) => [
      mdText(item.name),
      mdText(item.kind),
      formatBytes(item.size),
      code(item.sha256),
      formatTime(item.capturedAt),
      mdText(item.capturedBy),
      VERIFICATION_TEXT[item.verification]
    ]))
  ];
  for (const item of report.evidence) {
    if (!item.containerConfig)
      continue;
    const config = item.containerConfig;
    parts.push("", `### Container configuration (${mdText(item.name)})`, "", `- Image: ${mdText(config.image)}`, `- Command: ${config.command.length ? config.command.map((arg) => mdText(arg)).join(" ") : "\u2014"}`, `- Environment (values redacted): ${config.env.length ? config.env.map((entry) => mdText(entry)).join(", ") : "\u2014"}`);
  }
  return parts.join("\n");
}
function findings2(report) {
  if (!report.findings.available)
    return "This store records no findings (no investigation module).";
  if (report.findings.items.length === 0)
    return "No findings.";
  return table(["Severity", "Kind", "Step", "Evidence", "Detail"], report.findings.items.map((finding) => [
    mdText(finding.severity),
    mdText(finding.kind),
    mdText(finding.stepId),
    code(finding.evidenceId),
    mdText(JSON.stringify(finding.detail))
  ]));
}
function custody2(report) {
  const { custody: custody3 } = report;
  const lines = [
    `Verification: **${custody3.ok ? "ok" : "FAILED"}** \u2014 ${custody3.records} records, ${custody3.artifacts} evidence file(s) re-hashed, ${custody3.checkpoints} checkpoint(s); head ${code(custody3.headHash)}`
  ];
  if (custody3.problems.length) {
    lines.push("", ...custody3.problems.map((problem) => `- ${problem.seq === null ? "ledger" : `record ${problem.seq}`} \\[${mdText(problem.kind)}\\] ${mdText(problem.message)}`));
  }
  const head = custody3.signedHead;
  if (!head) {
    lines.push("", "No signed checkpoint yet.");
    return lines.join("\n");
  }
  lines.push("", "### Signed head", "", table(["Seq", "Hash", "Signature", "Key fingerprint", "Reason", "Signed at"], [[String(head.seq), code(head.hash), code(head.signature), code(head.keyFingerprint), mdText(head.reason), formatTime(head.signedAt)]]), "", "The signed note, to keep elsewhere and check later with `irctl custody verify --checkpoint FILE`:", "", "```text", head.note.replace(/`/g, "").trimEnd(), "```");
  return lines.join("\n");
}
function review2(report) {
  const parts = [];
  for (const field of REVIEW_FIELDS) {
    const text = report.review[field];
    parts.push(`### ${REVIEW_TITLES[field]}`, "", text ? text.split(/\r?\n/).map((line) => line.trim() ? mdText(line) : "").join("\n") : "_Not written yet._", "");
  }
  if (report.review.updatedBy)
    parts.push(`_Last updated ${formatTime(report.review.updatedAt)} by ${mdText(report.review.updatedBy)}._`);
  else
    parts.push(`_Fill in with \`irctl incident annotate ${report.incident.id.replace(/`/g, "")} --root-cause \u2026 --went-well \u2026 --to-change \u2026 --controls \u2026\`._`);
  return parts.join("\n").trimEnd();
}
function renderMarkdown(report) {
  const sections = [
    ["Summary", summary2(report)],
    ["Response SLA", sla2(report)],
    ["Paging", paging(report)],
    ["Timeline", timeline2(report)],
    ["Approvals", approvals2(report)],
    ["Containment actions", containment2(report)],
    ["Evidence", evidence2(report)],
    ["Findings", findings2(report)],
    ["Chain of custody", custody2(report)],
    ["Post-incident review", review2(report)]
  ];
  return [
    `# Incident report: ${mdText(report.incident.id)}`,
    "",
    `Generated ${formatTime(report.generatedAt)} by ${mdText(report.generatedBy)}. Secrets in evidence are shown redacted; the evidence files keep their bytes.`,
    "",
    ...sections.flatMap(([title, body]) => [`## ${title}`, "", body, ""])
  ].join("\n");
}

// dist/report/render.js
var REPORT_FORMATS = ["md", "html", "json"];
var WRITERS = { md: renderMarkdown, html: renderHtml, json: renderJson };
function parseReportFormat(value) {
  if (REPORT_FORMATS.includes(value))
    return value;
  throw new UsageError(`unknown report format "${value}"`, { hint: `use --format ${REPORT_FORMATS.join(" | ")}` });
}
function renderReport(report, format) {
  return WRITERS[format](report);
}

export {
  REPORT_FORMATS,
  parseReportFormat,
  renderReport
};
