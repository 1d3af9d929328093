import { gateState, mayDecide } from '../../engine/approvals.js';
import { getIncident, type IncidentRow } from '../../engine/incidents.js';
import { loadRunbook } from '../../runbook/load.js';
import { isApprovalStep, type ApprovalStep } from '../../runbook/schema.js';
import { html, type SafeHtml } from '../../report/html-template.js';
import { buildReport } from '../../report/model.js';
import type { Report } from '../../report/schema.js';
import type { Services } from '../../services.js';
import { acknowledgementsOf } from '../../engine/acknowledgements.js';
import { FINAL_STATUSES } from '../../engine/incidents.js';
import { permits } from './permits.js';
import { containmentState, type ContainmentState } from './containment-state.js';
import { planAfterGate, type GatePlan } from './gate-plan.js';
import { driverOf, slaView, waitingGate } from './incident-facts.js';
import { bytes, clockText, csrfField, when, type Viewer } from './layout.js';

const PHASES = ['containment', 'evidence', 'investigation', 'recovery'] as const;
const REPORT_TTL_MS = 30_000;

// The report model re-hashes every evidence file: kept for a short while per state of the incident,
// so live updates of a busy incident do not re-read gigabytes each time.
const reports = new Map<string, { at: number; report: Promise<Report> }>();

function reportFor(services: Services, incident: IncidentRow, now: number): Promise<Report> {
  const head = services.db.prepare('SELECT COUNT(*) AS n FROM custody_records WHERE incident_id = ?').get(incident.id) as { n: number };
  const key = `${incident.id}\0${incident.updated_at}\0${head.n}`;
  for (const [cached, entry] of reports) if (now - entry.at > REPORT_TTL_MS) reports.delete(cached);
  const known = reports.get(key);
  if (known) return known.report;
  const report = buildReport(services.db, {
    incidentId: incident.id,
    evidenceDir: services.paths.evidenceDir,
    home: services.paths.home,
    generatedBy: 'console',
    now: new Date(now),
  });
  reports.set(key, { at: now, report });
  report.catch(() => reports.delete(key));
  return report;
}

function gateStep(incident: IncidentRow, stepId: string): ApprovalStep | undefined {
  const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
  return runbook.steps.filter(isApprovalStep).find((step) => step.id === stepId);
}

export async function renderIncident(
  services: Services,
  viewer: Viewer,
  incidentId: string,
  flash: string | undefined,
  now: number,
): Promise<{ title: string; body: SafeHtml }> {
  const incident = getIncident(services.db, incidentId);
  const [report, containment] = await Promise.all([reportFor(services, incident, now), containmentState(incident, services.docker)]);
  const { sla, clock } = slaView(services.db, incident, now);
  const waiting = waitingGate(services.db, incident);
  const gate = waiting ? gateStep(incident, waiting.stepId) : undefined;
  const plan = waiting && gate ? await planAfterGate(services.db, incident.id, waiting.stepId) : undefined;

  const body = html`<p><a href="/ui/">← All incidents</a></p>
<h1>${incident.id} <span class="muted">· ${incident.runbook_name}</span></h1>
${flash ? html`<p class="flash" role="status">${flash}</p>` : ''}
<section aria-labelledby="h-summary" class="card" id="summary" data-live>
<h2 id="h-summary">Summary</h2>
<dl class="facts">
<dt>Status</dt><dd>${incident.status}${incident.current_step ? html` at <code>${incident.current_step}</code>` : ''}</dd>
<dt>Severity</dt><dd><span class="badge sev-${incident.severity}">${incident.severity}</span></dd>
<dt>Target</dt><dd>${incident.target ?? '—'}</dd>
<dt>SLA (${sla.budget})</dt><dd><span class="sla-${clock}">${clock.replace('-', ' ')}</span>${
    sla.resolvedAt
      ? html` · resolved ${when(sla.resolvedAt)}`
      : html` · <time data-until="${sla.deadline}" datetime="${sla.deadline}">${clockText(sla.deadline, now)}</time>`
  }</dd>
<dt>Driven by</dt><dd>${driverOf(incident, now)}</dd>
<dt>Opened</dt><dd>${when(incident.created_at)} by ${incident.initiator}</dd>
${report.incident.alert ? html`<dt>Alert</dt><dd>${report.incident.alert.source ?? ''} ${report.incident.alert.rule ?? ''}${report.incident.alert.summary ? html` — ${report.incident.alert.summary}` : ''}</dd>` : ''}
</dl>
<h3>Phases</h3>
${phaseProgress(incident, report)}
</section>
${pageSection(services, viewer, incident)}
<div id="gate-region" data-live>${waiting && gate ? gateSection(services, viewer, incident, gate, waiting.since, plan!) : ''}</div>
<div id="incident-live" data-live>
${containmentSection(containment, report)}
${timelineSection(report)}
${stepsSection(report)}
${approvalsSection(report)}
${evidenceSection(report)}
${findingsSection(report)}
${custodySection(report)}
</div>
${exportSection(viewer, incident)}`;
  return { title: incident.id, body };
}

