import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  checkRunbookInputs
} from "./chunk-4NA67OYN.js";
import {
  ExpressionError,
  evaluate,
  interpolate,
  isTruthy
} from "./chunk-C77XJCVS.js";
import {
  external_exports
} from "./chunk-6GUQTYHU.js";
import {
  ExitCode,
  IrctlError,
  UsageError
} from "./chunk-HPPMOGYY.js";

// dist/alerts/alert.js
import { createHash } from "node:crypto";
var ALERT_SOURCES = ["falco", "alertmanager", "grafana", "generic", "docker"];
function fingerprintOf(source, parts) {
  const hash = createHash("sha256");
  hash.update(`irctl.alert.v1\0${source}`);
  for (const part of parts)
    hash.update(`\0${part ?? ""}`);
  return hash.digest("hex");
}
function toAlertTime(value) {
  let ms;
  if (typeof value === "string" && value.trim() !== "") {
    ms = /^\d+$/.test(value.trim()) ? epochToMs(Number(value)) : Date.parse(value);
  } else if (typeof value === "number" && Number.isFinite(value)) {
    ms = epochToMs(value);
  } else {
    return void 0;
  }
  if (!Number.isFinite(ms) || ms < 31536e6 || ms > 253402300799999)
    return void 0;
  return new Date(ms).toISOString();
}
function epochToMs(value) {
  if (value > 1e17)
    return Math.floor(value / 1e6);
  if (value > 1e14)
    return Math.floor(value / 1e3);
  if (value > 1e11)
    return value;
  return value * 1e3;
}

// dist/alerts/coerce.js
var isScalar = (value) => typeof value === "string" || typeof value === "number" || typeof value === "boolean";
var looseText = external_exports.unknown().optional().transform((value) => isScalar(value) ? String(value) : void 0);
var requiredText = external_exports.unknown().optional().superRefine((value, ctx) => {
  if (!isScalar(value) || String(value).trim() === "") {
    ctx.addIssue({
      code: "custom",
      message: value === void 0 ? "is missing" : `must be a non-empty string, got ${value === null ? "null" : typeof value}`
    });
  }
}).transform((value) => String(value).trim());
var stringMap = external_exports.unknown().optional().transform((value) => {
  const result = {};
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return result;
  for (const [key, item] of Object.entries(value))
    if (isScalar(item))
      result[key] = String(item);
  return result;
});
var fieldMap = external_exports.unknown().optional().transform((value) => {
  const result = {};
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return result;
  for (const [key, item] of Object.entries(value))
    if (isScalar(item) || item === null)
      result[key] = item;
  return result;
});
var stringList = external_exports.unknown().optional().transform((value) => {
  if (typeof value === "string")
    return value.split(",").map((s) => s.trim()).filter(Boolean);
  if (!Array.isArray(value))
    return [];
  return value.filter(isScalar).map(String);
});
var statusText = external_exports.unknown().optional().transform((value) => {
  const word = typeof value === "string" ? value.trim().toLowerCase() : "";
  return word === "firing" || word === "resolved" ? word : void 0;
});
var itemList = external_exports.array(external_exports.unknown());
function firstIssue(error) {
  const issue = error.issues[0];
  if (!issue)
    return "invalid";
  const path = issue.path.map(String).join(".");
  return path ? `${path} ${issue.message}` : issue.message;
}

