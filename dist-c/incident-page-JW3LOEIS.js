import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  bytes,
  clockText,
  csrfField,
  driverOf,
  permits,
  slaView,
  waitingGate,
  when
} from "./chunk-UPQ4LLNR.js";
import {
  acknowledgementsOf
} from "./chunk-R5WDHPQO.js";
import {
  html
} from "./chunk-WH65N5NF.js";
import {
  buildReport
} from "./chunk-W7QWCAPU.js";
import "./chunk-RBUMQWAE.js";
import "./chunk-U2N7A6JM.js";
import "./chunk-E34VK4DJ.js";
import {
  planRun
} from "./chunk-P56TQO6A.js";
import "./chunk-VWDFEQNA.js";
import "./chunk-SFHTDEVQ.js";
import "./chunk-HYS6PUCY.js";
import "./chunk-5WDOT2WL.js";
import {
  findGate,
  gateState,
  mayDecide
} from "./chunk-IN4RJBDR.js";
import "./chunk-STHBQWTZ.js";
import "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import "./chunk-U7K5EBAV.js";
import "./chunk-TY2NB5FY.js";
import {
  loadRunbook
} from "./chunk-ZXGC47PD.js";
import "./chunk-QXBLVMJS.js";
import {
  isApprovalStep
} from "./chunk-C77XJCVS.js";
import "./chunk-WANTOCUW.js";
import "./chunk-2J2BT77Z.js";
import "./chunk-5G4DN3AP.js";
import "./chunk-LMXY6P3R.js";
import "./chunk-WWDZUR2Q.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import "./chunk-CHZ3CMJ4.js";
import {
  FINAL_STATUSES,
  getIncident
} from "./chunk-LUHRMFHS.js";
import "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/server/ui/containment-state.js
var CONTAINER_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
var HOST_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;
var INSPECT_TIMEOUT_MS = 3e3;
function hostOf(incident, hosts) {
  let inputs = {};
  try {
    inputs = JSON.parse(incident.inputs);
  } catch {
  }
  const named = inputs.host;
  return typeof named === "string" && HOST_NAME.test(named) && hosts.names().includes(named) ? named : "local";
}
async function containmentState(incident, hosts) {
  const target = incident.target;
  if (!target)
    return { kind: "none", why: "this incident names no target container" };
  if (!CONTAINER_REF.test(target))
    return { kind: "none", why: "the target is not a container name or id, so the engine was not asked" };
  const host = hostOf(incident, hosts);
  try {
    const docker = hosts.get(host);
    const info = await docker.getContainer(target).inspect({ abortSignal: AbortSignal.timeout(INSPECT_TIMEOUT_MS) });
    const networks = Object.keys(info.NetworkSettings?.Networks ?? {});
    return {
      kind: "seen",
      host,
      target,
      name: info.Name.replace(/^\//, ""),
      id: info.Id,
      running: info.State.Running,
      paused: info.State.Paused,
      networks,
      quarantined: networks.length > 0 && networks.every((network) => network === hosts.quarantineNetwork),
      memoryBytes: info.HostConfig.Memory ?? 0,
      nanoCpus: info.HostConfig.NanoCpus ?? 0,
      pidsLimit: info.HostConfig.PidsLimit ?? null,
      restartPolicy: info.HostConfig.RestartPolicy?.Name || "no",
      labels: Object.entries(info.Config.Labels ?? {})
    };
  } catch (error) {
    return { kind: "unreachable", host, target, error: error.message };
  }
}

// dist/server/ui/gate-plan.js
var plans = /* @__PURE__ */ new Map();
var MAX_PLANS = 500;
function planAfterGate(db, incidentId, stepId) {
  const key = `${incidentId}\0${stepId}`;
  const known = plans.get(key);
  if (known)
    return known;
  const planned = (async () => {
    try {
      findGate(db, incidentId, stepId);
      const incident = getIncident(db, incidentId);
      const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
      const alert = incident.alert ? JSON.parse(incident.alert) : void 0;
      const plan = await planRun(runbook, JSON.parse(incident.inputs), alert);
      const at = plan.findIndex((step) => step.stepId === stepId);
      if (at < 0)
        return { ok: false, error: `the dry run does not reach gate ${stepId}` };
      const after = plan.slice(at + 1);
      const nextGate = after.findIndex((step) => step.kind === "approval");
      return { ok: true, steps: nextGate < 0 ? after : after.slice(0, nextGate + 1) };
    } catch (error) {
      return { ok: false, error: error.message };
    }
  })();
  if (plans.size >= MAX_PLANS)
    plans.delete(plans.keys().next().value);
  plans.set(key, planned);
  void planned.then((plan) => plan.ok ? void 0 : plans.delete(key));
  return planned;
}

// dist/server/ui/incident-page.js
var PHASES = ["containment", "evidence", "investigation", "recovery"];
var REPORT_TTL_MS = 3e4;
var reports = /* @__PURE__ */ new Map();
function reportFor(services, incident, now) {
  const head = services.db.prepare("SELECT COUNT(*) AS n FROM custody_records WHERE incident_id = ?").get(incident.id);
  const key = `${incident.id}\0${incident.updated_at}\0${head.n}`;
  for (const [cached, entry] of reports)
    if (now - entry.at > REPORT_TTL_MS)
      reports.delete(cached);
  const known = reports.get(key);
  if (known)
    return known.report;
  const report = buildReport(services.db, {
    incidentId: incident.id,
    evidenceDir: services.paths.evidenceDir,
    home: services.paths.home,
    generatedBy: "console",
    now: new Date(now)
  });
  reports.set(key, { at: now, report });
  report.catch(() => reports.delete(key));
  return report;
}
function gateStep(incident, stepId) {
  const { runbook } = loadRunbook(incident.runbook_source, incident.runbook_file);
  return runbook.steps.filter(isApprovalStep).find((step) => step.id === stepId);
}
async function renderIncident(services, viewer, incidentId, flash, now) {
  const incident = getIncident(services.db, incidentId);
  const [report, containment] = await Promise.all([reportFor(services, incident, now), containmentState(incident, services.docker)]);
  const { sla, clock } = slaView(services.db, incident, now);
  const waiting = waitingGate(services.db, incident);
  const gate = waiting ? gateStep(incident, waiting.stepId) : void 0;
  const plan = waiting && gate ? await planAfterGate(services.db, incident.id, waiting.stepId) : void 0;
  const body = html`<p><a href="/ui/">← All incidents</a></p>
<h1>${incident.id} <span class="muted">· ${incident.runbook_name}</span></h1>
${flash ? html`<p class="flash" role="status">${flash}</p>` : ""}
<section aria-labelledby="h-summary" class="card" id="summary" data-live>
<h2 id="h-summary">Summary</h2>
<dl class="facts">
<dt>Status</dt><dd>${incident.status}${incident.current_step ? html` at <code>${incident.current_step}</code>` : ""}</dd>
<dt>Severity</dt><dd><span class="badge sev-${incident.severity}">${incident.severity}</span></dd>
<dt>Target</dt><dd>${incident.target ?? "\u2014"}</dd>
<dt>SLA (${sla.budget})</dt><dd><span class="sla-${clock}">${clock.replace("-", " ")}</span>${sla.resolvedAt ? html` · resolved ${when(sla.resolvedAt)}` : html` · <time data-until="${sla.deadline}" datetime="${sla.deadline}">${clockText(sla.deadline, now)}</time>`}</dd>
<dt>Driven by</dt><dd>${driverOf(incident, now)}</dd>
<dt>Opened</dt><dd>${when(incident.created_at)} by ${incident.initiator}</dd>
${report.incident.alert ? html`<dt>Alert</dt><dd>${report.incident.alert.source ?? ""} ${report.incident.alert.rule ?? ""}${report.incident.alert.summary ? html` — ${report.incident.alert.summary}` : ""}</dd>` : ""}
</dl>
<h3>Phases</h3>
${phaseProgress(incident, report)}
</section>
${pageSection(services, viewer, incident)}
<div id="gate-region" data-live>${waiting && gate ? gateSection(services, viewer, incident, gate, waiting.since, plan) : ""}</div>
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
function pageSection(services, viewer, incident) {
  const acks = acknowledgementsOf(services.db, incident.id);
  const mayAck = permits(viewer.identity, "incident.ack") && !FINAL_STATUSES.has(incident.status) && !acks.some((a) => a.actor === viewer.identity.actor);
  return html`<section aria-labelledby="h-page" id="page-region" data-live>
<h2 id="h-page">Page</h2>
${acks.length ? html`<ul>${acks.map((a) => html`<li><strong>${a.actor}</strong> acknowledged ${when(a.at)}${a.comment ? html`: “${a.comment}”` : ""}</li>`)}</ul>` : html`<p class="warn">Nobody has acknowledged this incident: the page keeps escalating.</p>`}
${mayAck ? html`<form method="post" action="/ui/incidents/${incident.id}/ack">${csrfField(viewer)}<label for="ack-comment">Acknowledge (comment optional)</label><input id="ack-comment" name="comment" type="text" maxlength="2000"><div class="actions"><button type="submit">Acknowledge: I have it</button></div></form>` : ""}
</section>`;
}
function phaseProgress(incident, report) {
  const items = PHASES.map((phase) => {
    const band = report.phases.find((b) => b.phase === phase);
    const state = band?.endedAt ? "done" : incident.phase === phase ? "current" : band ? "current" : "pending";
    return html`<li class="${state}">${phase} <span class="muted">(${state})</span></li>`;
  });
  return html`<ol class="phases" aria-label="Phase progress">${items}</ol>`;
}
function gateSection(services, viewer, incident, gate, since, plan) {
  const { approval } = gate;
  const state = gateState(services.db, incident.id, gate.id);
  const may = permits(viewer.identity, "gate.decide") ? mayDecide({
    incidentId: incident.id,
    stepId: gate.id,
    approval,
    initiator: incident.initiator,
    actor: viewer.identity.actor,
    roles: viewer.identity.roles,
    state
  }) : void 0;
  const planned = plan.ok ? html`<ol>${plan.steps.map((step) => html`<li>${step.kind === "approval" ? html`then waits at gate <code>${step.stepId}</code> (${step.approval?.roles.join(", ")}, quorum ${step.approval?.quorum})` : html`<code>${step.stepId}</code>: <strong>${step.action}</strong>${step.skipped ? html` <span class="muted">— skipped: ${step.skipped}</span>` : ""}<pre>${JSON.stringify(step.params ?? {}, null, 2)}</pre>`}</li>`)}</ol>${plan.steps.length === 0 ? html`<p>Approving ends the run: no steps follow.</p>` : ""}` : html`<p class="warn">The dry run could not show the next steps: ${plan.error}</p>`;
  const decided = state.comments.length ? html`<ul>${state.comments.map((c) => html`<li><strong>${c.actor}</strong> ${c.decision === "approve" ? "approved" : "rejected"}${c.comment ? html`: “${c.comment}”` : ""}</li>`)}</ul>` : html`<p class="muted">Nobody has decided yet.</p>`;
  let form;
  if (!may)
    form = html`<p class="muted">You (${viewer.identity.actor}) may read this incident but not decide gates.</p>`;
  else if (!may.allowed)
    form = html`<p class="muted">You cannot decide this gate: ${may.refusal.message}</p>`;
  else
    form = html`<form method="post" action="/ui/incidents/${incident.id}/decide" aria-label="Decide gate ${gate.id}">
${csrfField(viewer)}<input type="hidden" name="step" value="${gate.id}">
<label for="comment">Comment${approval.require_comment ? " (required)" : " (optional)"}</label>
<textarea id="comment" name="comment" maxlength="2000"${approval.require_comment ? html` required` : ""}></textarea>
<div class="actions"><button class="primary" type="submit" name="decision" value="approve">Approve</button>
<button class="danger" type="submit" name="decision" value="reject">Reject</button></div>
</form>`;
  return html`<section aria-labelledby="h-gate" class="card gate" id="gate">
<h2 id="h-gate">Waiting for approval: <code>${gate.id}</code></h2>
${approval.message ? html`<p><strong>${approval.message}</strong></p>` : ""}
<p>Waiting since ${when(since)}. Who may decide: ${approval.roles.join(", ")}${approval.separate_from_initiator ? " (not the initiator)" : ""}.</p>
<p><strong>Quorum: ${state.approvers.length} of ${approval.quorum}</strong> approval${approval.quorum === 1 ? "" : "s"}${state.visit > 1 ? ` (visit ${state.visit})` : ""}.</p>
${decided}
<h3>Approving will run</h3>
${planned}
<p class="muted">Rejecting: ${approval.on_reject}.</p>
${form}
</section>`;
}
function containmentSection(state, report) {
  let now;
  if (state.kind === "none")
    now = html`<p class="muted">${state.why}.</p>`;
  else if (state.kind === "unreachable")
    now = html`<p class="warn">The engine (${state.host}) did not answer for <code>${state.target}</code>: ${state.error}</p>`;
  else {
    const limits = [
      state.memoryBytes ? `memory ${bytes(state.memoryBytes)}` : "",
      state.nanoCpus ? `cpus ${(state.nanoCpus / 1e9).toFixed(2)}` : "",
      state.pidsLimit && state.pidsLimit > 0 ? `pids ${state.pidsLimit}` : ""
    ].filter(Boolean);
    now = html`<dl class="facts">
<dt>Container</dt><dd><code>${state.name}</code> <span class="muted">${state.id.slice(0, 12)} on ${state.host}</span></dd>
<dt>State</dt><dd>${state.paused ? html`<strong class="ok">paused</strong>` : state.running ? "running" : "stopped"}</dd>
<dt>Networks</dt><dd>${state.networks.length ? state.networks.join(", ") : "none"}${state.quarantined ? html` <strong class="ok">(quarantined)</strong>` : ""}</dd>
<dt>Limits</dt><dd>${limits.length ? limits.join(", ") : "none"}</dd>
<dt>Restart policy</dt><dd>${state.restartPolicy}</dd>
<dt>Labels</dt><dd>${state.labels.length ? html`<ul>${state.labels.map(([k, v]) => html`<li><code>${k}</code>=<code>${v}</code></li>`)}</ul>` : "none"}</dd>
</dl>`;
  }
  const acts = report.containment.length ? html`<ul>${report.containment.map((act) => html`<li>${when(act.at)} ${act.kind} ${act.action ?? ""} by ${act.actor}</li>`)}</ul>` : html`<p class="muted">No containment act recorded.</p>`;
  return html`<section aria-labelledby="h-containment"><h2 id="h-containment">Containment of the target</h2>${now}<h3>Recorded acts</h3>${acts}</section>`;
}
function timelineSection(report) {
  const items = [...report.timeline].reverse().map((event) => html`<li>${when(event.at)} <strong>${event.summary}</strong>${event.actor ? html` <span class="muted">· ${event.actor}</span>` : ""}${event.comment ? html`<br><q>${event.comment}</q>` : ""}</li>`);
  return html`<section aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline <span class="muted">(newest first)</span></h2><ol class="timeline" id="timeline">${items}</ol></section>`;
}
function stepsSection(report) {
  return html`<section aria-labelledby="h-steps"><h2 id="h-steps">Steps</h2><table class="cards"><thead><tr><th scope="col">Step</th><th scope="col">Action</th><th scope="col">Status</th><th scope="col">Summary</th></tr></thead><tbody>${report.steps.map((step) => html`<tr><td data-label="Step"><code>${step.stepId}</code></td><td data-label="Action">${step.action ?? "\u2014"}</td><td data-label="Status">${step.status}</td><td data-label="Summary">${step.error ?? step.summary ?? ""}</td></tr>`)}</tbody></table></section>`;
}
function approvalsSection(report) {
  if (report.gates.length === 0)
    return html``;
  return html`<section aria-labelledby="h-approvals"><h2 id="h-approvals">Gate decisions</h2><ul>${report.gates.map((gate) => html`<li><code>${gate.stepId}</code> (visit ${gate.visit}): ${gate.outcome ?? "open"}<ul>${gate.decisions.map((d) => html`<li>${d.actor}${d.role ? ` as ${d.role}` : ""}: ${d.decision}${d.comment ? html` — “${d.comment}”` : ""} ${when(d.at)}</li>`)}</ul></li>`)}</ul></section>`;
}
function evidenceSection(report) {
  const rows = report.evidence.map((item) => html`<tr><td data-label="Name">${item.name}<br><span class="muted">${item.kind}</span></td><td data-label="Size">${bytes(item.size)}</td><td data-label="SHA-256" class="hash">${item.sha256 ?? "\u2014"}</td><td data-label="Verified"><span class="${item.verification === "ok" ? "ok" : "bad"}">${item.verification}</span></td><td data-label="Captured">${when(item.capturedAt)} by ${item.capturedBy}</td></tr>`);
  return html`<section aria-labelledby="h-evidence"><h2 id="h-evidence">Evidence</h2>${rows.length ? html`<table class="cards" id="evidence-table"><thead><tr><th scope="col">Name</th><th scope="col">Size</th><th scope="col">SHA-256</th><th scope="col">Verified</th><th scope="col">Captured</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No evidence captured yet.</p>`}</section>`;
}
function findingsSection(report) {
  const items = report.findings.items;
  return html`<section aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2>${items.length ? html`<ul>${items.map((f) => html`<li><span class="badge sev-${f.severity}">${f.severity}</span> ${f.kind} <span class="muted">(step ${f.stepId})</span><pre>${JSON.stringify(f.detail, null, 2)}</pre></li>`)}</ul>` : html`<p class="muted">No findings.</p>`}</section>`;
}
function custodySection(report) {
  const { custody } = report;
  const head = custody.signedHead;
  return html`<section aria-labelledby="h-custody"><h2 id="h-custody">Chain of custody</h2>
<p>${custody.ok ? html`<strong class="ok">Verified</strong>` : html`<strong class="bad">Does not verify</strong>`}: ${custody.records} records, ${custody.artifacts} artifacts re-hashed, ${custody.checkpoints} signed checkpoints.</p>
${custody.problems.length ? html`<ul>${custody.problems.map((p) => html`<li class="bad">${p.seq === null ? "" : `record ${p.seq}: `}${p.kind} — ${p.message}</li>`)}</ul>` : ""}
<p>Head: <span class="hash">${custody.headHash ?? "\u2014"}</span></p>
${head ? html`<h3>Signed head</h3><p>Record ${head.seq}, key ${head.keyFingerprint}, ${head.reason}, ${when(head.signedAt)}</p><pre>${head.note}</pre>` : html`<p class="muted">No signed checkpoint yet.</p>`}
</section>`;
}
function exportSection(viewer, incident) {
  if (!permits(viewer.identity, "evidence.export")) {
    return html`<section aria-labelledby="h-export"><h2 id="h-export">Report and bundle</h2><p class="muted">Exporting needs the operator role; each export is recorded in the custody ledger.</p></section>`;
  }
  return html`<section aria-labelledby="h-export"><h2 id="h-export">Report and bundle</h2>
<p class="muted">Each download is recorded in the custody ledger as an export and signed.</p>
<div class="actions">
<form method="post" action="/ui/incidents/${incident.id}/report.html">${csrfField(viewer)}<button type="submit">HTML report</button></form>
<form method="post" action="/ui/incidents/${incident.id}/bundle.tar.gz">${csrfField(viewer)}<button type="submit">Evidence bundle (.tar.gz)</button></form>
</div></section>`;
}
export {
  renderIncident
};