/** Who has the page (acknowledgements stop it climbing the on-call ladder), and the button to take it. */
function pageSection(services: Services, viewer: Viewer, incident: IncidentRow): SafeHtml {
  const acks = acknowledgementsOf(services.db, incident.id);
  const mayAck = permits(viewer.identity, 'incident.ack') && !FINAL_STATUSES.has(incident.status) && !acks.some((a) => a.actor === viewer.identity.actor);
  return html`<section aria-labelledby="h-page" id="page-region" data-live>
<h2 id="h-page">Page</h2>
${acks.length ? html`<ul>${acks.map((a) => html`<li><strong>${a.actor}</strong> acknowledged ${when(a.at)}${a.comment ? html`: “${a.comment}”` : ''}</li>`)}</ul>` : html`<p class="warn">Nobody has acknowledged this incident: the page keeps escalating.</p>`}
${mayAck ? html`<form method="post" action="/ui/incidents/${incident.id}/ack">${csrfField(viewer)}<label for="ack-comment">Acknowledge (comment optional)</label><input id="ack-comment" name="comment" type="text" maxlength="2000"><div class="actions"><button type="submit">Acknowledge: I have it</button></div></form>` : ''}
</section>`;
}

function phaseProgress(incident: IncidentRow, report: Report): SafeHtml {
  const items = PHASES.map((phase) => {
    const band = report.phases.find((b) => b.phase === phase);
    const state = band?.endedAt ? 'done' : incident.phase === phase ? 'current' : band ? 'current' : 'pending';
    return html`<li class="${state}">${phase} <span class="muted">(${state})</span></li>`;
  });
  return html`<ol class="phases" aria-label="Phase progress">${items}</ol>`;
}

function gateSection(services: Services, viewer: Viewer, incident: IncidentRow, gate: ApprovalStep, since: string, plan: GatePlan): SafeHtml {
  const { approval } = gate;
  const state = gateState(services.db, incident.id, gate.id);
  const may = permits(viewer.identity, 'gate.decide')
    ? mayDecide({
        incidentId: incident.id,
        stepId: gate.id,
        approval,
        initiator: incident.initiator,
        actor: viewer.identity.actor,
        roles: viewer.identity.roles,
        state,
      })
    : undefined;
  const planned = plan.ok
    ? html`<ol>${plan.steps.map(
        (step) =>
          html`<li>${
            step.kind === 'approval'
              ? html`then waits at gate <code>${step.stepId}</code> (${step.approval?.roles.join(', ')}, quorum ${step.approval?.quorum})`
              : html`<code>${step.stepId}</code>: <strong>${step.action}</strong>${step.skipped ? html` <span class="muted">— skipped: ${step.skipped}</span>` : ''}<pre>${JSON.stringify(step.params ?? {}, null, 2)}</pre>`
          }</li>`,
      )}</ol>${plan.steps.length === 0 ? html`<p>Approving ends the run: no steps follow.</p>` : ''}`
    : html`<p class="warn">The dry run could not show the next steps: ${plan.error}</p>`;
  const decided = state.comments.length
    ? html`<ul>${state.comments.map((c) => html`<li><strong>${c.actor}</strong> ${c.decision === 'approve' ? 'approved' : 'rejected'}${c.comment ? html`: “${c.comment}”` : ''}</li>`)}</ul>`
    : html`<p class="muted">Nobody has decided yet.</p>`;
  let form: SafeHtml;
  if (!may) form = html`<p class="muted">You (${viewer.identity.actor}) may read this incident but not decide gates.</p>`;
  else if (!may.allowed) form = html`<p class="muted">You cannot decide this gate: ${may.refusal.message}</p>`;
  else
    form = html`<form method="post" action="/ui/incidents/${incident.id}/decide" aria-label="Decide gate ${gate.id}">
${csrfField(viewer)}<input type="hidden" name="step" value="${gate.id}">
<label for="comment">Comment${approval.require_comment ? ' (required)' : ' (optional)'}</label>
<textarea id="comment" name="comment" maxlength="2000"${approval.require_comment ? html` required` : ''}></textarea>
<div class="actions"><button class="primary" type="submit" name="decision" value="approve">Approve</button>
<button class="danger" type="submit" name="decision" value="reject">Reject</button></div>
</form>`;
  return html`<section aria-labelledby="h-gate" class="card gate" id="gate">
<h2 id="h-gate">Waiting for approval: <code>${gate.id}</code></h2>
${approval.message ? html`<p><strong>${approval.message}</strong></p>` : ''}
<p>Waiting since ${when(since)}. Who may decide: ${approval.roles.join(', ')}${approval.separate_from_initiator ? ' (not the initiator)' : ''}.</p>
<p><strong>Quorum: ${state.approvers.length} of ${approval.quorum}</strong> approval${approval.quorum === 1 ? '' : 's'}${state.visit > 1 ? ` (visit ${state.visit})` : ''}.</p>
${decided}
<h3>Approving will run</h3>
${planned}
<p class="muted">Rejecting: ${approval.on_reject}.</p>
${form}
</section>`;
}

