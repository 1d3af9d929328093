import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  addTimeline
} from "./chunk-LUHRMFHS.js";

// dist/server/notify.js
import { randomUUID } from "node:crypto";
var NOTIFY_TIMEOUT_MS = 5e3;
var DEFAULT_RETRY = { attempts: 5, baseMs: 500 };
var MAX_QUEUED = 1e3;
function redactUrl(url) {
  try {
    return `${new URL(url).origin}/\u2026`;
  } catch {
    return "(invalid url)";
  }
}
var TEXT = {
  opened: (e) => `:rotating_light: incident ${e.incidentId} opened`,
  contained: (e) => `:lock: incident ${e.incidentId} contained`,
  gate_waiting: (e) => `:raised_hand: incident ${e.incidentId} waits for approval at step ${e.stepId ?? "?"}`,
  escalated: (e) => `:loudspeaker: incident ${e.incidentId} escalated${e.to ? ` to ${e.to.join(", ")}` : ""}${e.stepId ? ` at step ${e.stepId}` : ""}`,
  acknowledged: (e) => `:eyes: incident ${e.incidentId} acknowledged${typeof e.detail?.actor === "string" ? ` by ${e.detail.actor}` : ""}`,
  approved: (e) => `:white_check_mark: incident ${e.incidentId}: gate ${e.stepId ?? "?"} approved`,
  rejected: (e) => `:no_entry: incident ${e.incidentId}: gate ${e.stepId ?? "?"} rejected`,
  timed_out: (e) => `:hourglass: incident ${e.incidentId}: gate ${e.stepId ?? "?"} timed out`,
  human_needed: (e) => `:raised_hand: incident ${e.incidentId} needs a human at step ${e.stepId ?? "?"}`,
  decision_needed: (e) => `:warning: incident ${e.incidentId}: step ${e.stepId ?? "?"} was interrupted and needs a decision`,
  failed: (e) => `:x: incident ${e.incidentId} failed`,
  aborted: (e) => `:octagonal_sign: incident ${e.incidentId} aborted`,
  rolled_back: (e) => `:rewind: incident ${e.incidentId} rolled back`,
  released: (e) => `:unlock: incident ${e.incidentId}: containment released`,
  closed: (e) => `:white_check_mark: incident ${e.incidentId} closed`,
  sla_at_risk: (e) => `:warning: incident ${e.incidentId}: SLA at risk (75 % of ${typeof e.detail?.budget === "string" ? e.detail.budget : "the budget"} gone)`,
  sla_breached: (e) => `:rotating_light: incident ${e.incidentId}: SLA breached (${typeof e.detail?.budget === "string" ? e.detail.budget : "budget"})`
};
function slackText(event) {
  const parts = [TEXT[event.kind](event)];
  if (event.runbook)
    parts.push(`runbook ${event.runbook}${event.severity ? ` (${event.severity})` : ""}`);
  if (event.target)
    parts.push(`target ${event.target}`);
  if (event.kind !== "opened")
    parts.push(`irctl status ${event.incidentId}`);
  return parts.join(" \xB7 ");
}
function body(destination, event, id) {
  if (destination.format === "slack")
    return { text: slackText(event) };
  return {
    id,
    // the same on every retry, so a receiver can drop a duplicate
    event: event.kind,
    incident_id: event.incidentId,
    runbook: event.runbook ?? null,
    severity: event.severity ?? null,
    target: event.target ?? null,
    step_id: event.stepId ?? null,
    to: event.to ?? null,
    detail: event.detail ?? {},
    at: (/* @__PURE__ */ new Date()).toISOString()
  };
}
function createNotifier(settings, deps) {
  const post = deps.fetch ?? fetch;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const maxQueued = deps.maxQueued ?? MAX_QUEUED;
  const contacts = new Map((settings.oncall?.contacts ?? []).map((contact) => [contact.name, contact]));
  const defaults = [
    ...settings.notify.webhook ? [{ name: "webhook", url: settings.notify.webhook, format: "json" }] : [],
    ...settings.notify.slack_webhook ? [{ name: "slack", url: settings.notify.slack_webhook, format: "slack" }] : []
  ];
  const pending = /* @__PURE__ */ new Set();
  const giveUp = (destination, event, reason, attempts) => {
    deps.metrics?.notifications.inc({ channel: destination.name, outcome: "failed" });
    deps.log.warn({ channel: destination.name, to: redactUrl(destination.url), event: event.kind, incidentId: event.incidentId, error: reason, attempts }, "notification not delivered; the run goes on");
    try {
      if (deps.db?.open) {
        addTimeline(deps.db, event.incidentId, "notification_failed", {
          detail: { event: event.kind, channel: destination.name, to: redactUrl(destination.url), error: reason, attempts }
        });
      }
    } catch (error) {
      deps.log.warn({ error: error.message }, "a failed notification could not be recorded on the timeline");
    }
  };
  const deliver = async (destination, event, id) => {
    const payload = JSON.stringify(body(destination, event, id));
    let lastError = "";
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      try {
        const response = await post(destination.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: payload,
          signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS)
        });
        await response.body?.cancel().catch(() => void 0);
        if (response.ok) {
          deps.metrics?.notifications.inc({ channel: destination.name, outcome: "sent" });
          return;
        }
        lastError = `HTTP ${response.status}`;
        if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)
          break;
      } catch (error) {
        lastError = error.message;
      }
      if (attempt < retry.attempts)
        await new Promise((resolve) => setTimeout(resolve, retry.baseMs * 2 ** (attempt - 1)));
    }
    giveUp(destination, event, lastError, retry.attempts);
  };
  const destinationsFor = (event) => {
    const addressed = [];
    for (const name of event.to ?? []) {
      const contact = contacts.get(name);
      if (contact)
        addressed.push({ name: contact.name, url: contact.webhook, format: contact.format });
    }
    return [...defaults, ...addressed.filter((a) => !defaults.some((d) => d.url === a.url))];
  };
  return {
    send(raw) {
      const event = { ...raw, kind: raw.kind === "incident_opened" ? "opened" : raw.kind };
      const id = randomUUID();
      for (const destination of destinationsFor(event)) {
        if (pending.size >= maxQueued) {
          giveUp(destination, event, `notification queue full (${maxQueued})`, 0);
          continue;
        }
        const sent = deliver(destination, event, id).catch((error) => deps.log.warn({ error: error.message }, "notification delivery failed"));
        pending.add(sent);
        void sent.finally(() => pending.delete(sent));
      }
    },
    async flush() {
      while (pending.size > 0)
        await Promise.all([...pending]);
    }
  };
}

export {
  DEFAULT_RETRY,
  MAX_QUEUED,
  redactUrl,
  createNotifier
};