// dist/alerts/container.js
var CONTAINER_ID = /^[0-9a-f]{12,64}$/;
var CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
function isValid(reference, kind) {
  if (kind === "id")
    return CONTAINER_ID.test(reference);
  if (kind === "name")
    return CONTAINER_NAME.test(reference);
  return CONTAINER_ID.test(reference) || CONTAINER_NAME.test(reference);
}
var KIND_WORDS = { id: "container id", name: "container name", "id-or-name": "container id or name" };
function normalize(value) {
  const cgroup = /(?:^|\/)(?:docker[-/])([0-9a-f]{64})(?:\.scope)?$/.exec(value);
  if (cgroup)
    return cgroup[1];
  return value.startsWith("/") ? value.slice(1) : value;
}
function describe(value) {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}\u2026` : value);
}
function resolveContainer(candidates) {
  const problems = [];
  for (const { field, value, kind } of candidates) {
    if (value === void 0 || value === null || value === "")
      continue;
    if (typeof value !== "string") {
      problems.push(`${field} is a ${typeof value}, not a ${KIND_WORDS[kind]}`);
      continue;
    }
    if (value === "host") {
      problems.push(`${field} is "host": the event happened on the host, outside any container`);
      continue;
    }
    if (value === "<NA>")
      continue;
    const reference = normalize(value);
    if (isValid(reference, kind))
      return { container: reference, containerProblem: void 0 };
    problems.push(`${field} ${describe(value)} is not a valid ${KIND_WORDS[kind]}`);
  }
  if (problems.length === 0) {
    const fields = candidates.map((c) => c.field).join(", ");
    return { container: void 0, containerProblem: `the alert names no container${fields ? ` (looked at ${fields})` : ""}` };
  }
  return { container: void 0, containerProblem: problems.join("; ") };
}
function containerCandidatesFromLabels(labels) {
  const keys = [
    ["container_id", "id"],
    ["id", "id"],
    ["container_name", "name"],
    ["container", "name"],
    ["name", "name"]
  ];
  return keys.filter(([key]) => Object.hasOwn(labels, key)).filter(([key]) => key !== "id" || /docker/.test(labels[key])).filter(([key]) => key !== "name" || Object.hasOwn(labels, "image")).map(([key, kind]) => ({ field: `labels.${key}`, value: labels[key], kind }));
}

// dist/alerts/priority.js
var PRIORITIES = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"];
var SYNONYMS = {
  emerg: "emergency",
  panic: "emergency",
  fatal: "critical",
  crit: "critical",
  page: "critical",
  disaster: "critical",
  p1: "critical",
  err: "error",
  high: "error",
  major: "error",
  p2: "error",
  warn: "warning",
  medium: "warning",
  moderate: "warning",
  minor: "warning",
  average: "warning",
  p3: "warning",
  low: "notice",
  p4: "notice",
  info: "informational",
  information: "informational",
  p5: "informational",
  none: "informational",
  trace: "debug"
};
function normalizePriority(value) {
  if (typeof value === "number")
    return Number.isInteger(value) ? PRIORITIES[value] : void 0;
  if (typeof value !== "string")
    return void 0;
  const word = value.trim().toLowerCase();
  if (PRIORITIES.includes(word))
    return word;
  if (Object.hasOwn(SYNONYMS, word))
    return SYNONYMS[word];
  return /^[0-7]$/.test(word) ? PRIORITIES[Number(word)] : void 0;
}
function priorityRank(priority) {
  return PRIORITIES.length - 1 - PRIORITIES.indexOf(priority);
}
var CONDITION = /^\s*(>=|<=|==|!=|=|>|<)?\s*([A-Za-z0-9]+)\s*$/;
function parsePriorityCondition(text) {
  const match = CONDITION.exec(text);
  if (!match)
    return { problem: `priority condition "${text}" is not "<operator> <priority>", e.g. ">= warning"` };
  const priority = normalizePriority(match[2]);
  if (!priority)
    return { problem: `priority condition "${text}" names an unknown priority; use one of ${PRIORITIES.join(", ")}` };
  const operator = match[1] === "=" || match[1] === void 0 ? "==" : match[1];
  return { operator, priority };
}
function satisfiesPriority(actual, condition) {
  const a = priorityRank(actual);
  const b = priorityRank(condition.priority);
  switch (condition.operator) {
    case ">=":
      return a >= b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case "<":
      return a < b;
    case "==":
      return a === b;
    case "!=":
      return a !== b;
  }
}

// dist/alerts/rejection.js
var AlertRejectedError = class extends IrctlError {
  httpStatus;
  reason;
  constructor(reason, httpStatus, options = {}) {
    super("ALERT_REJECTED", ExitCode.USAGE, `alert payload rejected: ${reason}`, options);
    this.reason = reason;
    this.httpStatus = httpStatus;
  }
};
function rejectShape(source, reason) {
  return new AlertRejectedError(`not a usable ${source} payload: ${reason}`, 422, {
    hint: `see docs/alerts.md for the ${source} payload irctl accepts`,
    details: { source }
  });
}

// dist/alerts/sanitize.js
var PAYLOAD_LIMITS = {
  maxDepth: 32,
  maxValues: 1e5,
  // every object, array and scalar counts
  maxStringLength: 32768,
  // longer strings are cut, not rejected
  maxKeyLength: 1024
};
var DANGEROUS_KEYS = /* @__PURE__ */ new Set(["__proto__", "constructor", "prototype"]);
var UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
function cleanString(text, counters, limit) {
  let result = text;
  if (result.length > limit) {
    result = `${result.slice(0, limit)}\u2026[truncated ${result.length - limit} characters]`;
    counters.truncated++;
  }
  if (UNSAFE_CHARACTERS.test(result)) {
    UNSAFE_CHARACTERS.lastIndex = 0;
    result = result.replace(UNSAFE_CHARACTERS, "\uFFFD");
    counters.replaced++;
  }
  return result;
}
function copy(value, depth, counters) {
  if (++counters.values > PAYLOAD_LIMITS.maxValues) {
    throw new AlertRejectedError(`payload holds more than ${PAYLOAD_LIMITS.maxValues} values`, 400);
  }
  if (value === null || typeof value === "number" || typeof value === "boolean") {
    return typeof value === "number" && !Number.isFinite(value) ? null : value;
  }
  if (typeof value === "string")
    return cleanString(value, counters, PAYLOAD_LIMITS.maxStringLength);
  if (typeof value !== "object")
    return null;
  if (depth >= PAYLOAD_LIMITS.maxDepth) {
    throw new AlertRejectedError(`payload is nested deeper than ${PAYLOAD_LIMITS.maxDepth} levels`, 400);
  }
  if (Array.isArray(value))
    return value.map((item) => copy(item, depth + 1, counters));
  const result = {};
  for (const key of Object.keys(value)) {
    if (DANGEROUS_KEYS.has(key)) {
      counters.droppedKeys++;
      continue;
    }
    const cleanKey = cleanString(key, counters, PAYLOAD_LIMITS.maxKeyLength);
    result[cleanKey] = copy(value[key], depth + 1, counters);
  }
  return result;
}
function sanitizePayload(payload) {
  const counters = { values: 0, droppedKeys: 0, truncated: 0, replaced: 0 };
  const value = copy(payload, 0, counters);
  const notes = [];
  if (counters.droppedKeys)
    notes.push(`dropped ${counters.droppedKeys} key(s) named __proto__, constructor or prototype`);
  if (counters.truncated)
    notes.push(`cut ${counters.truncated} string(s) longer than ${PAYLOAD_LIMITS.maxStringLength} characters`);
  if (counters.replaced)
    notes.push(`replaced control or bidi-override characters in ${counters.replaced} string(s)`);
  return { value, notes };
}
var ALERT_TEXT_LIMITS = { rule: 256, summary: 1024, host: 253, input: 4096 };
var LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
function alertLine(text, max, mark = "\u2026") {
  let line = text.replace(LINE_BREAKS, " ").replace(UNSAFE_CHARACTERS, "");
  if (line.length > max)
    line = `${line.slice(0, Math.max(0, max - mark.length))}${mark}`;
  return line;
}

// dist/alerts/parsers/define.js
var MAX_ALERTS_PER_PAYLOAD = 1e3;
function defineParser(spec) {
  return {
    source: spec.source,
    recognizes: (payload) => {
      try {
        return spec.recognizes(payload);
      } catch {
        return false;
      }
    },
    parse(payload) {
      const { value, notes } = sanitizePayload(payload);
      const results = spec.parseSanitized(value);
      if (results.length > MAX_ALERTS_PER_PAYLOAD) {
        throw rejectShape(spec.source, `${results.length} alerts in one payload; at most ${MAX_ALERTS_PER_PAYLOAD} are accepted`);
      }
      const alerts = [];
      const skipped = [];
      results.forEach((result, index) => {
        if ("skip" in result)
          skipped.push({ index, reason: result.skip });
        else
          alerts.push({ ...result, ...boundedTitles(result), notes: [...notes, ...result.notes] });
      });
      if (alerts.length === 0) {
        const reason = skipped.length === 0 ? "it holds no alerts" : skipped.map((s) => results.length > 1 ? `item ${s.index}: ${s.reason}` : s.reason).join("; ");
        throw rejectShape(spec.source, reason);
      }
      return { source: spec.source, alerts, skipped, truncatedAlerts: spec.truncatedAlerts?.(value) ?? 0 };
    }
  };
}
function boundedTitles(alert) {
  return {
    rule: alertLine(alert.rule, ALERT_TEXT_LIMITS.rule),
    summary: alertLine(alert.summary, ALERT_TEXT_LIMITS.summary),
    ...alert.host === void 0 ? {} : { host: alertLine(alert.host, ALERT_TEXT_LIMITS.host) }
  };
}
function parseItem(schema, item) {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    return { skip: `expected an object, got ${item === null ? "null" : Array.isArray(item) ? "an array" : typeof item}` };
  }
  const result = schema.safeParse(item);
  return result.success ? result.data : { skip: firstIssue(result.error) };
}
var isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
function itemsOf(payload) {
  return Array.isArray(payload) ? payload : [payload];
}

// dist/alerts/parsers/prometheus-style.js
var notificationSchema = external_exports.object({
  version: looseText,
  status: statusText,
  receiver: looseText,
  groupKey: looseText,
  commonLabels: stringMap,
  commonAnnotations: stringMap,
  alerts: itemList
});
var alertItemSchema = external_exports.object({
  status: statusText,
  labels: stringMap,
  annotations: stringMap,
  startsAt: external_exports.unknown().optional(),
  endsAt: external_exports.unknown().optional(),
  fingerprint: looseText
});
var FINGERPRINT = /^[0-9A-Za-z_-]{1,128}$/;
function parseNotification(source, payload) {
  if (!isObject(payload))
    throw rejectShape(source, 'expected a JSON object with an "alerts" list');
  const result = notificationSchema.safeParse(payload);
  if (!result.success)
    throw rejectShape(source, firstIssue(result.error));
  return result.data;
}
function truncatedAlertsOf(payload) {
  if (!isObject(payload))
    return 0;
  const value = typeof payload.truncatedAlerts === "string" ? Number(payload.truncatedAlerts) : payload.truncatedAlerts;
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 0;
}
function looksLikeNotification(payload) {
  return isObject(payload) && Array.isArray(payload.alerts) && payload.alerts.some((a) => isObject(a) && isObject(a.labels));
}
function statusOf(item, notification, endsAt, now) {
  if (item.status)
    return item.status;
  if (notification.status)
    return notification.status;
  return endsAt && Date.parse(endsAt) <= now ? "resolved" : "firing";
}
function fingerprintFor(source, item, labels) {
  if (item.fingerprint && FINGERPRINT.test(item.fingerprint))
    return item.fingerprint;
  const pairs = Object.keys(labels).sort().map((key) => `${key}=${labels[key]}`);
  return fingerprintOf(source, pairs);
}
function buildAlert(source, notification, raw, extraFields = () => ({})) {
  const item = parseItem(alertItemSchema, raw);
  if ("skip" in item)
    return item;
  const notes = [];
  const labels = { ...notification.commonLabels, ...item.labels };
  const annotations = { ...notification.commonAnnotations, ...item.annotations };
  const rule = labels.alertname?.trim();
  if (!rule)
    return { skip: "labels.alertname is missing: nothing names this alert" };
  const severity = labels.severity ?? labels.priority ?? labels.level;
  const priority = normalizePriority(severity);
  if (severity !== void 0 && !priority)
    notes.push(`priority: severity label "${severity}" is not a known priority word`);
  const startsAt = toAlertTime(item.startsAt);
  const endsAt = toAlertTime(item.endsAt);
  if (item.startsAt !== void 0 && item.startsAt !== null && !startsAt && !isZeroTime(item.startsAt))
    notes.push("startsAt is not a time; ignored");
  const status = statusOf(item, notification, endsAt, Date.now());
  return {
    source,
    status,
    fingerprint: fingerprintFor(source, item, labels),
    rule,
    priority,
    labels,
    annotations,
    tags: [],
    output_fields: extraFields(raw),
    ...resolveContainer(containerCandidatesFromLabels(labels)),
    host: labels.host ?? labels.hostname ?? labels.instance ?? labels.nodename,
    startsAt,
    endsAt,
    summary: annotations.summary ?? annotations.description ?? annotations.message ?? rule,
    notes,
    raw
  };
}
function isZeroTime(value) {
  return typeof value === "string" && value.startsWith("0001-01-01");
}

// dist/alerts/parsers/alertmanager.js
var alertmanagerParser = defineParser({
  source: "alertmanager",
  recognizes: (payload) => looksLikeNotification(payload) && !("orgId" in payload) && (payload.version === "4" || "groupKey" in payload || "receiver" in payload),
  truncatedAlerts: truncatedAlertsOf,
  parseSanitized(payload) {
    const notification = parseNotification("alertmanager", payload);
    const results = notification.alerts.map((item) => buildAlert("alertmanager", notification, item));
    if (notification.version !== void 0 && notification.version !== "4") {
      for (const result of results)
        if (!("skip" in result))
          result.notes.push(`webhook version "${notification.version}"; read as version 4`);
    }
    return results;
  }
});

// dist/alerts/parsers/docker-events.js
var dockerEventSchema = external_exports.object({
  Type: looseText,
  Action: looseText,
  status: looseText,
  id: looseText,
  from: looseText,
  Actor: external_exports.unknown().optional().transform((value) => isObject(value) ? value : {}).pipe(external_exports.object({ ID: looseText, Attributes: stringMap })),
  scope: looseText,
  time: external_exports.unknown().optional(),
  timeNano: external_exports.unknown().optional()
});
var ENGINE_ATTRIBUTES = /* @__PURE__ */ new Set(["name", "image", "exitCode", "execID", "signal", "container", "type", "driver"]);
function buildDockerAlert(raw) {
  const message = parseItem(dockerEventSchema, raw);
  if ("skip" in message)
    return message;
  const action = (message.Action ?? message.status)?.trim();
  if (!action)
    return { skip: "Action is missing: nothing says what happened" };
  const type = message.Type ?? (message.id ? "container" : void 0);
  if (!type)
    return { skip: "Type is missing: cannot tell what kind of object the event is about" };
  const separator = action.indexOf(":");
  const event = separator < 0 ? action : action.slice(0, separator).trim();
  const detail = separator < 0 ? void 0 : action.slice(separator + 1).trim();
  const attributes = message.Actor.Attributes;
  const actorId = message.Actor.ID ?? message.id;
  const candidates = type === "container" ? [
    { field: "Actor.ID", value: actorId, kind: "id" },
    { field: "Actor.Attributes.name", value: attributes.name, kind: "name" }
  ] : [{ field: "Actor.Attributes.container", value: attributes.container, kind: "id" }];
  const reference = resolveContainer(candidates);
  const labels = type === "container" ? Object.fromEntries(Object.entries(attributes).filter(([key]) => !ENGINE_ATTRIBUTES.has(key))) : {};
  const fields = { "docker.type": type, "docker.action": action };
  if (detail !== void 0)
    fields["docker.detail"] = detail;
  if (type === "container" && actorId)
    fields["container.id"] = actorId;
  if (attributes.name !== void 0)
    fields[type === "container" ? "container.name" : `${type}.name`] = attributes.name;
  if (attributes.image ?? message.from)
    fields["container.image"] = attributes.image ?? message.from ?? null;
  if (attributes.exitCode !== void 0)
    fields["exit.code"] = attributes.exitCode;
  if (attributes.execID !== void 0)
    fields["exec.id"] = attributes.execID;
  if (attributes.signal !== void 0)
    fields.signal = attributes.signal;
  return {
    source: "docker",
    status: "firing",
    fingerprint: fingerprintOf("docker", [type, event, reference.container ?? actorId]),
    rule: event,
    event,
    labels,
    annotations: {},
    tags: [],
    output_fields: fields,
    ...reference,
    startsAt: eventTime(message.time, message.timeNano),
    summary: `docker ${type} ${action}${attributes.name ? ` (${attributes.name})` : actorId ? ` (${actorId.slice(0, 12)})` : ""}`,
    notes: [],
    raw
  };
}
function eventTime(seconds, nanoseconds) {
  const nanos = typeof nanoseconds === "string" && /^\d{1,20}$/.test(nanoseconds) ? Number(nanoseconds) : nanoseconds;
  if (typeof seconds === "number" && typeof nanos === "number" && Math.floor(nanos / 1e9) !== seconds) {
    return toAlertTime(seconds);
  }
  return toAlertTime(typeof nanos === "number" ? nanos : seconds);
}
var looksLikeDockerEvent = (item) => isObject(item) && (typeof item.Type === "string" && typeof item.Action === "string" || typeof item.status === "string" && typeof item.id === "string" && "from" in item);
var dockerEventsParser = defineParser({
  source: "docker",
  recognizes: (payload) => itemsOf(payload).length > 0 && itemsOf(payload).every(looksLikeDockerEvent),
  parseSanitized: (payload) => itemsOf(payload).map(buildDockerAlert)
});

// dist/alerts/parsers/falco.js
var falcoEventSchema = external_exports.object({
  rule: requiredText,
  priority: external_exports.unknown().optional(),
  output: looseText,
  output_fields: fieldMap,
  tags: stringList,
  hostname: looseText,
  source: looseText,
  time: external_exports.unknown().optional(),
  uuid: looseText
});
function buildFalcoAlert(raw) {
  const event = parseItem(falcoEventSchema, raw);
  if ("skip" in event)
    return event;
  const notes = [];
  const fields = event.output_fields;
  const priority = normalizePriority(event.priority);
  if (!priority)
    notes.push(event.priority === void 0 ? "priority: missing" : `priority: "${String(event.priority)}" is not a Falco priority`);
  const reference = resolveContainer([
    { field: "output_fields['container.id']", value: fields["container.id"], kind: "id" },
    { field: "output_fields['container.name']", value: fields["container.name"], kind: "name" }
  ]);
  return {
    source: "falco",
    status: "firing",
    // Falco reports events; nothing resolves them
    fingerprint: fingerprintOf("falco", [event.rule, event.source, reference.container, event.hostname]),
    rule: event.rule,
    priority,
    labels: {},
    annotations: {},
    tags: event.tags,
    output_fields: fields,
    ...reference,
    host: event.hostname,
    startsAt: toAlertTime(event.time) ?? toAlertTime(fields["evt.time"]),
    summary: event.output ?? event.rule,
    notes,
    raw
  };
}
var looksLikeFalcoEvent = (item) => isObject(item) && typeof item.rule === "string" && ("output" in item || "time" in item && "priority" in item && "output_fields" in item);
var falcoParser = defineParser({
  source: "falco",
  recognizes: (payload) => itemsOf(payload).length > 0 && itemsOf(payload).every(looksLikeFalcoEvent),
  parseSanitized: (payload) => itemsOf(payload).map(buildFalcoAlert)
});

// dist/alerts/parsers/generic.js
var genericAlertSchema = external_exports.object({
  rule: requiredText.describe("what fired: the rule or check name (required)"),
  status: statusText.describe('"firing" (default) or "resolved"'),
  priority: external_exports.unknown().optional().describe("a Falco priority (emergency \u2026 debug) or a common severity word (critical, high, warning, info)"),
  summary: looseText.describe("one line for humans"),
  container: looseText.describe("the container id or name the alert is about"),
  host: looseText.describe("the Docker host or machine"),
  fingerprint: looseText.describe('identifies "the same alert" for dedupe; computed when absent'),
  labels: stringMap.describe("string \u2192 string"),
  annotations: stringMap.describe("string \u2192 string"),
  tags: stringList.describe("list of strings"),
  output_fields: fieldMap.describe("string \u2192 string | number | boolean | null"),
  startsAt: external_exports.unknown().optional().describe("RFC 3339 time or epoch seconds/ms"),
  endsAt: external_exports.unknown().optional().describe("RFC 3339 time or epoch seconds/ms")
});
var FINGERPRINT2 = /^[\x21-\x7E]{1,128}$/;
function buildGenericAlert(raw) {
  const item = parseItem(genericAlertSchema, raw);
  if ("skip" in item)
    return item;
  const notes = [];
  const priority = normalizePriority(item.priority);
  if (item.priority !== void 0 && item.priority !== null && !priority)
    notes.push(`priority: "${String(item.priority)}" is not a known priority word`);
  const reference = resolveContainer([{ field: "container", value: item.container, kind: "id-or-name" }]);
  const labelPairs = Object.keys(item.labels).sort().map((key) => `${key}=${item.labels[key]}`);
  let fingerprint = item.fingerprint;
  if (fingerprint !== void 0 && !FINGERPRINT2.test(fingerprint)) {
    notes.push("fingerprint: not 1\u2013128 printable characters; computed instead");
    fingerprint = void 0;
  }
  return {
    source: "generic",
    status: item.status ?? "firing",
    fingerprint: fingerprint ?? fingerprintOf("generic", [item.rule, reference.container, item.host, ...labelPairs]),
    rule: item.rule,
    priority,
    labels: item.labels,
    annotations: item.annotations,
    tags: item.tags,
    output_fields: item.output_fields,
    ...reference,
    host: item.host,
    startsAt: toAlertTime(item.startsAt),
    endsAt: toAlertTime(item.endsAt),
    summary: item.summary ?? item.rule,
    notes,
    raw
  };
}
function genericItems(payload) {
  return isObject(payload) && Array.isArray(payload.alerts) ? payload.alerts : itemsOf(payload);
}
var looksLikeGenericAlert = (item) => isObject(item) && typeof item.rule === "string" && !("output" in item) && !("output_fields" in item && "priority" in item && "time" in item);
var genericParser = defineParser({
  source: "generic",
  recognizes: (payload) => genericItems(payload).length > 0 && genericItems(payload).every(looksLikeGenericAlert),
  parseSanitized: (payload) => genericItems(payload).map(buildGenericAlert)
});

// dist/alerts/parsers/grafana.js
function grafanaFields(raw) {
  const fields = {};
  if (isObject(raw.values)) {
    for (const [ref, value] of Object.entries(raw.values)) {
      if (typeof value === "number" || typeof value === "string" || typeof value === "boolean" || value === null)
        fields[`values.${ref}`] = value;
    }
  }
  if (typeof raw.valueString === "string" && raw.valueString !== "")
    fields.valueString = raw.valueString;
  return fields;
}
var grafanaParser = defineParser({
  source: "grafana",
  recognizes: (payload) => looksLikeNotification(payload) && ("orgId" in payload || payload.version === "1" || payload.alerts.some((a) => isObject(a) && ("silenceURL" in a || "values" in a || "valueString" in a))),
  truncatedAlerts: truncatedAlertsOf,
  parseSanitized(payload) {
    const notification = parseNotification("grafana", payload);
    return notification.alerts.map((item) => buildAlert("grafana", notification, item, grafanaFields));
  }
});

// dist/alerts/parsers/index.js
var alertParsers = {
  docker: dockerEventsParser,
  grafana: grafanaParser,
  alertmanager: alertmanagerParser,
  falco: falcoParser,
  generic: genericParser
};
function isAlertSource(value) {
  return ALERT_SOURCES.includes(value);
}
function detectAlertSource(payload) {
  for (const parser of Object.values(alertParsers))
    if (parser.recognizes(payload))
      return parser.source;
  throw new UsageError("cannot tell which source sent this payload: it has the shape of no known alert payload", {
    hint: `name it: --source ${ALERT_SOURCES.join("|")} (docs/alerts.md shows each shape)`
  });
}
function parseAlertPayload(source, payload) {
  return alertParsers[source].parse(payload);
}

// dist/alerts/match.js
function alertScope(alert) {
  return { alert };
}
var own = (record, key) => Object.hasOwn(record, key);
function explainTrigger(trigger, alert) {
  const misses = [];
  if (trigger.source !== alert.source)
    return [`source is ${alert.source}, the trigger wants ${trigger.source}`];
  if (trigger.rule !== void 0 && trigger.rule !== alert.rule)
    misses.push(`rule is "${alert.rule}", the trigger wants "${trigger.rule}"`);
  if (trigger.alertname !== void 0 && trigger.alertname !== alert.rule)
    misses.push(`alertname is "${alert.rule}", the trigger wants "${trigger.alertname}"`);
  if (trigger.event !== void 0 && trigger.event !== alert.event)
    misses.push(`event is ${alert.event ? `"${alert.event}"` : "not set"}, the trigger wants "${trigger.event}"`);
  if (trigger.priority !== void 0) {
    const condition = parsePriorityCondition(trigger.priority);
    if ("problem" in condition)
      misses.push(condition.problem);
    else if (!alert.priority)
      misses.push(`the alert has no priority, the trigger wants ${trigger.priority}`);
    else if (!satisfiesPriority(alert.priority, condition))
      misses.push(`priority is ${alert.priority}, the trigger wants ${trigger.priority}`);
  }
  for (const [key, wanted] of Object.entries(trigger.labels ?? {})) {
    const actual = own(alert.labels, key) ? alert.labels[key] : void 0;
    if (actual !== wanted)
      misses.push(`label ${key} is ${actual === void 0 ? "not set" : `"${actual}"`}, the trigger wants "${wanted}"`);
  }
  const missingTags = (trigger.tags ?? []).filter((tag) => !alert.tags.includes(tag));
  if (missingTags.length)
    misses.push(`tags lack ${missingTags.join(", ")}`);
  for (const [key, wanted] of Object.entries(trigger.output_fields ?? {})) {
    const actual = own(alert.output_fields, key) ? alert.output_fields[key] : void 0;
    if (actual === void 0 || actual === null || String(actual) !== wanted) {
      misses.push(`output field ${key} is ${actual === void 0 || actual === null ? "not set" : JSON.stringify(actual)}, the trigger wants "${wanted}"`);
    }
  }
  if (trigger.if !== void 0 && misses.length === 0) {
    try {
      if (!isTruthy(evaluate(trigger.if, alertScope(alert))))
        misses.push(`if: ${trigger.if} is false`);
    } catch (error) {
      if (!(error instanceof ExpressionError))
        throw error;
      misses.push(`if: ${trigger.if} cannot be evaluated: ${error.message}`);
    }
  }
  return misses;
}
function resolveTriggerInputs(trigger, alert) {
  const values = {};
  const problems = [];
  for (const [name, template] of Object.entries(trigger.inputs)) {
    try {
      const value = interpolate(template, alertScope(alert));
      values[name] = typeof value === "string" ? alertLine(value, ALERT_TEXT_LIMITS.input, "") : value;
    } catch (error) {
      if (!(error instanceof ExpressionError))
        throw error;
      problems.push(`input "${name}": ${JSON.stringify(template)} cannot be evaluated: ${error.message}`);
    }
  }
  return { values, problems };
}
function matchAlert(runbooks, alert) {
  const matches = [];
  for (const runbook of runbooks) {
    const triggerIndex = runbook.triggers.findIndex((trigger2) => explainTrigger(trigger2, alert).length === 0);
    if (triggerIndex < 0)
      continue;
    const trigger = runbook.triggers[triggerIndex];
    const resolved = resolveTriggerInputs(trigger, alert);
    const checked = checkRunbookInputs(runbook, resolved.values);
    matches.push({ runbook, triggerIndex, trigger, inputs: checked.inputs, inputProblems: [...resolved.problems, ...checked.problems] });
  }
  return matches;
}

// dist/alerts/lossless-json.js
function parseJsonLossless(text) {
  const rewritten = quoteUnsafeIntegers(text);
  if (rewritten === text)
    return JSON.parse(text);
  try {
    return JSON.parse(rewritten);
  } catch {
    return JSON.parse(text);
  }
}
var NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
function quoteUnsafeIntegers(text) {
  let out = "";
  let copiedTo = 0;
  let inString = false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\")
        i++;
      else if (char === '"')
        inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    if (char === "[" || char === "{") {
      if (++depth > PAYLOAD_LIMITS.maxDepth)
        throw new AlertRejectedError(`payload is nested deeper than ${PAYLOAD_LIMITS.maxDepth} levels`, 400);
      continue;
    }
    if (char === "]" || char === "}") {
      depth--;
      continue;
    }
    if (char !== "-" && (char < "0" || char > "9"))
      continue;
    NUMBER.lastIndex = i;
    const token = NUMBER.exec(text)?.[0];
    if (!token)
      continue;
    if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(copiedTo, i)}"${token}"`;
      copiedTo = i + token.length;
    }
    i += token.length - 1;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

// dist/alerts/payload-text.js
function parsePayloadText(text) {
  try {
    return parseJsonLossless(text);
  } catch (error) {
    if (error instanceof AlertRejectedError)
      throw error;
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
    if (lines.length > 1) {
      return lines.map((line, index) => {
        try {
          return parseJsonLossless(line);
        } catch (lineError) {
          if (lineError instanceof AlertRejectedError)
            throw lineError;
          throw new AlertRejectedError(`line ${index + 1} is not JSON: ${lineError.message}`, 400);
        }
      });
    }
    throw new AlertRejectedError(`body is not JSON: ${error.message}`, 400, { cause: error });
  }
}

export {
  ALERT_SOURCES,
  AlertRejectedError,
  explainTrigger,
  matchAlert,
  isAlertSource,
  detectAlertSource,
  parseAlertPayload,
  parsePayloadText
};