function containmentSection(state: ContainmentState, report: Report): SafeHtml {
  let now: SafeHtml;
  if (state.kind === 'none') now = html`<p class="muted">${state.why}.</p>`;
  else if (state.kind === 'unreachable')
    now = html`<p class="warn">The engine (${state.host}) did not answer for <code>${state.target}</code>: ${state.error}</p>`;
  else {
    const limits = [
      state.memoryBytes ? `memory ${bytes(state.memoryBytes)}` : '',
      state.nanoCpus ? `cpus ${(state.nanoCpus / 1e9).toFixed(2)}` : '',
      state.pidsLimit && state.pidsLimit > 0 ? `pids ${state.pidsLimit}` : '',
    ].filter(Boolean);
    now = html`<dl class="facts">
<dt>Container</dt><dd><code>${state.name}</code> <span class="muted">${state.id.slice(0, 12)} on ${state.host}</span></dd>
<dt>State</dt><dd>${state.paused ? html`<strong class="ok">paused</strong>` : state.running ? 'running' : 'stopped'}</dd>
<dt>Networks</dt><dd>${state.networks.length ? state.networks.join(', ') : 'none'}${state.quarantined ? html` <strong class="ok">(quarantined)</strong>` : ''}</dd>
<dt>Limits</dt><dd>${limits.length ? limits.join(', ') : 'none'}</dd>
<dt>Restart policy</dt><dd>${state.restartPolicy}</dd>
<dt>Labels</dt><dd>${state.labels.length ? html`<ul>${state.labels.map(([k, v]) => html`<li><code>${k}</code>=<code>${v}</code></li>`)}</ul>` : 'none'}</dd>
</dl>`;
  }
  const acts = report.containment.length
    ? html`<ul>${report.containment.map((act) => html`<li>${when(act.at)} ${act.kind} ${act.action ?? ''} by ${act.actor}</li>`)}</ul>`
    : html`<p class="muted">No containment act recorded.</p>`;
  return html`<section aria-labelledby="h-containment"><h2 id="h-containment">Containment of the target</h2>${now}<h3>Recorded acts</h3>${acts}</section>`;
}

function timelineSection(report: Report): SafeHtml {
  const items = [...report.timeline]
    .reverse()
    .map(
      (event) =>
        html`<li>${when(event.at)} <strong>${event.summary}</strong>${event.actor ? html` <span class="muted">· ${event.actor}</span>` : ''}${
          event.comment ? html`<br><q>${event.comment}</q>` : ''
        }</li>`,
    );
  return html`<section aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline <span class="muted">(newest first)</span></h2><ol class="timeline" id="timeline">${items}</ol></section>`;
}

function stepsSection(report: Report): SafeHtml {
  return html`<section aria-labelledby="h-steps"><h2 id="h-steps">Steps</h2><table class="cards"><thead><tr><th scope="col">Step</th><th scope="col">Action</th><th scope="col">Status</th><th scope="col">Summary</th></tr></thead><tbody>${report.steps.map(
    (step) =>
      html`<tr><td data-label="Step"><code>${step.stepId}</code></td><td data-label="Action">${step.action ?? '—'}</td><td data-label="Status">${step.status}</td><td data-label="Summary">${step.error ?? step.summary ?? ''}</td></tr>`,
  )}</tbody></table></section>`;
}

function approvalsSection(report: Report): SafeHtml {
  if (report.gates.length === 0) return html``;
  return html`<section aria-labelledby="h-approvals"><h2 id="h-approvals">Gate decisions</h2><ul>${report.gates.map(
    (gate) =>
      html`<li><code>${gate.stepId}</code> (visit ${gate.visit}): ${gate.outcome ?? 'open'}<ul>${gate.decisions.map(
        (d) => html`<li>${d.actor}${d.role ? ` as ${d.role}` : ''}: ${d.decision}${d.comment ? html` — “${d.comment}”` : ''} ${when(d.at)}</li>`,
      )}</ul></li>`,
  )}</ul></section>`;
}

function evidenceSection(report: Report): SafeHtml {
  const rows = report.evidence.map(
    (item) =>
      html`<tr><td data-label="Name">${item.name}<br><span class="muted">${item.kind}</span></td><td data-label="Size">${bytes(item.size)}</td><td data-label="SHA-256" class="hash">${item.sha256 ?? '—'}</td><td data-label="Verified"><span class="${item.verification === 'ok' ? 'ok' : 'bad'}">${item.verification}</span></td><td data-label="Captured">${when(item.capturedAt)} by ${item.capturedBy}</td></tr>`,
  );
  return html`<section aria-labelledby="h-evidence"><h2 id="h-evidence">Evidence</h2>${
    rows.length
      ? html`<table class="cards" id="evidence-table"><thead><tr><th scope="col">Name</th><th scope="col">Size</th><th scope="col">SHA-256</th><th scope="col">Verified</th><th scope="col">Captured</th></tr></thead><tbody>${rows}</tbody></table>`
      : html`<p class="muted">No evidence captured yet.</p>`
  }</section>`;
}

function findingsSection(report: Report): SafeHtml {
  const items = report.findings.items;
  return html`<section aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2>${
    items.length
      ? html`<ul>${items.map((f) => html`<li><span class="badge sev-${f.severity}">${f.severity}</span> ${f.kind} <span class="muted">(step ${f.stepId})</span><pre>${JSON.stringify(f.detail, null, 2)}</pre></li>`)}</ul>`
      : html`<p class="muted">No findings.</p>`
  }</section>`;
}

function custodySection(report: Report): SafeHtml {
  const { custody } = report;
  const head = custody.signedHead;
  return html`<section aria-labelledby="h-custody"><h2 id="h-custody">Chain of custody</h2>
<p>${custody.ok ? html`<strong class="ok">Verified</strong>` : html`<strong class="bad">Does not verify</strong>`}: ${custody.records} records, ${custody.artifacts} artifacts re-hashed, ${custody.checkpoints} signed checkpoints.</p>
${custody.problems.length ? html`<ul>${custody.problems.map((p) => html`<li class="bad">${p.seq === null ? '' : `record ${p.seq}: `}${p.kind} — ${p.message}</li>`)}</ul>` : ''}
<p>Head: <span class="hash">${custody.headHash ?? '—'}</span></p>
${head ? html`<h3>Signed head</h3><p>Record ${head.seq}, key ${head.keyFingerprint}, ${head.reason}, ${when(head.signedAt)}</p><pre>${head.note}</pre>` : html`<p class="muted">No signed checkpoint yet.</p>`}
</section>`;
}

function exportSection(viewer: Viewer, incident: IncidentRow): SafeHtml {
  if (!permits(viewer.identity, 'evidence.export')) {
    return html`<section aria-labelledby="h-export"><h2 id="h-export">Report and bundle</h2><p class="muted">Exporting needs the operator role; each export is recorded in the custody ledger.</p></section>`;
  }
  return html`<section aria-labelledby="h-export"><h2 id="h-export">Report and bundle</h2>
<p class="muted">Each download is recorded in the custody ledger as an export and signed.</p>
<div class="actions">
<form method="post" action="/ui/incidents/${incident.id}/report.html">${csrfField(viewer)}<button type="submit">HTML report</button></form>
<form method="post" action="/ui/incidents/${incident.id}/bundle.tar.gz">${csrfField(viewer)}<button type="submit">Evidence bundle (.tar.gz)</button></form>
</div></section>`;
}
