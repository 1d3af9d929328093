import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  listEvidence,
  verifyEvidenceFile
} from "./chunk-WANTOCUW.js";
import {
  listCustody,
  listCustodyActs
} from "./chunk-5G4DN3AP.js";
import {
  findingOutputs,
  saveFindings
} from "./chunk-LMXY6P3R.js";
import {
  MAX_OBJECT_REF,
  OBJECT_REF,
  dockerCall,
  engineInfo
} from "./chunk-WWDZUR2Q.js";
import {
  durationSchema,
  isRange,
  parseDuration,
  rangeContains
} from "./chunk-PCPY3B3D.js";
import {
  external_exports
} from "./chunk-6GUQTYHU.js";
import {
  ActionFailedError,
  IntegrityError,
  NotFoundError,
  RefusedError,
  UsageError
} from "./chunk-HPPMOGYY.js";

// dist/text.js
function plural(count, singular, pluralForm = `${singular}s`) {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

// dist/actions/contract.js
function defineAction(definition) {
  return definition;
}

// dist/actions/core/log.js
var coreLog = defineAction({
  name: "core.log",
  phase: "core",
  summary: "Write a message to the incident timeline (and the run log).",
  params: external_exports.object({ message: external_exports.string().describe("text to record") }).strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: note
  uses: core.log
  with: { message: "containment done" }`,
  async run({ params: params3, log }) {
    log.info({ message: params3.message }, "core.log");
    return { kind: "done", summary: params3.message, outputs: { message: params3.message } };
  }
});

// dist/actions/core/sleep.js
import { setTimeout as delay } from "node:timers/promises";
var coreSleep = defineAction({
  name: "core.sleep",
  phase: "core",
  summary: "Wait for a duration (e.g. to let a service settle). Abortable.",
  params: external_exports.object({ duration: durationSchema.describe("e.g. 500ms, 10s, 2m") }).strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: settle
  uses: core.sleep
  with: { duration: 2s }`,
  async run({ params: params3, signal }) {
    const ms = parseDuration(params3.duration);
    await delay(ms, void 0, { signal });
    return { kind: "done", summary: `waited ${params3.duration}`, outputs: { waited_ms: ms } };
  }
});

// dist/actions/core/fail.js
var coreFail = defineAction({
  name: "core.fail",
  phase: "core",
  summary: "Fail on purpose (tests, and runbooks that must stop with a message).",
  params: external_exports.object({ message: external_exports.string().default("failed on purpose") }).strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: stop-here
  uses: core.fail
  with: { message: "not supported yet" }`,
  async run({ params: params3 }) {
    throw new ActionFailedError(params3.message);
  }
});

// dist/actions/exec/host.js
var execHost = defineAction({
  name: "exec.host",
  phase: "core",
  summary: "Run a program on the irctl host with an argument array (no shell); capture its output.",
  params: external_exports.object({
    command: external_exports.array(external_exports.string()).min(1).describe("program and arguments, e.g. [journalctl, -u, docker.service]"),
    timeout: durationSchema.default("60s"),
    allow_failure: external_exports.boolean().default(false).describe("a non-zero exit is recorded, not a failure"),
    cwd: external_exports.string().optional()
  }).strict(),
  idempotent: false,
  auto: false,
  requires: [],
  example: `- id: host-uptime
  uses: exec.host
  with: { command: [uptime] }`,
  async run({ params: params3, signal }) {
    const [file, ...args] = params3.command;
    const { execa } = await import("./execa-HUOKVZ7B.js");
    const result = await execa(file, args, {
      timeout: parseDuration(params3.timeout),
      cancelSignal: signal,
      reject: false,
      shell: false,
      cwd: params3.cwd,
      stdin: "ignore",
      maxBuffer: 16 * 1024 * 1024
    });
    if (result.failed && !(params3.allow_failure && result.exitCode !== void 0)) {
      const why = result.timedOut ? "timed out" : result.exitCode !== void 0 ? `exited ${result.exitCode}` : result.shortMessage;
      throw new ActionFailedError(`${params3.command.join(" ")} ${why}: ${String(result.stderr).slice(0, 500)}`);
    }
    return {
      kind: "done",
      summary: `${file} exited ${result.exitCode}`,
      outputs: { exit_code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) }
    };
  }
});

// dist/actions/firewall/block.js
import { isIP as isIP2 } from "node:net";

// dist/actions/firewall/protected-addresses.js
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
var ALWAYS_PROTECTED = [
  { range: "127.0.0.0/8", why: "loopback" },
  { range: "::1/128", why: "loopback" },
  { range: "0.0.0.0/32", why: "the unspecified address" },
  { range: "::/128", why: "the unspecified address" },
  { range: "255.255.255.255/32", why: "broadcast" },
  { range: "224.0.0.0/4", why: "multicast" },
  { range: "ff00::/8", why: "multicast" },
  { range: "::ffff:0:0/96", why: "an IPv4-mapped address (give the IPv4 address itself)" }
];
async function dockerGateways(docker, signal) {
  const networks = await docker.listNetworks({ abortSignal: signal });
  return networks.flatMap((network) => (network.IPAM?.Config ?? []).map((config) => config.Gateway ?? (network.Driver === "bridge" && config.Subnet ? firstHost(config.Subnet) : void 0)).filter((gateway) => typeof gateway === "string" && isIP(gateway) !== 0).map((gateway) => ({ range: gateway, why: `the gateway of Docker network ${network.Name}` })));
}
function firstHost(subnet) {
  const [base, prefix] = subnet.split("/");
  if (!base || isIP(base) !== 4 || Number(prefix) > 30)
    return void 0;
  const value = base.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const mask = Number(prefix) === 0 ? 0 : 4294967295 << 32 - Number(prefix) >>> 0;
  const first = ((value & mask) >>> 0) + 1;
  return [24, 16, 8, 0].map((shift) => first >>> shift & 255).join(".");
}
function hostAddresses() {
  return Object.entries(networkInterfaces()).flatMap(([name, entries]) => (entries ?? []).map((entry) => ({ range: entry.address.replace(/%.*$/, ""), why: `an address of this host (${name})` })));
}
function protectedMatch(address, protectedRanges) {
  return protectedRanges.find((entry) => rangeContains(entry.range, address));
}

// dist/actions/firewall/block.js
var ACTION = "firewall.block";
var params = external_exports.object({
  address: external_exports.string().max(64).refine((value) => isIP2(value) !== 0, "expected one IPv4 or IPv6 address").describe("the address to block (one address, not a range)"),
  chain: external_exports.string().regex(/^[A-Za-z0-9_-]{1,28}$/, "expected an iptables chain name").default("DOCKER-USER").describe("the chain that filters traffic to containers"),
  expires: durationSchema.default("24h").describe("how long the block holds; the rule stops matching after it"),
  allow: external_exports.array(external_exports.string().refine(isRange, "expected an IP address or CIDR")).default([]).describe("more addresses or CIDRs never to block, besides config block.allow"),
  host: external_exports.string().min(1).max(64).default("local").describe("the Docker host whose network gateways are protected")
}).strict();
var ruleSchema = external_exports.object({
  program: external_exports.enum(["iptables", "ip6tables"]),
  chain: external_exports.string(),
  address: external_exports.string(),
  expires_at: external_exports.string(),
  comment: external_exports.string()
});
var firewallBlock = defineAction({
  name: ACTION,
  phase: "containment",
  summary: "Drop traffic from one address on the host firewall (iptables), for a limited time; refuses loopback, Docker gateways, host addresses and the allow-list.",
  params,
  idempotent: true,
  auto: false,
  requires: ["network.list"],
  example: `- id: block-source
  uses: firewall.block
  with: { address: 203.0.113.7, expires: 24h }`,
  async check(ctx) {
    await refuseProtected(ctx);
  },
  async run(ctx) {
    const rule = earlierIntent(ctx) ?? newRule(ctx);
    if (await ruleExists(rule, ctx.signal))
      return done(rule, true);
    recordRule(ctx, "block-intended", rule);
    await iptables(rule.program, ["-I", rule.chain, ...ruleSpec(rule)], ctx.signal);
    recordRule(ctx, "contained", rule);
    return done(rule, false);
  },
  async undo(ctx, outcome) {
    const rule = ruleSchema.parse(outcome.outputs?.rule);
    await liftRule(ctx, rule);
  }
});
async function liftRule(ctx, rule) {
  const present = await ruleExists(rule, ctx.signal);
  if (present)
    await iptables(rule.program, ["-D", rule.chain, ...ruleSpec(rule)], ctx.signal);
  recordRule(ctx, "released", rule, { was_present: present });
  return present;
}
function unreleasedBlocks(db, incidentId) {
  const open = /* @__PURE__ */ new Map();
  for (const record of listCustody(db, incidentId)) {
    if (record.how?.action !== ACTION)
      continue;
    const parsed = ruleSchema.safeParse(record.details?.rule);
    if (!parsed.success)
      continue;
    const key = JSON.stringify(ruleSpec(parsed.data));
    if (record.act === "released")
      open.delete(key);
    else
      open.set(key, parsed.data);
  }
  return [...open.values()];
}
async function refuseProtected(ctx) {
  const { address } = ctx.params;
  const host = ctx.services.docker.host(ctx.params.host);
  const gateways = await dockerCall({ host: host.name, url: host.url, what: "list networks" }, () => dockerGateways(host.docker, ctx.signal), {
    signal: ctx.signal
  });
  const allowList = [
    ...(ctx.services.config?.block.allow ?? []).map((range) => ({ range, why: "on the allow-list (config block.allow)" })),
    ...ctx.params.allow.map((range) => ({ range, why: "on the step's allow list" }))
  ];
  const match = protectedMatch(address, [...ALWAYS_PROTECTED, ...gateways, ...hostAddresses(), ...allowList]);
  if (match) {
    throw new RefusedError(`refused to block ${address}: it is ${match.why}${match.range !== address ? ` (${match.range})` : ""}; blocking it would cut off the host or its containers`, {
      hint: "the address came from logs or an alert, which an attacker can write; check the evidence (irctl findings <incident>) and block the real source by hand if there is one"
    });
  }
}
function newRule(ctx) {
  const expiresAt = new Date(Date.now() + parseDuration(ctx.params.expires)).toISOString().slice(0, 19);
  return {
    program: isIP2(ctx.params.address) === 6 ? "ip6tables" : "iptables",
    chain: ctx.params.chain,
    address: ctx.params.address,
    expires_at: expiresAt,
    comment: `irctl ${ctx.incidentId} ${ctx.stepId} until ${expiresAt}Z`.slice(0, 255)
  };
}
function earlierIntent(ctx) {
  for (const record of listCustody(ctx.services.db, ctx.incidentId)) {
    if (record.act !== "block-intended" || record.how?.action !== ACTION || record.how?.step !== ctx.stepId)
      continue;
    const parsed = ruleSchema.safeParse(record.details?.rule);
    if (parsed.success && parsed.data.address === ctx.params.address && parsed.data.chain === ctx.params.chain)
      return parsed.data;
  }
  return void 0;
}
function ruleSpec(rule) {
  return ["-s", rule.address, "-m", "time", "--datestop", rule.expires_at, "-m", "comment", "--comment", rule.comment, "-j", "DROP"];
}
async function ruleExists(rule, signal) {
  const { execa } = await import("./execa-HUOKVZ7B.js");
  const result = await execa(rule.program, ["-C", rule.chain, ...ruleSpec(rule)], {
    reject: false,
    shell: false,
    stdin: "ignore",
    cancelSignal: signal,
    timeout: 3e4
  });
  if (result.exitCode === 0)
    return true;
  if (result.exitCode === 1 && /does a matching rule exist|Bad rule/i.test(String(result.stderr)))
    return false;
  throw new ActionFailedError(`${rule.program} -C ${rule.chain} failed: ${String(result.stderr || result.shortMessage).slice(0, 300)}`, {
    hint: `irctl must run as root on the Docker host, with ${rule.program} and the chain ${rule.chain} present (Docker creates DOCKER-USER)`
  });
}
async function iptables(program, args, signal) {
  const { execa } = await import("./execa-HUOKVZ7B.js");
  const result = await execa(program, args, { reject: false, shell: false, stdin: "ignore", cancelSignal: signal, timeout: 3e4 });
  if (result.exitCode !== 0)
    throw new ActionFailedError(`${program} ${args.slice(0, 2).join(" ")} failed: ${String(result.stderr || result.shortMessage).slice(0, 300)}`);
}
function recordRule(ctx, act, rule, details = {}) {
  ctx.custody.record({
    act,
    actor: ctx.actor,
    subject: rule.address,
    where: { host: "irctl-host", firewall: rule.program, chain: rule.chain },
    how: { action: ACTION, step: ctx.stepId },
    details: { rule, ...details }
  });
}
function done(rule, already) {
  return {
    kind: "done",
    summary: `${already ? "already blocking" : "blocked"} ${rule.address} in ${rule.chain} until ${rule.expires_at}Z (irctl release <incident> lifts it)`,
    outputs: { address: rule.address, chain: rule.chain, expires_at: `${rule.expires_at}Z`, rule }
  };
}

// dist/docker/selector.js
var COMPOSE_PROJECT_LABEL = "com.docker.compose.project";
var COMPOSE_SERVICE_LABEL = "com.docker.compose.service";
var MAX_SELECTOR_LENGTH = 256;
var MAX_LABELS = 8;
var MAX_LABEL_KEY = 128;
var MAX_LABEL_VALUE = 128;
var LABEL_KEY = /^[a-zA-Z0-9][a-zA-Z0-9._/-]*$/;
var LABEL_VALUE = /^[^,\s](?:[^,]*[^,\s])?$/;
var COMPOSE_PROJECT = /^[a-z0-9][a-z0-9_-]*$/;
var COMPOSE_SERVICE = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
var INVISIBLE = /[\p{Cc}\p{Cf}]/u;
var SELECTOR_FORMS = "a container id, a name, label:key=value[,key=value] or compose:<project>/<service>";
function invalid(text, why) {
  return new UsageError(`container selector ${JSON.stringify(text)} is invalid: ${why}`, { hint: `use ${SELECTOR_FORMS}` });
}
function parseSelector(text) {
  if (text.length === 0)
    throw invalid(text, "it is empty");
  if (text.length > MAX_SELECTOR_LENGTH)
    throw invalid(text.slice(0, 40) + "\u2026", `it is longer than ${MAX_SELECTOR_LENGTH} characters`);
  if (INVISIBLE.test(text))
    throw invalid(text, "it contains control or invisible characters");
  if (text.startsWith("label:"))
    return { kind: "labels", labels: parseLabels(text, text.slice("label:".length)) };
  if (text.startsWith("compose:"))
    return parseCompose(text, text.slice("compose:".length));
  const ref = text.replace(/^\//, "");
  if (!OBJECT_REF.test(ref) || ref.length > MAX_OBJECT_REF)
    throw invalid(text, 'a container id or name has only letters, digits, "_", "." and "-"');
  return { kind: "ref", ref };
}
function parseLabels(text, body) {
  const pairs = body.split(",");
  if (pairs.length > MAX_LABELS)
    throw invalid(text, `at most ${MAX_LABELS} labels`);
  const labels = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw invalid(text, `"${pair}" is not key=value`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (key.length > MAX_LABEL_KEY || !LABEL_KEY.test(key))
      throw invalid(text, `label key "${key}" is not a valid label key`);
    if (value.length > MAX_LABEL_VALUE || !LABEL_VALUE.test(value)) {
      throw invalid(text, `label value for "${key}" must be 1-${MAX_LABEL_VALUE} characters without "," or surrounding spaces`);
    }
    if (key in labels)
      throw invalid(text, `label "${key}" is given twice`);
    labels[key] = value;
  }
  return labels;
}
function parseCompose(text, body) {
  const parts = body.split("/");
  const [project, service] = parts;
  if (parts.length !== 2 || !project || !service)
    throw invalid(text, "expected compose:<project>/<service>");
  if (!COMPOSE_PROJECT.test(project))
    throw invalid(text, `"${project}" is not a Compose project name (lower-case letters, digits, "_" and "-")`);
  if (!COMPOSE_SERVICE.test(service))
    throw invalid(text, `"${service}" is not a Compose service name`);
  return { kind: "labels", labels: { [COMPOSE_PROJECT_LABEL]: project, [COMPOSE_SERVICE_LABEL]: service } };
}
function labelFilters(labels) {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`);
}

// dist/docker/scope.js
var OutOfScopeError = class extends RefusedError {
};
function globMatches(pattern, text) {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(text);
}
function ruleMatches(rule, container) {
  if (rule.hosts && !rule.hosts.includes(container.host))
    return false;
  for (const [key, value] of Object.entries(rule.labels ?? {})) {
    if (!Object.hasOwn(container.labels, key) || container.labels[key] !== value)
      return false;
  }
  if (rule.compose_projects && !rule.compose_projects.includes(container.labels[COMPOSE_PROJECT_LABEL] ?? ""))
    return false;
  if (rule.names && !rule.names.some((pattern) => globMatches(pattern, container.name)))
    return false;
  return true;
}
function describeRule(rule) {
  const parts = [];
  if (rule.hosts)
    parts.push(`on host ${rule.hosts.join("|")}`);
  for (const [key, value] of Object.entries(rule.labels ?? {}))
    parts.push(`label ${key}=${value}`);
  if (rule.compose_projects)
    parts.push(`compose project ${rule.compose_projects.join("|")}`);
  if (rule.names)
    parts.push(`name ${rule.names.join("|")}`);
  return parts.length ? parts.join(" and ") : "any container";
}
var describeRules = (rules) => rules.length ? rules.map(describeRule).join("; or ") : "nothing (the scope list is empty)";
function outOfScopeReason(container, serverRules, keyRules) {
  if (!serverRules.some((rule) => ruleMatches(rule, container))) {
    return `container "${container.name}" on host "${container.host}" is outside the server's scope (${describeRules(serverRules)}): alerts may act only on containers opted in`;
  }
  if (keyRules && keyRules.length > 0 && !keyRules.some((rule) => ruleMatches(rule, container))) {
    return `container "${container.name}" on host "${container.host}" is outside this API key's scope (${describeRules(keyRules)})`;
  }
  return void 0;
}
function enforceScope(container, scope) {
  const reason = outOfScopeReason(container, scope.server, scope.key);
  if (!reason)
    return;
  throw new OutOfScopeError(`refused: ${reason}; this incident was opened by an alert and its steps act only within the scope recorded when it opened`, {
    hint: "to act on it, open an incident from the CLI (irctl run), or opt the container in (config.yaml scope)",
    details: { container_id: container.id, container_name: container.name, host: container.host, reason }
  });
}

// dist/docker/target.js
var targetParams = {
  container: external_exports.string().min(1).max(MAX_SELECTOR_LENGTH).regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters").describe(SELECTOR_FORMS),
  host: external_exports.string().min(1).max(64).default("local").describe("Docker host name from the config file (default: local)")
};
var MIN_ALERT_ID_PREFIX = 12;
function refNamesExactly(ref, info) {
  if (ref === info.Id || info.Name.replace(/^\//, "") === ref)
    return true;
  return ref.length >= MIN_ALERT_ID_PREFIX && /^[0-9a-f]+$/.test(ref) && info.Id.startsWith(ref);
}
var MAX_LISTED_MATCHES = 10;
async function resolveContainer(hosts, target, options = {}) {
  const selector = parseSelector(target.container);
  const host = hosts.host(target.host ?? "local");
  const containerId = selector.kind === "ref" ? selector.ref : await findByLabels(host, target.container, selector, options.signal);
  const op = { host: host.name, url: host.url, what: `inspect container "${target.container}"` };
  const info = await inspectOrNotFound(host.docker, containerId, op, options.signal, target.container, options.shareInspect);
  if (options.strictRef && selector.kind === "ref" && !refNamesExactly(selector.ref, info)) {
    throw new NotFoundError(`container "${target.container}" not found on host "${host.name}": it is neither a name nor an id prefix of at least ${MIN_ALERT_ID_PREFIX} hex digits`, {
      hint: `name the container by its full name or id (docker -H ${host.url} ps -a)`
    });
  }
  if (options.scope)
    enforceScope({ id: info.Id, host: host.name, name: info.Name.replace(/^\//, ""), labels: info.Config?.Labels ?? {} }, options.scope);
  return { hostName: host.name, hostUrl: host.url, docker: host.docker, container: host.docker.getContainer(info.Id), info };
}
function operationOn(target, what) {
  return { host: target.hostName, url: target.hostUrl, what };
}
async function reinspect(target, signal) {
  const op = operationOn(target, `inspect container ${target.info.Id.slice(0, 12)}`);
  return inspectOrNotFound(target.docker, target.info.Id, op, signal, target.info.Id);
}
var sharedInspects = /* @__PURE__ */ new WeakMap();
async function sharedInspect(docker, containerId, op, signal) {
  let inFlight = sharedInspects.get(docker);
  if (!inFlight)
    sharedInspects.set(docker, inFlight = /* @__PURE__ */ new Map());
  let pending = inFlight.get(containerId);
  if (!pending) {
    pending = dockerCall(op, () => docker.getContainer(containerId).inspect()).finally(() => inFlight.delete(containerId));
    inFlight.set(containerId, pending);
  }
  signal?.throwIfAborted();
  if (!signal)
    return structuredClone(await pending);
  let onAbort;
  const stopped = new Promise((_, reject) => signal.addEventListener("abort", onAbort = () => reject(signal.reason), { once: true }));
  try {
    return structuredClone(await Promise.race([pending, stopped]));
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
async function inspectOrNotFound(docker, containerId, op, signal, shownAs, share = false) {
  try {
    if (share)
      return await sharedInspect(docker, containerId, op, signal);
    return await dockerCall(op, () => docker.getContainer(containerId).inspect({ abortSignal: signal }), { signal });
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new NotFoundError(`container "${shownAs}" not found on host "${op.host}"`, {
        hint: `docker -H ${op.url} ps -a, or check the runbook input`,
        cause: error
      });
    }
    throw error;
  }
}
async function findByLabels(host, text, selector, signal) {
  const filters = labelFilters(selector.labels);
  const op = { host: host.name, url: host.url, what: `list containers matching ${text}` };
  const matches = await dockerCall(op, () => host.docker.listContainers({ all: true, filters: { label: filters }, abortSignal: signal }), {
    signal
  });
  const filterHint = filters.map((filter) => `--filter label=${filter}`).join(" ");
  if (matches.length === 0) {
    throw new NotFoundError(`no container on host "${host.name}" matches ${text}`, {
      hint: `docker -H ${host.url} ps -a ${filterHint}`
    });
  }
  if (matches.length > 1) {
    const named2 = matches.slice(0, MAX_LISTED_MATCHES).map((match) => `${(match.Names[0] ?? "").replace(/^\//, "")} (${match.Id.slice(0, 12)}, ${match.State})`);
    const more = matches.length > MAX_LISTED_MATCHES ? `, and ${matches.length - MAX_LISTED_MATCHES} more` : "";
    throw new UsageError(`${text} matches ${matches.length} containers on host "${host.name}": ${named2.join(", ")}${more}`, {
      hint: "an action acts on exactly one container: name one of them, or add a label that tells them apart",
      details: { matches: matches.map((match) => match.Id) }
    });
  }
  return matches[0].Id;
}

// dist/docker/networks.js
var endpointSnapshotSchema = external_exports.object({
  network: external_exports.string(),
  network_id: external_exports.string(),
  ipv4_address: external_exports.string(),
  ipv6_address: external_exports.string(),
  aliases: external_exports.array(external_exports.string()),
  links: external_exports.array(external_exports.string())
});
var QUARANTINE_LABELS = { "irctl.managed": "true", "irctl.role": "quarantine" };
function snapshotEndpoints(info, except = []) {
  const shortId = info.Id.slice(0, 12);
  return Object.entries(info.NetworkSettings.Networks ?? {}).filter(([network]) => !except.includes(network)).map(([network, endpoint]) => ({
    network,
    network_id: endpoint.NetworkID,
    ipv4_address: endpoint.IPAddress ?? "",
    ipv6_address: endpoint.GlobalIPv6Address ?? "",
    // the engine adds the short id as an alias by itself on connect; keep only the chosen ones
    aliases: (endpoint.Aliases ?? []).filter((alias) => alias !== shortId),
    links: endpoint.Links ?? []
  }));
}
var creating = /* @__PURE__ */ new WeakMap();
function findQuarantineNetwork(engine, name, signal) {
  const lookup = networksNamed(engine, name, signal);
  lookup.catch(() => void 0);
  return lookup;
}
async function ensureQuarantineNetwork(target, name, signal, found) {
  let byName2 = creating.get(target.docker);
  if (!byName2)
    creating.set(target.docker, byName2 = /* @__PURE__ */ new Map());
  let pending = byName2.get(name);
  if (!pending) {
    pending = findOrCreateQuarantine(target, name, signal, found).finally(() => byName2.delete(name));
    byName2.set(name, pending);
  }
  const network = await pending;
  if (!network.Internal) {
    throw new ActionFailedError(`network "${name}" on host "${target.hostName}" exists but is not internal: a container on it could still reach the outside`, {
      hint: `remove or rename that network (docker -H ${target.hostUrl} network rm ${name}), or set quarantine_network in the config file`
    });
  }
  return network;
}
async function findOrCreateQuarantine(target, name, signal, found) {
  const existing = await found ?? await networksNamed(target, name, signal);
  if (existing.length > 0)
    return canonical(target, existing, signal);
  await dockerCall(operationOn(target, `create quarantine network "${name}"`), () => target.docker.createNetwork({
    Name: name,
    Driver: "bridge",
    Internal: true,
    CheckDuplicate: true,
    Labels: { ...QUARANTINE_LABELS },
    Options: { "com.docker.network.bridge.enable_icc": "false" },
    abortSignal: signal
  }), { signal, changes: true }).catch((error) => {
    if (!(error instanceof ActionFailedError) || error.details?.statusCode !== 409)
      throw error;
  });
  return canonical(target, await networksNamed(target, name, signal), signal);
}
async function networksNamed(target, name, signal) {
  const listed = await dockerCall(operationOn(target, `list networks named "${name}"`), () => target.docker.listNetworks({ filters: { name: [name] }, abortSignal: signal }), { signal });
  return listed.filter((network) => network.Name === name);
}
async function canonical(target, networks, signal) {
  if (networks.length === 0)
    throw new NotFoundError(`quarantine network vanished on host "${target.hostName}" right after it was created`, { hint: "run the step again" });
  const [kept, ...extra] = [...networks].sort((a, b) => a.Created.localeCompare(b.Created) || a.Id.localeCompare(b.Id));
  for (const duplicate of extra) {
    const ours = duplicate.Labels?.["irctl.role"] === QUARANTINE_LABELS["irctl.role"];
    if (ours && Object.keys(duplicate.Containers ?? {}).length === 0) {
      await dockerCall(operationOn(target, `remove duplicate network ${duplicate.Id.slice(0, 12)}`), () => target.docker.getNetwork(duplicate.Id).remove(), {
        signal,
        changes: true
      }).catch(() => void 0);
    }
  }
  return kept;
}
async function disconnect(target, network, signal) {
  await dockerCall(operationOn(target, `disconnect container ${target.info.Id.slice(0, 12)} from network "${network}"`), () => target.docker.getNetwork(network).disconnect({ Container: target.info.Id, Force: false, abortSignal: signal }), { signal, changes: true });
}
async function connect(target, network, endpoint = {}, signal) {
  const options = { Container: target.info.Id, EndpointConfig: endpoint, abortSignal: signal };
  await dockerCall(operationOn(target, `connect container ${target.info.Id.slice(0, 12)} to network "${network}"`), () => target.docker.getNetwork(network).connect(options), { signal, changes: true });
}
async function reconnect(target, snapshot, signal) {
  const ipam = {};
  if (snapshot.ipv4_address)
    ipam.IPv4Address = snapshot.ipv4_address;
  if (snapshot.ipv6_address)
    ipam.IPv6Address = snapshot.ipv6_address;
  const base = {};
  if (snapshot.aliases.length > 0)
    base.Aliases = snapshot.aliases;
  if (snapshot.links.length > 0)
    base.Links = snapshot.links;
  const network = snapshot.network_id || snapshot.network;
  if (Object.keys(ipam).length === 0)
    return connect(target, network, base, signal);
  try {
    await connect(target, network, { ...base, IPAMConfig: ipam }, signal);
  } catch (error) {
    if (!(error instanceof ActionFailedError) || !ADDRESS_REFUSED.has(error.details?.statusCode))
      throw error;
    await connect(target, network, base, signal);
  }
}
var ADDRESS_REFUSED = /* @__PURE__ */ new Set([400, 403]);

// dist/actions/docker/container-step.js
async function resolveTarget(ctx, options = {}) {
  try {
    return await resolveContainer(ctx.services.docker, ctx.params, {
      signal: ctx.signal,
      shareInspect: options.readOnly,
      ...ctx.scope ? { scope: ctx.scope, strictRef: true } : {}
    });
  } catch (error) {
    if (error instanceof OutOfScopeError) {
      const details = error.details;
      ctx.custody.record({
        act: "refused",
        actor: ctx.actor,
        subject: details.container_id,
        where: { host: details.host, container_id: details.container_id, container_name: details.container_name },
        how: { step: ctx.stepId, params: ctx.params },
        details: { reason: "out_of_scope", detail: details.reason }
      });
      ctx.log.warn({ event: "out_of_scope", security: true, container: details.container_name, host: details.host, reason: details.reason }, "a step named a container outside the incident's scope; refused");
    }
    throw error;
  }
}
async function recordContainerAct(ctx, target, act, action, details) {
  const engineVersion = await ctx.services.docker.engineVersion(target.hostName, ctx.signal);
  ctx.custody.record({
    act,
    actor: ctx.actor,
    subject: target.info.Id,
    where: { host: target.hostName, engine_version: engineVersion, container_id: target.info.Id, image_id: target.info.Image },
    how: { action, params: ctx.params },
    ...details ? { details } : {}
  });
}
function nameOf(target) {
  return `${target.info.Name.replace(/^\//, "")} (${target.info.Id.slice(0, 12)})`;
}
function refuseWhilePaused(target, verb) {
  if (!target.info.State.Paused)
    return;
  throw new ActionFailedError(`cannot ${verb} ${nameOf(target)} while it is paused`, {
    hint: "put a docker.unpause step before this one (after the evidence steps)"
  });
}
async function updateContainer(target, body, signal) {
  await dockerCall(operationOn(target, `update container ${nameOf(target)}`), () => target.container.update({ ...body, abortSignal: signal }), {
    signal,
    changes: true
  });
}

// dist/actions/write-ahead.js
var INTENT_ACT = "intent";
function recallIntent(ctx, subject, action) {
  const record = listCustodyActs(ctx.services.db, ctx.incidentId, [INTENT_ACT]).find((r) => r.subject === subject && r.how?.action === action && r.how?.step === ctx.stepId && r.how?.visit === ctx.visit);
  return record?.details;
}
async function prepareIntent(ctx, target, action, capture) {
  const earlier = recallIntent(ctx, target.info.Id, action);
  if (earlier)
    return { prior: earlier, recalled: true };
  const prior = capture();
  const engineVersion = await ctx.services.docker.engineVersion(target.hostName, ctx.signal);
  ctx.custody.record({
    act: INTENT_ACT,
    actor: ctx.actor,
    subject: target.info.Id,
    where: { host: target.hostName, engine_version: engineVersion, container_id: target.info.Id, image_id: target.info.Image },
    how: { action, params: ctx.params, step: ctx.stepId, visit: ctx.visit, attempt: ctx.attempt },
    details: prior
  });
  return { prior, recalled: false };
}
function containmentRecords(records, containerId, action) {
  return records.filter((r) => (r.act === "contained" || r.act === INTENT_ACT) && r.subject === containerId && r.how?.action === action);
}

// dist/actions/docker/isolate.js
var isolationIntentSchema = external_exports.object({
  quarantine_network: external_exports.string(),
  network_mode: external_exports.string().optional(),
  // absent in records written before the write-ahead rule
  original_networks: external_exports.array(endpointSnapshotSchema)
});
var ACTION2 = "docker.isolate";
var dockerIsolate = defineAction({
  name: ACTION2,
  phase: "containment",
  summary: "Disconnect a container from every network and attach it to an internal quarantine network (no egress).",
  params: external_exports.object({
    ...targetParams,
    quarantine_network: external_exports.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/).optional().describe("quarantine network name (default: quarantine_network from the config file, irctl-quarantine)")
  }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "network.create", "network.disconnect", "network.connect"],
  example: `- id: isolate
  uses: docker.isolate
  with: { container: "\${{ inputs.container }}" }
  auto: true`,
  async run(ctx) {
    const quarantineName = ctx.params.quarantine_network ?? ctx.services.docker.quarantineNetwork;
    const engine = ctx.services.docker.host(ctx.params.host);
    const found = findQuarantineNetwork({ docker: engine.docker, hostName: engine.name, hostUrl: engine.url }, quarantineName, ctx.signal);
    const target = await resolveTarget(ctx);
    const mode = target.info.HostConfig.NetworkMode ?? "";
    if (mode === "host" || mode.startsWith("container:")) {
      throw new ActionFailedError(`cannot isolate ${nameOf(target)}: it shares another network namespace (network mode ${mode})`, {
        hint: "network isolation cannot cut it off; pause or stop it instead (docker.pause, docker.stop)"
      });
    }
    const attachedBefore = target.info.NetworkSettings.Networks ?? {};
    const earlier = recallIntent(ctx, target.info.Id, ACTION2);
    if (!earlier && Object.keys(attachedBefore).every((network) => network === quarantineName) && quarantineName in attachedBefore) {
      return { kind: "skipped", reason: `already isolated on ${quarantineName}` };
    }
    const { prior } = await prepareIntent(ctx, target, ACTION2, () => ({
      quarantine_network: quarantineName,
      network_mode: mode,
      original_networks: snapshotEndpoints(target.info, [quarantineName])
    }));
    const recorded2 = isolationIntentSchema.parse(prior);
    const quarantine = await ensureQuarantineNetwork(target, recorded2.quarantine_network, ctx.signal, recorded2.quarantine_network === quarantineName ? found : void 0);
    for (const endpoint of recorded2.original_networks) {
      const attached = attachedBefore[endpoint.network];
      if (attached)
        await disconnect(target, attached.NetworkID || endpoint.network_id || endpoint.network, ctx.signal);
    }
    if (!(recorded2.quarantine_network in attachedBefore))
      await connect(target, quarantine.Id, {}, ctx.signal);
    const original = recorded2.original_networks;
    await recordContainerAct(ctx, target, "contained", ACTION2, {
      quarantine_network: recorded2.quarantine_network,
      network_mode: recorded2.network_mode ?? mode,
      original_networks: original
    });
    return {
      kind: "done",
      summary: `isolated ${nameOf(target)}: disconnected from ${original.map((e) => e.network).join(", ") || "no network"}, attached to ${recorded2.quarantine_network}`,
      outputs: { container_id: target.info.Id, quarantine_network: recorded2.quarantine_network, networks: original }
    };
  },
  // Release: back on the original networks with the same addresses and aliases, off quarantine.
  async undo(ctx, done2) {
    const outputs = external_exports.object({ quarantine_network: external_exports.string(), networks: external_exports.array(endpointSnapshotSchema) }).parse(done2.outputs);
    const target = await resolveTarget(ctx);
    const attached = target.info.NetworkSettings.Networks ?? {};
    for (const endpoint of outputs.networks) {
      if (!(endpoint.network in attached))
        await reconnect(target, endpoint, ctx.signal);
    }
    const onQuarantine = attached[outputs.quarantine_network];
    if (onQuarantine)
      await disconnect(target, onQuarantine.NetworkID || outputs.quarantine_network, ctx.signal);
    const now = await reinspect(target, ctx.signal);
    const restored = snapshotEndpoints(now, [outputs.quarantine_network]).map((endpoint) => ({
      network: endpoint.network,
      ipv4_address: endpoint.ipv4_address,
      same_address: outputs.networks.find((before) => before.network === endpoint.network)?.ipv4_address === endpoint.ipv4_address
    }));
    const moved = restored.filter((endpoint) => !endpoint.same_address);
    if (moved.length > 0) {
      ctx.log.warn({ container: target.info.Id, moved }, "the engine gave new addresses on networks that do not allow fixed ones");
    }
    await recordContainerAct(ctx, target, "released", ACTION2, { restored_networks: restored });
  }
});

// dist/actions/docker/kill.js
var KILL_SIGNALS = ["SIGKILL", "SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGSTOP", "SIGCONT"];
var ACTION3 = "docker.kill";
var dockerKill = defineAction({
  name: ACTION3,
  phase: "containment",
  summary: "Send a signal to the main process of a container (default SIGKILL).",
  params: external_exports.object({
    ...targetParams,
    signal: external_exports.enum(KILL_SIGNALS).default("SIGKILL").describe(`one of ${KILL_SIGNALS.join(", ")}`)
  }).strict(),
  idempotent: true,
  auto: false,
  requires: ["container.inspect", "container.kill"],
  example: `- id: kill
  uses: docker.kill
  with: { container: "\${{ inputs.container }}", signal: SIGKILL }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const earlier = recallIntent(ctx, target.info.Id, ACTION3);
    if (!earlier && !target.info.State.Running)
      return { kind: "skipped", reason: `not running (${target.info.State.Status})` };
    refuseWhilePaused(target, `send ${ctx.params.signal} to`);
    await prepareIntent(ctx, target, ACTION3, () => ({ status: target.info.State.Status }));
    if (target.info.State.Running) {
      await dockerCall(operationOn(target, `send ${ctx.params.signal} to container ${nameOf(target)}`), () => target.container.kill({ signal: ctx.params.signal, abortSignal: ctx.signal }), { signal: ctx.signal, changes: true });
    }
    await recordContainerAct(ctx, target, "contained", ACTION3);
    return { kind: "done", summary: `sent ${ctx.params.signal} to ${nameOf(target)}`, outputs: { container_id: target.info.Id, signal: ctx.params.signal } };
  }
});

// dist/docker/resources.js
var CPU_PERIOD_US = 1e5;
var MIN_MEMORY_BYTES = 6 * 1024 * 1024;
var UNIT = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
var SIZE = /^(\d+(?:\.\d+)?)\s*([bkmg])?b?$/i;
function parseMemorySize(text) {
  if (typeof text === "number")
    return Math.floor(text);
  const match = SIZE.exec(text.trim());
  if (!match)
    throw new Error(`"${text}" is not a memory size (expected e.g. 64m, 1g or a number of bytes)`);
  return Math.floor(Number(match[1]) * UNIT[(match[2] ?? "b").toLowerCase()]);
}
var memorySizeSchema = external_exports.union([external_exports.number().int().positive(), external_exports.string().regex(SIZE, "expected a size such as 64m, 512m or 1g")]).refine((value) => typeof value === "string" && !SIZE.test(value.trim()) || parseMemorySize(value) >= MIN_MEMORY_BYTES, {
  message: "the engine refuses memory limits under 6m"
});
var resourceLimitsSchema = external_exports.object({
  nano_cpus: external_exports.number(),
  cpu_quota: external_exports.number(),
  cpu_period: external_exports.number(),
  memory: external_exports.number(),
  memory_swap: external_exports.number(),
  pids_limit: external_exports.number()
});
function readLimits(info) {
  const hostConfig = info.HostConfig;
  return {
    nano_cpus: hostConfig.NanoCpus ?? 0,
    cpu_quota: hostConfig.CpuQuota ?? 0,
    cpu_period: hostConfig.CpuPeriod ?? 0,
    memory: hostConfig.Memory ?? 0,
    memory_swap: hostConfig.MemorySwap ?? 0,
    pids_limit: hostConfig.PidsLimit ?? 0
  };
}
function effectiveCpus(limits) {
  if (limits.nano_cpus > 0)
    return limits.nano_cpus / 1e9;
  if (limits.cpu_quota > 0)
    return limits.cpu_quota / (limits.cpu_period > 0 ? limits.cpu_period : CPU_PERIOD_US);
  return 0;
}
function limitUpdate(current, wanted2) {
  const update = {};
  if (wanted2.cpus !== void 0 && Math.abs(effectiveCpus(current) - wanted2.cpus) > 1e-9) {
    if (current.nano_cpus > 0)
      update.NanoCpus = Math.round(wanted2.cpus * 1e9);
    else
      Object.assign(update, { CpuPeriod: CPU_PERIOD_US, CpuQuota: Math.round(wanted2.cpus * CPU_PERIOD_US) });
  }
  if (wanted2.memory !== void 0 && (current.memory !== wanted2.memory || current.memory_swap !== wanted2.memory)) {
    Object.assign(update, { Memory: wanted2.memory, MemorySwap: wanted2.memory });
  }
  if (wanted2.pids !== void 0 && current.pids_limit !== wanted2.pids)
    update.PidsLimit = wanted2.pids;
  return Object.keys(update).length > 0 ? update : null;
}
function restoreUpdates(previous, which, hostMemoryBytes) {
  const first = {};
  const then = [];
  if (which.cpus !== void 0) {
    if (previous.nano_cpus > 0)
      first.NanoCpus = previous.nano_cpus;
    else
      Object.assign(first, {
        CpuQuota: previous.cpu_quota > 0 ? previous.cpu_quota : -1,
        CpuPeriod: previous.cpu_period > 0 ? previous.cpu_period : CPU_PERIOD_US
      });
  }
  if (which.pids !== void 0)
    first.PidsLimit = previous.pids_limit > 0 ? previous.pids_limit : -1;
  if (which.memory !== void 0) {
    const memory = previous.memory > 0 ? previous.memory : hostMemoryBytes;
    Object.assign(first, { Memory: memory, MemorySwap: previous.memory_swap > 0 ? previous.memory_swap : memory });
    if (previous.memory_swap <= 0)
      then.push({ MemorySwap: -1 });
  }
  return [first, ...then].filter((update) => Object.keys(update).length > 0);
}

// dist/actions/docker/limit.js
var paramsSchema = external_exports.object({
  ...targetParams,
  cpus: external_exports.number().min(0.01).max(1024).optional().describe("CPUs the container may use, e.g. 0.1"),
  memory: memorySizeSchema.optional().describe("memory limit (swap included), e.g. 64m; at least 6m"),
  pids: external_exports.number().int().min(1).max(4194304).optional().describe("most processes and threads, e.g. 50")
}).strict().refine((params3) => params3.cpus !== void 0 || params3.memory !== void 0 || params3.pids !== void 0, {
  message: "give at least one of cpus, memory, pids"
});
function wanted(params3) {
  return { cpus: params3.cpus, memory: params3.memory === void 0 ? void 0 : parseMemorySize(params3.memory), pids: params3.pids };
}
var ACTION4 = "docker.limit";
var dockerLimit = defineAction({
  name: ACTION4,
  phase: "containment",
  summary: "Throttle a running container: CPU, memory and process limits through container update (undo restores them).",
  params: paramsSchema,
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.update"],
  example: `- id: throttle
  uses: docker.limit
  with: { container: "\${{ inputs.container }}", cpus: 0.1, memory: 128m, pids: 50 }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const current = readLimits(target.info);
    const earlier = recallIntent(ctx, target.info.Id, ACTION4);
    if (!earlier && !limitUpdate(current, wanted(ctx.params)))
      return { kind: "skipped", reason: "the container already has these limits" };
    const { prior } = await prepareIntent(ctx, target, ACTION4, () => ({ previous_limits: current }));
    const previous = resourceLimitsSchema.parse(prior.previous_limits);
    const update = limitUpdate(current, wanted(ctx.params));
    if (update)
      await updateContainer(target, update, ctx.signal);
    const applied = limitUpdate(previous, wanted(ctx.params)) ?? {};
    await recordContainerAct(ctx, target, "contained", ACTION4, { previous_limits: previous, applied });
    return {
      kind: "done",
      summary: `limited ${nameOf(target)}: ${Object.entries(applied).map(([field, value]) => `${field}=${value}`).join(", ")}`,
      outputs: { container_id: target.info.Id, previous_limits: previous, applied }
    };
  },
  async undo(ctx, done2) {
    const previous = resourceLimitsSchema.parse(done2.outputs?.previous_limits);
    const target = await resolveTarget(ctx);
    const which = wanted(ctx.params);
    const hostMemory = which.memory !== void 0 && previous.memory <= 0 ? (await dockerCall(operationOn(target, "read the engine info"), () => engineInfo(target.docker, ctx.signal), { signal: ctx.signal })).MemTotal : 0;
    for (const update of restoreUpdates(previous, which, hostMemory))
      await updateContainer(target, update, ctx.signal);
    await recordContainerAct(ctx, target, "released", ACTION4, {
      restored_limits: previous,
      ...hostMemory > 0 ? { memory_limit_lifted: `no limit before containment: raised to the host's total memory (${hostMemory} bytes), the engine cannot clear a limit` } : {}
    });
  }
});

// dist/actions/docker/pause.js
async function setPaused(target, paused, signal) {
  const verb = paused ? "pause" : "unpause";
  await dockerCall(operationOn(target, `${verb} container ${nameOf(target)}`), () => paused ? target.container.pause({ abortSignal: signal }) : target.container.unpause({ abortSignal: signal }), { signal, changes: true });
}
var ACTION5 = "docker.pause";
var dockerPause = defineAction({
  name: ACTION5,
  phase: "containment",
  summary: "Freeze every process of a container, keeping its memory for evidence (undo: unpause).",
  params: external_exports.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.pause"],
  example: `- id: freeze
  uses: docker.pause
  with: { container: "\${{ inputs.container }}" }
  auto: true`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const earlier = recallIntent(ctx, target.info.Id, ACTION5);
    if (!earlier && target.info.State.Paused)
      return { kind: "skipped", reason: "already paused" };
    if (!earlier && !target.info.State.Running)
      return { kind: "skipped", reason: `not running (${target.info.State.Status}): nothing to freeze` };
    await prepareIntent(ctx, target, ACTION5, () => ({ was_paused: false, status: target.info.State.Status }));
    if (!target.info.State.Paused)
      await setPaused(target, true, ctx.signal);
    await recordContainerAct(ctx, target, "contained", ACTION5);
    return { kind: "done", summary: `paused ${nameOf(target)}`, outputs: { container_id: target.info.Id } };
  },
  async undo(ctx) {
    const target = await resolveTarget(ctx);
    if (!target.info.State.Paused)
      return;
    await setPaused(target, false, ctx.signal);
    await recordContainerAct(ctx, target, "released", ACTION5);
  }
});

// dist/actions/docker/restart-policy.js
var ACTION6 = "docker.restart-policy";
var previousPolicySchema = external_exports.object({ name: external_exports.string(), maximum_retry_count: external_exports.number().int() });
var dockerRestartPolicy = defineAction({
  name: ACTION6,
  phase: "containment",
  summary: 'Set the restart policy to "no" so the engine cannot bring a contained container back (undo restores it).',
  params: external_exports.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.update"],
  example: `- id: no-restart
  uses: docker.restart-policy
  with: { container: "\${{ inputs.container }}" }
  auto: true`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const policy = target.info.HostConfig.RestartPolicy ?? { Name: "", MaximumRetryCount: 0 };
    const isNo = policy.Name === "" || policy.Name === "no";
    const earlier = recallIntent(ctx, target.info.Id, ACTION6);
    if (!earlier && isNo)
      return { kind: "skipped", reason: 'restart policy is already "no"' };
    const { prior } = await prepareIntent(ctx, target, ACTION6, () => ({
      previous_policy: { name: policy.Name ?? "", maximum_retry_count: policy.MaximumRetryCount ?? 0 }
    }));
    const previous = previousPolicySchema.parse(prior.previous_policy);
    if (!isNo)
      await updateContainer(target, { RestartPolicy: { Name: "no", MaximumRetryCount: 0 } }, ctx.signal);
    await recordContainerAct(ctx, target, "contained", ACTION6, { previous_policy: previous });
    return {
      kind: "done",
      summary: `restart policy of ${nameOf(target)} set to "no" (was "${previous.name}")`,
      outputs: { container_id: target.info.Id, previous_policy: previous }
    };
  },
  async undo(ctx, done2) {
    const previous = previousPolicySchema.parse(done2.outputs?.previous_policy);
    const target = await resolveTarget(ctx);
    const count = previous.name === "on-failure" ? previous.maximum_retry_count : 0;
    await updateContainer(target, { RestartPolicy: { Name: previous.name, MaximumRetryCount: count } }, ctx.signal);
    await recordContainerAct(ctx, target, "released", ACTION6, { restored_policy: previous });
  }
});

// dist/actions/docker/stop.js
var ACTION7 = "docker.stop";
var dockerStop = defineAction({
  name: ACTION7,
  phase: "containment",
  summary: "Stop a container: SIGTERM, then SIGKILL after the grace period. Capture volatile evidence first.",
  params: external_exports.object({
    ...targetParams,
    grace_period: durationSchema.default("10s").describe("time between SIGTERM and SIGKILL, e.g. 10s")
  }).strict(),
  idempotent: true,
  auto: false,
  requires: ["container.inspect", "container.stop"],
  example: `- id: stop
  uses: docker.stop
  with: { container: "\${{ inputs.container }}", grace_period: 5s }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const earlier = recallIntent(ctx, target.info.Id, ACTION7);
    if (!earlier && !target.info.State.Running)
      return { kind: "skipped", reason: `already stopped (${target.info.State.Status})` };
    refuseWhilePaused(target, "stop");
    const seconds = Math.ceil(parseDuration(ctx.params.grace_period) / 1e3);
    await prepareIntent(ctx, target, ACTION7, () => ({ status: target.info.State.Status }));
    if (target.info.State.Running) {
      await dockerCall(operationOn(target, `stop container ${nameOf(target)}`), () => target.container.stop({ t: seconds, abortSignal: ctx.signal }), {
        signal: ctx.signal,
        changes: true
      });
    }
    await recordContainerAct(ctx, target, "contained", ACTION7);
    return { kind: "done", summary: `stopped ${nameOf(target)}`, outputs: { container_id: target.info.Id, grace_seconds: seconds } };
  }
});

// dist/actions/docker/unpause.js
var ACTION8 = "docker.unpause";
var dockerUnpause = defineAction({
  name: ACTION8,
  phase: "containment",
  summary: "Thaw a paused container (undo: pause it again).",
  params: external_exports.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: false,
  // releasing a contained container is a human decision
  requires: ["container.inspect", "container.unpause"],
  example: `- id: thaw
  uses: docker.unpause
  with: { container: "\${{ inputs.container }}" }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const earlier = recallIntent(ctx, target.info.Id, ACTION8);
    if (!earlier && !target.info.State.Paused)
      return { kind: "skipped", reason: "not paused" };
    await prepareIntent(ctx, target, ACTION8, () => ({ was_paused: true }));
    if (target.info.State.Paused)
      await setPaused(target, false, ctx.signal);
    await recordContainerAct(ctx, target, "released", ACTION8);
    return { kind: "done", summary: `unpaused ${nameOf(target)}`, outputs: { container_id: target.info.Id } };
  },
  async undo(ctx) {
    const target = await resolveTarget(ctx);
    if (target.info.State.Paused || !target.info.State.Running)
      return;
    await setPaused(target, true, ctx.signal);
    await recordContainerAct(ctx, target, "contained", ACTION8);
  }
});

// dist/actions/docker/index.js
var dockerActions = [
  dockerIsolate,
  dockerPause,
  dockerUnpause,
  dockerRestartPolicy,
  dockerLimit,
  dockerStop,
  dockerKill
];

// dist/actions/evidence/capture-target.js
async function evidenceTarget(ctx, action) {
  const target = await resolveTarget(ctx, { readOnly: true });
  const engineVersion = await ctx.services.docker.engineVersion(target.hostName, ctx.signal);
  return {
    ...target,
    label: target.info.Name.replace(/^\//, "") || target.info.Id.slice(0, 12),
    provenance: {
      subject: target.info.Id,
      where: {
        host: target.hostName,
        engine_version: engineVersion,
        container_id: target.info.Id,
        container_name: target.info.Name.replace(/^\//, ""),
        image_id: target.info.Image,
        image_ref: target.info.Config.Image
      },
      how: { action, params: ctx.params }
    }
  };
}
function capturedOutcome(summary, captured, extra = {}) {
  const [first] = captured;
  return {
    kind: "done",
    summary,
    outputs: {
      ...first ? { evidence_id: first.evidenceId, sha256: first.sha256, size: first.size, path: first.path } : {},
      artifacts: captured.map((c) => ({ evidence_id: c.evidenceId, sha256: c.sha256, size: c.size, path: c.path })),
      ...extra
    },
    evidenceIds: captured.map((c) => c.evidenceId)
  };
}

// dist/actions/evidence/sources.js
function jsonSource(value) {
  return Buffer.from(`${JSON.stringify(value, null, 2)}
`);
}
var PROGRESS_EVERY = 1024 * 1024;
async function* withProgress(source, progress, label) {
  let bytes = 0;
  let reported = 0;
  for await (const chunk of source) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes - reported >= PROGRESS_EVERY) {
      progress.update(bytes, void 0, label);
      reported = bytes;
    }
    yield buffer;
  }
  progress.update(bytes, void 0, label);
}

// dist/actions/evidence/commit.js
function imageRef(incidentId, stepId, at) {
  const repo = `irctl-evidence/${incidentId.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "incident"}`;
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const tag = `${stepId}-${stamp}`.replace(/[^A-Za-z0-9_.-]+/g, "-").slice(0, 128);
  return { repo, tag };
}
var ACTION9 = "evidence.commit";
async function existingImage(target, ref, signal) {
  return dockerCall(operationOn(target, `inspect image ${ref}`), () => target.docker.getImage(ref).inspect(), { signal }).catch((error) => {
    if (error instanceof NotFoundError)
      return void 0;
    throw error;
  });
}
async function commitImage(ctx, target, repo, tag, capturedAt) {
  const labels = { "irctl.incident": ctx.incidentId, "irctl.step": ctx.stepId, "irctl.captured_at": capturedAt, "irctl.container": target.info.Id };
  return dockerCall(
    operationOn(target, `commit container ${target.label}`),
    // the query names the container and the image; the body's Labels are merged into the image config.
    // pause=false when already paused: the engine would otherwise unpause it when the commit ends.
    () => target.container.commit({
      _query: { container: target.info.Id, repo, tag, comment: `irctl evidence for incident ${ctx.incidentId}, step ${ctx.stepId}`, pause: !target.info.State.Paused },
      _body: { Labels: labels },
      abortSignal: ctx.signal
    }),
    { signal: ctx.signal, changes: true }
  );
}
var evidenceCommit = defineAction({
  name: "evidence.commit",
  phase: "evidence",
  summary: "Commit the container to a forensic image labelled with the incident, then docker save it into the evidence store.",
  params: external_exports.object({ ...targetParams }).strict(),
  idempotent: true,
  // writes a new image on the Docker host and briefly pauses a running container
  auto: false,
  requires: ["container.inspect", "container.commit", "image.save"],
  example: `- id: commit
  uses: evidence.commit
  with: { container: "\${{ inputs.container }}" }`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, ACTION9);
    const { prior } = await prepareIntent(ctx, target, ACTION9, () => {
      const at = /* @__PURE__ */ new Date();
      return { ...imageRef(ctx.incidentId, ctx.stepId, at), captured_at: at.toISOString() };
    });
    const { repo, tag, captured_at: capturedAt } = external_exports.object({ repo: external_exports.string(), tag: external_exports.string(), captured_at: external_exports.string() }).parse(prior);
    const committed = await existingImage(target, `${repo}:${tag}`, ctx.signal) ?? await commitImage(ctx, target, repo, tag, capturedAt);
    const image = target.docker.getImage(`${repo}:${tag}`);
    const tar = await dockerCall(operationOn(target, `save image ${repo}:${tag}`), () => image.get(), { signal: ctx.signal, streams: true });
    const captured = await ctx.evidence.capture({
      name: `image-${target.label}.tar`,
      kind: "image",
      mediaType: "application/x-tar",
      source: withProgress(tar, ctx.progress, "docker save"),
      ...target.provenance,
      how: { ...target.provenance.how, image_id: committed.Id, image_ref: `${repo}:${tag}` }
    });
    return capturedOutcome(`committed ${target.label} to ${repo}:${tag} and saved it (${plural(captured.size, "byte")})`, [captured], {
      image_id: committed.Id,
      image_ref: `${repo}:${tag}`
    });
  }
});

// dist/actions/evidence/diff.js
var KIND_NAMES = { 0: "C", 1: "A", 2: "D" };
async function containerChanges(target, signal) {
  const changes = await dockerCall(operationOn(target, `list filesystem changes of container ${target.info.Id.slice(0, 12)}`), () => target.container.changes({ abortSignal: signal }), { signal });
  if (!Array.isArray(changes))
    return [];
  return changes.map((change) => ({ path: change.Path, kind: KIND_NAMES[change.Kind] ?? "C" }));
}
var evidenceDiff = defineAction({
  name: "evidence.diff",
  phase: "evidence",
  summary: "Save the container's filesystem changes (docker diff: A added, C changed, D deleted) as JSON.",
  params: external_exports.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.changes"],
  example: `- id: diff
  uses: evidence.diff
  with: { container: "\${{ inputs.container }}" }
  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, "evidence.diff");
    const changes = await containerChanges(target, ctx.signal);
    const counts = { added: 0, changed: 0, deleted: 0 };
    for (const change of changes)
      counts[change.kind === "A" ? "added" : change.kind === "D" ? "deleted" : "changed"] += 1;
    const captured = await ctx.evidence.capture({
      name: `diff-${target.label}.json`,
      kind: "diff",
      mediaType: "application/json",
      source: jsonSource({ counts, changes }),
      ...target.provenance
    });
    return capturedOutcome(`saved ${plural(changes.length, "filesystem change")} of ${target.label} (${counts.added} added, ${counts.changed} changed, ${counts.deleted} deleted)`, [captured], counts);
  }
});

// dist/actions/evidence/export.js
var evidenceExport = defineAction({
  name: "evidence.export",
  phase: "evidence",
  summary: "Stream the container's whole filesystem (docker export) into the evidence store as a tar.",
  params: external_exports.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.export"],
  example: `- id: export
  uses: evidence.export
  with: { container: "\${{ inputs.container }}" }`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, "evidence.export");
    const tar = await dockerCall(operationOn(target, `export the filesystem of container ${target.label}`), () => target.container.export({ abortSignal: ctx.signal }), { signal: ctx.signal, streams: true });
    const captured = await ctx.evidence.capture({
      name: `export-${target.label}.tar`,
      kind: "export",
      mediaType: "application/x-tar",
      source: withProgress(tar, ctx.progress, "export"),
      ...target.provenance
    });
    return capturedOutcome(`exported the filesystem of ${target.label} (${plural(captured.size, "byte")})`, [captured]);
  }
});

// dist/actions/evidence/files.js
import { posix as posix2 } from "node:path";

// dist/investigate/diff-rules.js
import { posix } from "node:path";
var under = (...dirs) => (path) => dirs.some((dir) => path === dir || path.startsWith(`${dir}/`));
var named = (...names) => (path) => names.includes(posix.basename(path));
var TEMP_DIRS = under("/tmp", "/dev/shm", "/var/tmp", "/run/shm");
var BINARY_DIRS = under("/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/lib", "/usr/lib");
var RULES = [
  {
    category: "ssh-authorized-keys",
    severity: "critical",
    persistence: true,
    why: "an SSH key lets the attacker log in again",
    test: (c) => c.kind !== "D" && /(^|\/)\.ssh\/authorized_keys2?$/.test(c.path)
  },
  {
    category: "cron",
    severity: "high",
    persistence: true,
    why: "a scheduled job runs the attacker\u2019s code again",
    test: (c) => c.kind !== "D" && (under("/etc/cron.d", "/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly", "/var/spool/cron", "/etc/crontabs")(c.path) || c.path === "/etc/crontab")
  },
  {
    category: "shell-profile",
    severity: "high",
    persistence: true,
    why: "a shell start-up file runs the attacker\u2019s code at every login",
    test: (c) => c.kind !== "D" && (under("/etc/profile.d")(c.path) || ["/etc/profile", "/etc/bash.bashrc", "/etc/bashrc", "/etc/zshrc", "/etc/environment"].includes(c.path) || named(".bashrc", ".profile", ".bash_profile", ".bash_login", ".zshrc", ".zprofile")(c.path))
  },
  {
    category: "init-script",
    severity: "high",
    persistence: true,
    why: "a service or init script starts the attacker\u2019s code at boot",
    test: (c) => c.kind !== "D" && (under("/etc/init.d", "/etc/systemd", "/etc/rc.d", "/etc/supervisor")(c.path) || c.path === "/etc/rc.local")
  },
  {
    category: "account",
    severity: "high",
    persistence: true,
    why: "a changed account database can hold a new user or a known password",
    test: (c) => ["/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow"].includes(c.path) || under("/etc/sudoers.d")(c.path) || c.path === "/etc/sudoers"
  },
  {
    category: "preload",
    severity: "critical",
    persistence: true,
    why: "ld.so.preload injects a library into every process",
    test: (c) => c.kind !== "D" && c.path === "/etc/ld.so.preload"
  },
  {
    category: "log-tampering",
    severity: "high",
    persistence: false,
    why: "deleted logs hide what happened",
    test: (c) => c.kind === "D" && under("/var/log")(c.path)
  },
  {
    category: "dropped-file",
    severity: "high",
    persistence: false,
    why: "a new file in a world-writable temp directory is where droppers put payloads (docker diff does not record modes: check it with evidence.files)",
    test: (c) => c.kind === "A" && TEMP_DIRS(c.path)
  },
  {
    category: "package-change",
    severity: "medium",
    persistence: true,
    why: "packages were installed or removed after the image was built",
    test: (c) => under("/var/lib/dpkg", "/var/lib/apt", "/lib/apk/db", "/var/cache/apk", "/var/lib/rpm", "/usr/lib/sysimage/rpm", "/var/lib/pacman")(c.path)
  },
  {
    category: "binary-change",
    severity: "high",
    persistence: true,
    why: "a replaced or added system binary can be a trojan",
    test: (c) => c.kind !== "D" && BINARY_DIRS(c.path)
  },
  {
    category: "config-change",
    severity: "medium",
    persistence: false,
    why: "configuration under /etc changed after the image was built",
    test: (c) => under("/etc")(c.path)
  }
];
function classifyChange(change) {
  const rule = RULES.find((candidate) => candidate.test(change));
  if (!rule)
    return void 0;
  const { test: _test, ...classification } = rule;
  return classification;
}
function leafChanges(changes) {
  const parents = /* @__PURE__ */ new Set();
  for (const change of changes) {
    for (let dir = posix.dirname(change.path); dir !== "/" && !parents.has(dir); dir = posix.dirname(dir))
      parents.add(dir);
  }
  return changes.filter((change) => change.kind === "D" || !parents.has(change.path)).sort((a, b) => a.path.localeCompare(b.path));
}
function changeDetail(change, classification) {
  return { path: change.path, change: { A: "added", C: "changed", D: "deleted" }[change.kind], category: classification.category, why: classification.why };
}
var SEVERITY_RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
var hiddenSegment = (path) => path.split("/").some((segment) => segment.length > 1 && segment.startsWith("."));
function byCaptureRank(a, b) {
  const rank = (change) => {
    const classification = classifyChange(change);
    return [
      classification ? SEVERITY_RANK[classification.severity] : -1,
      classification?.persistence ? 1 : 0,
      hiddenSegment(change.path) ? 1 : 0,
      change.kind === "A" ? 1 : 0
    ];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i++)
    if (ra[i] !== rb[i])
      return rb[i] - ra[i];
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

// dist/actions/evidence/tar-entries.js
import { once } from "node:events";
async function* tarEntries(source) {
  const { Parser } = await import("./index.min-BMD6QD3P.js");
  const parser = new Parser();
  const pending = [];
  let ended = false;
  const state = {};
  let wake;
  const signal = () => {
    wake?.();
    wake = void 0;
  };
  parser.on("entry", (entry) => {
    pending.push(entry);
    signal();
  });
  parser.on("end", () => {
    ended = true;
    signal();
  });
  parser.on("error", (error) => {
    state.failure ??= asError(error);
    signal();
  });
  const feeding = (async () => {
    for await (const chunk of source)
      if (!parser.write(chunk))
        await once(parser, "drain");
    parser.end();
  })().catch((error) => {
    state.failure ??= asError(error);
    signal();
  });
  try {
    for (; ; ) {
      if (pending.length > 0)
        yield pending.shift();
      else if (state.failure)
        throw state.failure;
      else if (ended)
        break;
      else
        await new Promise((resolve) => wake = resolve);
    }
    await feeding;
    const late = state.failure;
    if (late)
      throw late;
  } finally {
    parser.removeAllListeners("entry");
  }
}
var asError = (error) => error instanceof Error ? error : new Error(String(error));

// dist/actions/evidence/files.js
var MiB = 1024 * 1024;
var SIBLING_BUDGET = 16 * MiB;
var COMMIT_EVERY = 512;
function leafChangesToCopy(changes) {
  const kept = changes.filter((change) => change.kind !== "D");
  const parents = /* @__PURE__ */ new Set();
  for (const { path } of kept) {
    for (let dir = posix2.dirname(path); dir !== "/" && !parents.has(dir); dir = posix2.dirname(dir))
      parents.add(dir);
  }
  return kept.filter((change) => !parents.has(change.path));
}
function outermost(paths) {
  const chosen = new Set(paths);
  return paths.filter((path) => {
    for (let dir = posix2.dirname(path); dir !== "/" && dir !== "."; dir = posix2.dirname(dir))
      if (chosen.has(dir))
        return false;
    return true;
  });
}
function archivePlan(paths) {
  const byParent = /* @__PURE__ */ new Map();
  for (const path of paths) {
    const parent = posix2.dirname(path);
    byParent.set(parent, [...byParent.get(parent) ?? [], path]);
  }
  const plan = /* @__PURE__ */ new Map();
  for (const [parent, wanted2] of byParent) {
    if (wanted2.length >= 2 && parent !== "/")
      plan.set(parent, wanted2);
    else
      for (const path of wanted2)
        plan.set(path, [path]);
  }
  return plan;
}
async function copyArchive(ctx, target, batch, request, wanted2, budget, copied) {
  const shared = wanted2.length > 1 || wanted2[0] !== request;
  let tar;
  try {
    tar = await dockerCall(operationOn(target, `copy ${request} out of container ${target.label}`), () => target.container.getArchive({ path: request, abortSignal: ctx.signal }), {
      signal: ctx.signal
    });
  } catch (error) {
    if (!(error instanceof NotFoundError))
      throw error;
    if (shared)
      return { retry: wanted2 };
    copied.missing.push(request);
    return { retry: [] };
  }
  const base = posix2.dirname(request);
  const seen = /* @__PURE__ */ new Set();
  let siblingBytes = 0;
  try {
    for await (const entry of tarEntries(withProgress(tar, ctx.progress, request))) {
      const path = posix2.join(base, entry.path).replace(/\/+$/, "");
      const match = wanted2.find((want) => path === want || path.startsWith(`${want}/`));
      if (!match) {
        siblingBytes += entry.size ?? 0;
        entry.resume();
        if (siblingBytes > SIBLING_BUDGET)
          return { retry: wanted2.filter((want) => !seen.has(want)) };
        continue;
      }
      seen.add(match);
      await copyEntry(ctx, target, batch, entry, path, budget, copied);
      if (batch.staged >= COMMIT_EVERY)
        await commit(batch, copied);
    }
  } finally {
    tar.destroy?.();
  }
  copied.missing.push(...wanted2.filter((want) => !seen.has(want)));
  return { retry: [] };
}
async function copyEntry(ctx, target, batch, entry, path, budget, copied) {
  if (entry.type === "SymbolicLink" || entry.type === "Link") {
    copied.links.push({ path, target: entry.linkpath ?? "" });
    entry.resume();
    return;
  }
  if (entry.type !== "File" && entry.type !== "OldFile" && entry.type !== "ContiguousFile") {
    entry.resume();
    return;
  }
  const size = entry.size ?? 0;
  if (copied.files.length >= budget.files || budget.bytes + size > ctx.params.max_bytes) {
    copied.overBudget.push(path);
    entry.resume();
    return;
  }
  budget.bytes += size;
  const file = {
    container_path: path,
    mode: `0${((entry.mode ?? 0) & 4095).toString(8)}`,
    uid: entry.uid ?? null,
    gid: entry.gid ?? null,
    owner: entry.uname ?? null,
    mtime: entry.mtime ? entry.mtime.toISOString() : null
  };
  await batch.add({
    name: `files-${target.label}${path.replace(/\//g, "_")}`,
    kind: "files",
    mediaType: "application/octet-stream",
    source: entry,
    ...target.provenance,
    how: { ...target.provenance.how, ...file }
    // mode, owner and mtime live in the ledger: the file alone has only bytes
  });
  copied.files.push(path);
}
function floodFinding(changed, maxPaths, notCaptured) {
  return {
    severity: "high",
    kind: "diff-flood",
    evidenceId: null,
    detail: {
      changed_paths: changed,
      max_paths: maxPaths,
      not_captured: notCaptured.length,
      why: "more changed files than one step copies: junk files can be written to bury a dropped payload (possible evasion); the most suspicious paths were taken first",
      first_not_captured: notCaptured.slice(0, 20)
    }
  };
}
async function commit(batch, copied) {
  copied.captured.push(...await batch.commit());
}
var evidenceFiles = defineAction({
  name: "evidence.files",
  phase: "evidence",
  summary: "Copy chosen paths (or the added/changed paths of the diff, most suspicious first) out of the container, one artifact per file.",
  params: external_exports.object({
    ...targetParams,
    paths: external_exports.array(external_exports.string().startsWith("/", "must be an absolute path in the container")).default([]).describe("absolute paths in the container (a directory gives all its files)"),
    from_diff: external_exports.boolean().default(false).describe("also take the added or changed paths that docker diff names, most suspicious first"),
    max_paths: external_exports.number().int().min(1).max(1e4).default(500).describe("copy at most this many files; the rest are listed in the manifest and ledger as not captured (more diff paths than this raises a diff-flood finding)"),
    max_bytes: external_exports.number().int().min(1).default(256 * MiB).describe("copy at most this many bytes in the step; files past it are listed as not captured")
  }).strict().refine((params3) => params3.paths.length > 0 || params3.from_diff, {
    message: "give paths, or from_diff: true"
  }),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.changes", "container.archive"],
  example: `- id: dropped-files
  uses: evidence.files
  with: { container: "\${{ inputs.container }}", from_diff: true, paths: [/etc/passwd] }`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, "evidence.files");
    const diff = ctx.params.from_diff ? leafChangesToCopy(await containerChanges(target, ctx.signal)).sort(byCaptureRank) : [];
    const chosen = ctx.params.paths.map((path) => posix2.normalize(path).replace(/(.)\/+$/, "$1"));
    const ranked = [.../* @__PURE__ */ new Set([...chosen, ...diff.map((change) => change.path)])];
    const selected = outermost(ranked.slice(0, ctx.params.max_paths));
    const left = ranked.slice(ctx.params.max_paths);
    const batch = ctx.evidence.batch();
    const copied = {
      captured: [],
      files: [],
      links: [],
      overBudget: [...left],
      missing: []
    };
    const budget = { files: ctx.params.max_paths, bytes: 0 };
    try {
      for (const [request, wanted2] of archivePlan(selected)) {
        const { retry } = await copyArchive(ctx, target, batch, request, wanted2, budget, copied);
        for (const path of retry)
          await copyArchive(ctx, target, batch, path, [path], budget, copied);
        await commit(batch, copied);
      }
    } finally {
      await batch.discard();
    }
    if (copied.overBudget.length > 0) {
      ctx.evidence.notCaptured({
        subject: target.provenance.subject,
        where: target.provenance.where,
        how: target.provenance.how,
        reason: `over the step's budget (max_paths ${ctx.params.max_paths}, max_bytes ${ctx.params.max_bytes})`,
        paths: copied.overBudget
      });
    }
    const flood = diff.length > ctx.params.max_paths;
    if (ctx.params.from_diff)
      saveFindings(ctx.services.db, ctx.incidentId, ctx.stepId, flood ? [floodFinding(diff.length, ctx.params.max_paths, copied.overBudget)] : []);
    if (copied.captured.length === 0 && copied.missing.length > 0 && copied.links.length === 0) {
      throw new NotFoundError(`none of the paths exist in container ${target.label}: ${copied.missing.join(", ")}`, {
        hint: "check the paths against evidence.diff or the container image"
      });
    }
    const notes = [
      copied.missing.length ? `${copied.missing.length} missing` : "",
      copied.overBudget.length ? `${copied.overBudget.length} over budget, listed as not captured` : "",
      flood ? "diff flood" : ""
    ].filter(Boolean).join("; ");
    return capturedOutcome(`copied ${plural(copied.captured.length, "file")} out of ${target.label}${notes ? `; ${notes}` : ""}`, copied.captured, {
      paths: copied.files,
      missing: copied.missing,
      links: copied.links,
      not_captured: copied.overBudget.length,
      diff_flood: flood
    });
  }
});

// dist/actions/evidence/host-command.js
import { once as once2 } from "node:events";
import { hostname } from "node:os";
import { PassThrough } from "node:stream";
var STDERR_KEPT = 64 * 1024;
var evidenceHostCommand = defineAction({
  name: "evidence.host-command",
  phase: "evidence",
  summary: "Capture the stdout of a program run on the irctl host (e.g. journalctl -u docker.service), argument array, no shell.",
  params: external_exports.object({
    command: external_exports.array(external_exports.string()).min(1).describe('program and arguments, e.g. [journalctl, -u, docker.service, --since, "1 hour ago"]'),
    name: external_exports.string().min(1).max(100).optional().describe("artifact file name (default: host-<program>.txt)"),
    timeout: durationSchema.default("10m"),
    allow_failure: external_exports.boolean().default(false).describe("keep the output of a program that exits non-zero as complete evidence")
  }).strict(),
  idempotent: true,
  // runs whatever the runbook names on the host: a human approves that
  auto: false,
  requires: [],
  example: `- id: docker-daemon-log
  uses: evidence.host-command
  with: { command: [journalctl, -u, docker.service, --since, "1 hour ago"] }`,
  async run(ctx) {
    const [program, ...args] = ctx.params.command;
    const { execa } = await import("./execa-HUOKVZ7B.js");
    const subprocess = execa(program, args, {
      shell: false,
      stdin: "ignore",
      buffer: { stdout: false, stderr: true },
      maxBuffer: { stderr: STDERR_KEPT },
      timeout: parseDuration(ctx.params.timeout),
      cancelSignal: ctx.signal,
      reject: false
    });
    const stdout = subprocess.stdout.pipe(new PassThrough());
    try {
      await once2(subprocess, "spawn");
    } catch (error) {
      const code = error.code;
      if (code === "ENOENT") {
        throw new NotFoundError(`program "${program}" was not found on the irctl host ${hostname()}`, {
          hint: "install it, or give its full path as the first element of command",
          cause: error
        });
      }
      throw new ActionFailedError(`could not start "${program}" on the irctl host: ${error.message}`, { cause: error });
    }
    const allowFailure = ctx.params.allow_failure;
    async function* output() {
      yield* withProgress(stdout, ctx.progress, program);
      const result2 = await subprocess;
      if (result2.failed && !(allowFailure && result2.exitCode !== void 0)) {
        const why = result2.timedOut ? "timed out" : result2.isCanceled ? "was cancelled" : result2.exitCode !== void 0 ? `exited ${result2.exitCode}` : result2.shortMessage;
        throw new ActionFailedError(`${ctx.params.command.join(" ")} ${why}: ${String(result2.stderr ?? "").trim().slice(0, 500)}`, {
          hint: "run the command by hand on the irctl host to see why; allow_failure: true keeps the output of a non-zero exit"
        });
      }
    }
    const captured = await ctx.evidence.capture({
      name: ctx.params.name ?? `host-${program.split("/").pop()}.txt`,
      kind: "host-command",
      mediaType: "text/plain",
      source: output(),
      subject: `host ${hostname()}: ${ctx.params.command.join(" ")}`,
      where: { host: hostname() },
      how: { action: "evidence.host-command", command: ctx.params.command }
    });
    const result = await subprocess;
    return capturedOutcome(`captured ${plural(captured.size, "byte")} from ${program} (exit ${result.exitCode ?? "none"})`, [captured], {
      exit_code: result.exitCode ?? null,
      stderr: String(result.stderr ?? "").slice(0, 2e3)
    });
  }
});

// dist/actions/evidence/inspect.js
var evidenceInspect = defineAction({
  name: "evidence.inspect",
  phase: "evidence",
  summary: "Save the container's inspect document (config, state, mounts, networks, init pid) as JSON.",
  params: external_exports.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect"],
  example: `- id: inspect
  uses: evidence.inspect
  with: { container: "\${{ inputs.container }}" }
  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, "evidence.inspect");
    const captured = await ctx.evidence.capture({
      name: `inspect-${target.label}.json`,
      kind: "inspect",
      mediaType: "application/json",
      source: jsonSource(target.info),
      ...target.provenance
    });
    return capturedOutcome(`saved the inspect document of ${target.label}`, [captured], {
      container_id: target.info.Id,
      state: target.info.State.Status,
      // what recover.recreate rebuilds from by default: the image as named, pinned by its id
      image: target.info.Config.Image,
      image_id: target.info.Image
    });
  }
});

// dist/actions/evidence/logs.js
import { PassThrough as PassThrough2 } from "node:stream";

// dist/actions/evidence/demux.js
function demuxInto(modem, raw, stdout, stderr) {
  const gated = (side) => ({
    write(chunk) {
      if (side.destroyed)
        return false;
      if (!side.write(chunk)) {
        raw.pause();
        side.once("drain", () => raw.resume());
      }
      return true;
    }
  });
  modem.demuxStream(raw, gated(stdout), gated(stderr));
  raw.on("end", () => {
    stdout.end();
    stderr.end();
  });
  raw.on("error", (error) => {
    stdout.destroy(error);
    stderr.destroy(error);
  });
}

// dist/actions/evidence/logs.js
var timeBound = external_exports.string().refine((value) => toUnixSeconds(value, /* @__PURE__ */ new Date()) !== void 0, "expected a duration ago such as 1h or 30m, or an ISO 8601 time").describe("a duration ago (1h, 30m) or an ISO 8601 time");
function toUnixSeconds(value, now) {
  let ms;
  try {
    ms = now.getTime() - parseDuration(value);
  } catch {
    ms = Date.parse(value);
  }
  return Number.isFinite(ms) ? Math.floor(ms / 1e3) : void 0;
}
function logStream(target, query, signal) {
  return new Promise((resolve, reject) => {
    target.docker.modem.dial({
      path: `/containers/${target.info.Id}/logs?`,
      method: "GET",
      isStream: true,
      abortSignal: signal,
      statusCodes: { 200: true, 404: "no such container", 500: "server error" },
      options: query
    }, (error, stream) => error ? reject(error) : resolve(stream));
  });
}
var evidenceLogs = defineAction({
  name: "evidence.logs",
  phase: "evidence",
  summary: "Save the container's stdout and stderr logs, with the engine's timestamps, one file per stream.",
  params: external_exports.object({
    ...targetParams,
    since: timeBound.optional(),
    until: timeBound.optional()
  }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.logs"],
  example: `- id: logs
  uses: evidence.logs
  with: { container: "\${{ inputs.container }}", since: 1h }
  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, "evidence.logs");
    const now = /* @__PURE__ */ new Date();
    const query = {
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: false,
      ...ctx.params.since ? { since: toUnixSeconds(ctx.params.since, now) } : {},
      ...ctx.params.until ? { until: toUnixSeconds(ctx.params.until, now) } : {}
    };
    const raw = await dockerCall(operationOn(target, `read the logs of container ${target.label}`), () => logStream(target, query, ctx.signal), {
      signal: ctx.signal
    });
    const request = (stream, source) => ctx.evidence.capture({
      name: `logs-${target.label}.${stream}.log`,
      kind: "logs",
      mediaType: "text/plain",
      source: withProgress(source, ctx.progress, `logs ${stream}`),
      ...target.provenance,
      how: { ...target.provenance.how, stream }
    });
    if (target.info.Config.Tty) {
      const captured2 = await request("tty", raw);
      return capturedOutcome(`saved the logs of ${target.label} (tty, ${plural(captured2.size, "byte")})`, [captured2], { tty: true });
    }
    const stdout = new PassThrough2();
    const stderr = new PassThrough2();
    demuxInto(target.docker.modem, raw, stdout, stderr);
    const captures = [request("stdout", stdout), request("stderr", stderr)];
    for (const capture of captures)
      capture.catch((error) => raw.destroy(error));
    const settled = await Promise.allSettled(captures);
    const failed = settled.find((result) => result.status === "rejected");
    if (failed)
      throw failed.reason;
    const captured = settled.map((result) => result.value);
    return capturedOutcome(`saved the logs of ${target.label} (stdout ${plural(captured[0].size, "byte")}, stderr ${plural(captured[1].size, "byte")})`, captured, {
      stdout_bytes: captured[0].size,
      stderr_bytes: captured[1].size
    });
  }
});

// dist/actions/evidence/network.js
import { readFileSync as readFileSync2 } from "node:fs";

// dist/evidence/proc-net.js
import { endianness } from "node:os";
var SOCKET_TABLES = ["tcp", "tcp6", "udp", "udp6"];
var TCP_STATES = {
  "01": "ESTABLISHED",
  "02": "SYN_SENT",
  "03": "SYN_RECV",
  "04": "FIN_WAIT1",
  "05": "FIN_WAIT2",
  "06": "TIME_WAIT",
  "07": "CLOSE",
  "08": "CLOSE_WAIT",
  "09": "LAST_ACK",
  "0A": "LISTEN",
  "0B": "CLOSING",
  "0C": "NEW_SYN_RECV"
};
function parseSocketTable(protocol, text, byteOrder = endianness()) {
  const entries = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (!/^\d+:$/.test(fields[0] ?? "") || fields.length < 10)
      continue;
    const [localHex, remoteHex, stateHex, , , , uid, , inode] = fields.slice(1);
    const local = decodeEndpoint(localHex, byteOrder);
    const remote = decodeEndpoint(remoteHex, byteOrder);
    const stateCode = stateHex.toUpperCase();
    const udp = protocol.startsWith("udp");
    entries.push({
      protocol,
      local: joinHostPort(local.address, local.port),
      remote: joinHostPort(remote.address, remote.port),
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state: udp && stateCode === "07" ? "UNCONN" : TCP_STATES[stateCode] ?? `0x${stateCode}`,
      uid: Number(uid),
      inode: Number(inode)
    });
  }
  return entries;
}
function decodeEndpoint(hex, byteOrder) {
  const [addressHex = "", portHex = "0"] = hex.split(":");
  const words = addressHex.match(/.{8}/g) ?? [];
  const bytes = Buffer.concat(words.map((word) => {
    const buffer = Buffer.from(word, "hex");
    return byteOrder === "LE" ? buffer.reverse() : buffer;
  }));
  return { address: bytes.length === 4 ? [...bytes].join(".") : formatIpv6(bytes), port: parseInt(portHex, 16) };
}
function formatIpv6(bytes) {
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255) {
    return `::ffff:${[...bytes.subarray(12)].join(".")}`;
  }
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0")
      j += 1;
    if (j - i > bestLength && j - i > 1)
      [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  if (bestStart < 0)
    return groups.join(":");
  return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLength).join(":")}`;
}
function joinHostPort(address, port) {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

// dist/actions/evidence/exec-output.js
import { PassThrough as PassThrough3 } from "node:stream";
async function execOutput(target, cmd, signal) {
  const op = operationOn(target, `run ${cmd.join(" ")} in container ${target.info.Id.slice(0, 12)}`);
  const exec = await dockerCall(op, () => target.container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, abortSignal: signal }), { signal });
  const raw = await dockerCall(op, () => exec.start({ hijack: true, stdin: false, abortSignal: signal }), { signal });
  const stdout = new PassThrough3();
  const stderr = new PassThrough3();
  demuxInto(target.docker.modem, raw, stdout, stderr);
  const [out, err] = await Promise.all([collect(stdout), collect(stderr)]);
  const inspected = await dockerCall(op, () => exec.inspect({ abortSignal: signal }), { signal });
  return { stdout: out, stderr: err, exitCode: inspected.ExitCode };
}
async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream)
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

// dist/actions/evidence/host-proc.js
import { readFileSync } from "node:fs";
function hostInitProcess(target) {
  if (!target.hostUrl.startsWith("unix://"))
    return `the engine of host "${target.hostName}" is remote (${target.hostUrl})`;
  const pid = target.info.State.Pid;
  if (!Number.isSafeInteger(pid) || pid <= 0)
    return `the container has no running init process (pid ${pid})`;
  let cgroup;
  try {
    cgroup = readFileSync(`/proc/${pid}/cgroup`, "utf8");
  } catch (error) {
    return `cannot read /proc/${pid} on this machine: ${error.message}`;
  }
  if (!cgroup.includes(target.info.Id))
    return `pid ${pid} on this machine is not the container's init process (the engine runs in another pid namespace)`;
  return { pid, cgroup };
}

// dist/actions/evidence/network.js
function readFromHost(target) {
  const init = hostInitProcess(target);
  if (typeof init === "string")
    return init;
  try {
    const tables = [];
    for (const protocol of SOCKET_TABLES) {
      const path = `/proc/${init.pid}/net/${protocol}`;
      try {
        tables.push({ protocol, path, text: readFileSync2(path) });
      } catch (error) {
        if (error.code !== "ENOENT")
          throw error;
      }
    }
    return { via: "host-proc", tables };
  } catch (error) {
    return `cannot read /proc/${init.pid} on this machine: ${error.message}`;
  }
}
async function readThroughExec(target, signal) {
  if (target.info.State.Paused) {
    throw new ActionFailedError(`cannot read the sockets of ${target.label} through docker exec: it is paused`, {
      hint: "run irctl on the Docker host itself so /proc can be read without exec, or put evidence.network before docker.pause"
    });
  }
  const tables = [];
  for (const protocol of SOCKET_TABLES) {
    const path = `/proc/net/${protocol}`;
    const result = await execOutput(target, ["cat", path], signal);
    if (result.exitCode === 0)
      tables.push({ protocol, path, text: result.stdout });
  }
  if (tables.length === 0) {
    throw new ActionFailedError(`could not read any socket table inside ${target.label} with cat /proc/net/tcp`, {
      hint: "the image may have no cat; run irctl on the Docker host so it reads /proc from outside"
    });
  }
  return { via: "exec", tables };
}
var evidenceNetwork = defineAction({
  name: "evidence.network",
  phase: "evidence",
  summary: "Save the container's open connections and listening sockets: raw /proc/net tables and parsed JSON.",
  params: external_exports.object({
    ...targetParams,
    via: external_exports.enum(["auto", "host-proc", "exec"]).default("auto").describe("auto: /proc of the init process on the host when the engine is local, else docker exec")
  }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.exec"],
  example: `- id: connections
  uses: evidence.network
  with: { container: "\${{ inputs.container }}" }
  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, "evidence.network");
    if (!target.info.State.Running || target.info.State.Pid <= 0) {
      return { kind: "skipped", reason: `not running (${target.info.State.Status}): no sockets to read` };
    }
    let tables;
    if (ctx.params.via !== "exec") {
      const fromHost = readFromHost(target);
      if (typeof fromHost !== "string")
        tables = fromHost;
      else if (ctx.params.via === "host-proc")
        throw new ActionFailedError(`cannot read the sockets of ${target.label} from the host: ${fromHost}`, { hint: "use via: exec (runs cat inside the container)" });
      else
        ctx.log.info({ reason: fromHost }, "evidence.network falls back to docker exec");
    }
    tables ??= await readThroughExec(target, ctx.signal);
    const sockets = tables.tables.flatMap((table) => parseSocketTable(table.protocol, table.text.toString("utf8")));
    const listening = sockets.filter((s) => s.state === "LISTEN" || s.state === "UNCONN").map((s) => `${s.protocol} ${s.local}`);
    const connections = sockets.filter((s) => s.state !== "LISTEN" && s.state !== "UNCONN").map((s) => `${s.protocol} ${s.local} -> ${s.remote} ${s.state}`);
    const how = { ...target.provenance.how, via: tables.via, pid: target.info.State.Pid };
    const batch = ctx.evidence.batch();
    let captured;
    try {
      const staged = await Promise.allSettled([
        batch.add({
          name: `network-${target.label}.json`,
          kind: "network",
          mediaType: "application/json",
          source: jsonSource({ via: tables.via, pid: target.info.State.Pid, tables: tables.tables.map((t) => t.path), listening, connections, sockets }),
          ...target.provenance,
          how
        }),
        ...tables.tables.map((table) => batch.add({
          name: `network-${target.label}.${table.protocol}.txt`,
          kind: "network",
          mediaType: "text/plain",
          source: table.text,
          ...target.provenance,
          how: { ...how, file: table.path }
        }))
      ]);
      const failed = staged.find((result) => result.status === "rejected");
      if (failed)
        throw failed.reason;
      captured = await batch.commit();
    } catch (error) {
      await batch.discard();
      throw error;
    }
    return capturedOutcome(`saved ${plural(listening.length, "listening socket")} and ${plural(connections.length, "connection")} of ${target.label} (via ${tables.via})`, captured, {
      via: tables.via,
      listening,
      connections
    });
  }
});

// dist/evidence/proc-processes.js
import { readdirSync, readFileSync as readFileSync3 } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
var PS_EF_TITLES = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"];
var HZ = 100;
var PIDS_PER_TURN = 64;
var MAX_CGROUP_DEPTH = 8;
var HOST = { proc: "/proc", passwd: "/etc/passwd" };
function parseProcStat(text) {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open)
    throw new Error("not a /proc/<pid>/stat line");
  const fields = text.slice(close + 2).trim().split(" ");
  const number = (index) => {
    const value = Number(fields[index]);
    if (!Number.isFinite(value))
      throw new Error(`/proc/<pid>/stat field ${index + 3} is not a number`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: number(1),
    ttyNr: number(4),
    cpuTicks: number(11) + number(12),
    startTicks: number(19)
  };
}
function ttyName(ttyNr) {
  if (ttyNr === 0)
    return "?";
  const major = ttyNr >> 8 & 4095;
  const minor = ttyNr & 255 | ttyNr >> 12 & 1048320;
  if (major >= 136 && major <= 143)
    return `pts/${(major - 136) * 256 + minor}`;
  if (major === 4)
    return minor < 64 ? `tty${minor}` : `ttyS${minor - 64}`;
  return "?";
}
function cpuTime(ticks) {
  const total = Math.floor(ticks / HZ);
  const days = Math.floor(total / 86400);
  const clock = [Math.floor(total / 3600) % 24, Math.floor(total / 60) % 60, total % 60].map((n) => String(n).padStart(2, "0")).join(":");
  return days > 0 ? `${days}-${clock}` : clock;
}
var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function startTime(started, now) {
  const age = now.getTime() - started.getTime();
  if (age < 864e5)
    return `${String(started.getHours()).padStart(2, "0")}:${String(started.getMinutes()).padStart(2, "0")}`;
  if (age < 365 * 864e5)
    return `${MONTHS[started.getMonth()]}${String(started.getDate()).padStart(2, "0")}`;
  return String(started.getFullYear());
}
function psRow(stat, facts) {
  const runningSeconds = facts.uptimeSeconds - stat.startTicks / HZ;
  const c = runningSeconds > 0 ? Math.min(99, Math.floor(stat.cpuTicks * 100 / HZ / runningSeconds)) : 0;
  const args = facts.cmdline.toString("utf8").replace(/\0+$/, "").split("\0").join(" ");
  return [
    facts.user,
    String(stat.pid),
    String(stat.ppid),
    String(c),
    startTime(new Date((facts.bootSeconds + stat.startTicks / HZ) * 1e3), facts.now),
    ttyName(stat.ttyNr),
    cpuTime(stat.cpuTicks),
    args === "" ? `[${stat.comm}]` : args
  ];
}
function userNames(passwd) {
  const names = /* @__PURE__ */ new Map();
  for (const line of passwd.split("\n")) {
    const [name, , uid] = line.split(":");
    if (name && uid !== void 0 && /^\d+$/.test(uid) && !names.has(Number(uid)))
      names.set(Number(uid), name);
  }
  return names;
}
function cgroupMounts(mountinfo) {
  const mounts = [];
  for (const line of mountinfo.split("\n")) {
    const [before, after] = line.split(" - ");
    if (!before || !after)
      continue;
    const fields = before.split(" ");
    const [fsType, , superOptions = ""] = after.split(" ");
    if (fsType !== "cgroup" && fsType !== "cgroup2" || fields.length < 5)
      continue;
    const unescape = (path) => path.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)));
    mounts.push({ root: unescape(fields[3]), mountPoint: unescape(fields[4]), fsType, superOptions: superOptions.split(",") });
  }
  return mounts;
}
function cgroupDirectories(procCgroup, mounts) {
  const directories = [];
  for (const line of procCgroup.split("\n")) {
    const match = /^(\d+):([^:]*):(\/.*)$/.exec(line.trim());
    if (!match)
      continue;
    const [, hierarchy, controllers, path] = match;
    const v2 = hierarchy === "0" && controllers === "";
    const mount = mounts.find((m) => v2 ? m.fsType === "cgroup2" : m.fsType === "cgroup" && controllers.split(",").every((c) => m.superOptions.includes(c)));
    if (!mount)
      continue;
    const root = mount.root === "/" ? "" : mount.root;
    if (root && path !== root && !path.startsWith(`${root}/`))
      continue;
    directories.push(join(mount.mountPoint, path.slice(root.length)));
  }
  return directories;
}
function pidsBelow(directory, depth = 0) {
  const pids = readFileSync3(join(directory, "cgroup.procs"), "utf8").split("\n").filter((line) => /^\d+$/.test(line)).map(Number);
  if (depth >= MAX_CGROUP_DEPTH)
    return pids;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory())
      pids.push(...pidsBelow(join(directory, entry.name), depth + 1));
  }
  return pids;
}
async function listCgroupProcesses(initPid, procCgroup, roots = HOST) {
  const mounts = cgroupMounts(readFileSync3(join(roots.proc, "self/mountinfo"), "utf8"));
  let pids;
  for (const directory of cgroupDirectories(procCgroup, mounts)) {
    try {
      const found = pidsBelow(directory);
      if (found.includes(initPid)) {
        pids = found;
        break;
      }
    } catch {
    }
  }
  if (!pids)
    throw new Error(`no cgroup of pid ${initPid} readable on this machine lists it`);
  const uptime = readFileSync3(join(roots.proc, "uptime"), "utf8");
  const stat = readFileSync3(join(roots.proc, "stat"), "utf8");
  const passwd = await readFile(roots.passwd, "utf8").catch(() => "");
  const bootSeconds = Number(/^btime (\d+)$/m.exec(stat)?.[1]);
  const uptimeSeconds = Number(uptime.split(" ")[0]);
  if (!Number.isFinite(bootSeconds) || !Number.isFinite(uptimeSeconds))
    throw new Error("cannot read the boot time from /proc");
  const users = userNames(passwd);
  const now = /* @__PURE__ */ new Date();
  const rows = [];
  for (const [index, pid] of [...new Set(pids)].entries()) {
    if (index > 0 && index % PIDS_PER_TURN === 0)
      await new Promise((resolve) => setImmediate(resolve));
    rows.push(processRow(roots, pid, { users, bootSeconds, uptimeSeconds, now }));
  }
  return rows.filter((row) => row !== void 0).sort((a, b) => Number(a[1]) - Number(b[1]));
}
function processRow(roots, pid, facts) {
  try {
    const statText = readFileSync3(join(roots.proc, String(pid), "stat"), "utf8");
    const status = readFileSync3(join(roots.proc, String(pid), "status"), "utf8");
    const cmdline = readFileSync3(join(roots.proc, String(pid), "cmdline"));
    const uid = Number(/^Uid:\s+\d+\s+(\d+)/m.exec(status)?.[1]);
    return psRow(parseProcStat(statText), { user: facts.users.get(uid) ?? String(uid), cmdline, ...facts });
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT" || code === "ESRCH")
      return void 0;
    throw error;
  }
}

// dist/actions/evidence/processes.js
async function readFromHost2(target) {
  const init = hostInitProcess(target);
  if (typeof init === "string")
    return init;
  try {
    return { via: "host-proc", titles: [...PS_EF_TITLES], rows: await listCgroupProcesses(init.pid, init.cgroup) };
  } catch (error) {
    return `cannot list the processes of pid ${init.pid}'s cgroup on this machine: ${error.message}`;
  }
}
var evidenceProcesses = defineAction({
  name: "evidence.processes",
  phase: "evidence",
  summary: "Save the container's process list (ps -ef columns, read on the Docker host) as JSON.",
  params: external_exports.object({
    ...targetParams,
    ps_args: external_exports.string().max(200).default("-ef").describe("arguments for ps on the Docker host (default -ef); others are read through docker top"),
    via: external_exports.enum(["auto", "host-proc", "docker-top"]).default("auto").describe("auto: /proc on this machine when the engine is local and ps_args is -ef, else docker top (the engine runs ps)")
  }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.top"],
  example: `- id: processes
  uses: evidence.processes
  with: { container: "\${{ inputs.container }}" }
  auto: true`,
  async run(ctx) {
    const target = await evidenceTarget(ctx, "evidence.processes");
    if (!target.info.State.Running)
      return { kind: "skipped", reason: `not running (${target.info.State.Status}): no processes to list` };
    const { ps_args: psArgs, via } = ctx.params;
    if (via === "host-proc" && psArgs !== "-ef")
      throw new ActionFailedError(`via: host-proc gives the columns of ps -ef only, not of ps ${psArgs}`, { hint: "drop ps_args, or use via: docker-top" });
    let table;
    if (via !== "docker-top" && psArgs === "-ef") {
      const fromHost = await readFromHost2(target);
      if (typeof fromHost !== "string")
        table = fromHost;
      else if (via === "host-proc")
        throw new ActionFailedError(`cannot read the processes of ${target.label} from the host: ${fromHost}`, { hint: "use via: docker-top (the engine runs ps)" });
      else
        ctx.log.info({ reason: fromHost }, "evidence.processes falls back to docker top");
    }
    if (!table) {
      const top = await dockerCall(operationOn(target, `list the processes of container ${target.label}`), () => target.container.top({ ps_args: psArgs, abortSignal: ctx.signal }), { signal: ctx.signal });
      table = { via: "docker-top", titles: top.Titles ?? [], rows: top.Processes ?? [] };
    }
    const { titles } = table;
    const processes = table.rows.map((row) => Object.fromEntries(titles.map((title, i) => [title, row[i] ?? ""])));
    const captured = await ctx.evidence.capture({
      name: `processes-${target.label}.json`,
      kind: "processes",
      mediaType: "application/json",
      source: jsonSource({ ps_args: psArgs, via: table.via, titles, processes }),
      ...target.provenance,
      how: { ...target.provenance.how, via: table.via }
    });
    return capturedOutcome(`saved ${plural(processes.length, "process", "processes")} of ${target.label} (via ${table.via})`, [captured], {
      process_count: processes.length,
      via: table.via
    });
  }
});

// dist/actions/evidence/index.js
var evidenceActions = [
  evidenceInspect,
  evidenceProcesses,
  evidenceNetwork,
  evidenceLogs,
  evidenceDiff,
  evidenceFiles,
  evidenceCommit,
  evidenceExport,
  evidenceHostCommand
];

// dist/investigate/path-glob.js
var GLOB = /^\/[^\u0000-\u001f\u007f]*$/;
var pathGlobSchema = external_exports.string().regex(GLOB, "expected an absolute path glob such as /var/log/** or /etc/nginx/*.conf").refine((glob) => !/\*{3,}/.test(glob), "use * for one path segment or ** for any depth, not ***");
function globToRegex(glob) {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === "*" && glob[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (ch === "*")
      source += "[^/]*";
    else if (ch === "?")
      source += "[^/]";
    else
      source += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
function pathMatcher(globs) {
  const regexes = globs.map(globToRegex);
  return (path) => regexes.some((regex) => regex.test(path));
}

// dist/investigate/verified-evidence.js
import { createReadStream } from "node:fs";
import { readFile as readFile2 } from "node:fs/promises";
import { join as join2 } from "node:path";
import { createInterface } from "node:readline";
function selectEvidence(db, incidentId, selection) {
  const { kinds = [], steps = [], evidenceIds = [] } = selection;
  return listEvidence(db, incidentId).filter((row) => row.status === "complete" && (kinds.length === 0 || kinds.includes(row.kind)) && (steps.length === 0 || steps.includes(row.step_id)) && (evidenceIds.length === 0 || evidenceIds.includes(row.id)));
}
function requireEvidence(db, incidentId, selection, what) {
  const rows = selectEvidence(db, incidentId, selection);
  if (rows.length > 0)
    return rows;
  const wanted2 = [
    selection.kinds?.length ? `kind ${selection.kinds.join("|")}` : "",
    selection.steps?.length ? `step ${selection.steps.join("|")}` : "",
    selection.evidenceIds?.length ? `id ${selection.evidenceIds.join("|")}` : ""
  ].filter(Boolean);
  throw new NotFoundError(`incident ${incidentId} has no complete evidence ${wanted2.length ? `of ${wanted2.join(", ")} ` : ""}for ${what}`, {
    hint: `capture it first (an evidence.* step before this one); irctl evidence ls ${incidentId} lists what there is`
  });
}
async function assertVerified(evidenceDir, row, custody, actor, stepId) {
  const checked = await verifyEvidenceFile(evidenceDir, row);
  if (checked.state !== "ok") {
    const why = checked.state === "missing" ? "its file is missing" : checked.state === "modified" ? `its file now hashes to ${checked.actualSha256}, not the recorded ${row.sha256}` : "its capture never completed";
    throw new IntegrityError(`evidence ${row.id} (${row.path}) cannot be analysed: ${why}`, {
      hint: `irctl custody verify ${row.incident_id} shows every mismatch; findings are never drawn from unverified bytes \u2014 capture the evidence again`,
      details: { evidence_id: row.id, state: checked.state }
    });
  }
  custody.record({
    act: "verified",
    actor,
    subject: row.id,
    how: { step: stepId, purpose: "analysis" },
    details: { evidence_id: row.id, path: row.path, sha256: row.sha256 }
  });
  return join2(evidenceDir, row.path);
}
async function* linesOf(path, signal) {
  const stream = createReadStream(path, { encoding: "utf8", signal });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of lines)
      yield { number: ++number, text };
  } finally {
    lines.close();
    stream.destroy();
  }
}
var MAX_JSON_BYTES = 64 * 1024 * 1024;
async function readVerifiedJson(path, row) {
  if (row.size > MAX_JSON_BYTES) {
    throw new IntegrityError(`evidence ${row.id} (${row.path}) is ${row.size} bytes, too large to be the JSON document it claims to be`, {
      hint: "check what step captured it (irctl evidence ls)"
    });
  }
  try {
    return JSON.parse(await readFile2(path, "utf8"));
  } catch (error) {
    throw new IntegrityError(`evidence ${row.id} (${row.path}) is not valid JSON: ${error.message}`, {
      hint: "it was captured as JSON; run irctl custody verify to see whether it was altered",
      cause: error
    });
  }
}

// dist/actions/investigate/finding-step.js
async function verifiedArtifacts(ctx, selection, what) {
  const rows = requireEvidence(ctx.services.db, ctx.incidentId, selection, what);
  const verified = [];
  for (const row of rows)
    verified.push({ row, path: await assertVerified(ctx.services.evidenceDir, row, ctx.custody, ctx.actor, ctx.stepId) });
  return verified;
}
function findingsOutcome(ctx, findings, evidenceIds, summary, extra = {}) {
  saveFindings(ctx.services.db, ctx.incidentId, ctx.stepId, findings);
  const outputs = { ...findingOutputs(findings), ...extra };
  ctx.custody.record({
    act: "analyzed",
    actor: ctx.actor,
    subject: `step:${ctx.stepId}`,
    how: { step: ctx.stepId },
    details: { evidence_ids: evidenceIds, findings: outputs.count, max_severity: outputs.max_severity, kinds: outputs.kinds }
  });
  return { kind: "done", summary: `${summary}: ${plural(outputs.count, "finding")}, max severity ${outputs.max_severity}`, outputs };
}

// dist/actions/investigate/diff-review.js
var diffDocument = external_exports.object({ changes: external_exports.array(external_exports.object({ path: external_exports.string(), kind: external_exports.enum(["A", "C", "D"]) })) });
var investigateDiffReview = defineAction({
  name: "investigate.diff-review",
  phase: "investigation",
  summary: "Classify the docker diff evidence: persistence (cron, SSH keys, shell profiles, init), accounts, dropped files in /tmp, binaries, packages, /etc.",
  params: external_exports.object({
    allowlist: external_exports.array(pathGlobSchema).default([]).describe("path globs expected to change (/var/log/**, /run/*.pid)"),
    steps: external_exports.array(external_exports.string().min(1)).default([]).describe("only diff evidence captured by these steps (default: any)")
  }).strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: review-diff
  uses: investigate.diff-review
  with: { allowlist: [/var/log/**, /run/**] }`,
  async run(ctx) {
    const allowed = pathMatcher(ctx.params.allowlist);
    const artifacts = await verifiedArtifacts(ctx, { kinds: ["diff"], steps: ctx.params.steps }, "investigate.diff-review");
    const findings = [];
    let persistence = false;
    let reviewed = 0;
    for (const { row, path } of artifacts) {
      const parsed = diffDocument.safeParse(await readVerifiedJson(path, row));
      const changes = parsed.success ? parsed.data.changes : [];
      for (const change of leafChanges(changes)) {
        reviewed++;
        if (allowed(change.path))
          continue;
        const classification = classifyChange(change);
        if (!classification)
          continue;
        persistence ||= classification.persistence;
        findings.push({
          severity: classification.severity,
          kind: classification.category,
          evidenceId: row.id,
          detail: { ...changeDetail(change, classification), persistence: classification.persistence }
        });
      }
    }
    return findingsOutcome(ctx, findings, artifacts.map((a) => a.row.id), `reviewed ${plural(reviewed, "filesystem change")}`, {
      persistence,
      reviewed,
      paths: findings.map((finding) => finding.detail.path).slice(0, 100)
    });
  }
});

// dist/investigate/ioc.js
import { isIP as isIP3 } from "node:net";
var DEFAULT_PATTERN = "error|fail|attack|intrusion";
function regexProblem(source) {
  try {
    new RegExp(source, "u");
    return void 0;
  } catch (error) {
    return error.message;
  }
}
var regexSchema = external_exports.string().min(1, "an empty pattern would match every line").max(1e3).superRefine((source, ctx) => {
  const problem = regexProblem(source);
  if (problem)
    ctx.addIssue({ code: "custom", message: problem });
});
var ipSchema = external_exports.string().refine((value) => isIP3(value) !== 0, "expected an IPv4 or IPv6 address");
var domainSchema = external_exports.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, "expected a domain name such as evil.example");
var hashSchema = external_exports.string().regex(/^(?:[a-f0-9]{32}|[a-f0-9]{40}|[a-f0-9]{64}|[a-f0-9]{128})$/i, "expected an MD5, SHA-1, SHA-256 or SHA-512 hex digest");
var iocParams = {
  patterns: external_exports.array(regexSchema).default([]).describe("regular expressions (JavaScript syntax, case-insensitive)"),
  ips: external_exports.array(ipSchema).default([]).describe("IP addresses known to be malicious"),
  domains: external_exports.array(domainSchema).default([]).describe("domain names known to be malicious"),
  hashes: external_exports.array(hashSchema).default([]).describe("file hashes known to be malicious")
};
var escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function compileIocs(set) {
  const matchers = [];
  if (set.defaultPatterns)
    matchers.push({ kind: "default-pattern", indicator: DEFAULT_PATTERN, severity: "low", regex: new RegExp(DEFAULT_PATTERN, "iu") });
  for (const pattern of set.patterns)
    matchers.push({ kind: "pattern", indicator: pattern, severity: "medium", regex: new RegExp(pattern, "iu") });
  for (const ip of set.ips)
    matchers.push({ kind: "ip", indicator: ip, severity: "high", regex: new RegExp(`(?<![0-9A-Fa-f.:])${escape(ip)}(?![0-9A-Fa-f.:]*[0-9A-Fa-f])`, "u") });
  for (const domain of set.domains)
    matchers.push({
      kind: "domain",
      indicator: domain,
      severity: "high",
      regex: new RegExp(`(?<![A-Za-z0-9-])${escape(domain)}(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, "iu")
    });
  for (const hash of set.hashes)
    matchers.push({ kind: "hash", indicator: hash, severity: "high", regex: new RegExp(`(?<![0-9a-f])${escape(hash)}(?![0-9a-f])`, "iu") });
  return matchers;
}
var IPV4 = /(?<![0-9.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![0-9]|\.\d)/g;
function ipv4sIn(text) {
  return text.match(IPV4) ?? [];
}

// dist/investigate/line-search.js
var MAX_LINE = 8192;
var LEADING_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))\s/;
function leadingTime(text) {
  const stamp = LEADING_TIME.exec(text)?.[1];
  if (!stamp)
    return void 0;
  const ms = Date.parse(stamp.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isFinite(ms) ? ms : void 0;
}
async function searchLines(lines, matchers, options) {
  const ordered = [...matchers].reverse();
  const result = { matches: [], total: 0, byIndicator: /* @__PURE__ */ new Map(), timestamps: [], sourceIps: /* @__PURE__ */ new Map() };
  const window = [];
  const waitingForAfter = [];
  for await (const { number, text: raw } of lines) {
    const text = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    for (const pending of waitingForAfter)
      pending.after.push(text);
    while (waitingForAfter.length > 0 && waitingForAfter[0].after.length >= options.context)
      waitingForAfter.shift();
    const matcher = ordered.find((candidate) => candidate.regex.test(text));
    if (matcher) {
      result.total++;
      result.byIndicator.set(matcher.indicator, (result.byIndicator.get(matcher.indicator) ?? 0) + 1);
      const at = leadingTime(text);
      if (at !== void 0)
        result.timestamps.push(at);
      for (const ip of ipv4sIn(text))
        result.sourceIps.set(ip, (result.sourceIps.get(ip) ?? 0) + 1);
      if (result.matches.length < options.maxMatches) {
        const match = { line: number, text, matcher, before: [...window], after: [], ...at !== void 0 ? { at } : {} };
        result.matches.push(match);
        if (options.context > 0)
          waitingForAfter.push(match);
      }
    }
    if (options.context > 0) {
      window.push(text);
      if (window.length > options.context)
        window.shift();
    }
  }
  return result;
}
function maxInWindow(timestamps, windowMs) {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs)
      start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
function matchDetail(match, file) {
  return {
    indicator: match.matcher.indicator,
    indicator_kind: match.matcher.kind,
    file,
    line: match.line,
    text: match.text.slice(0, 500),
    before: match.before.map((line) => line.slice(0, 500)),
    after: match.after.map((line) => line.slice(0, 500))
  };
}

// dist/actions/investigate/grep.js
var TEXT_KINDS = ["logs", "host-command", "network", "processes", "inspect", "diff"];
var investigateGrep = defineAction({
  name: "investigate.grep",
  phase: "investigation",
  summary: "Search the incident's captured text evidence for IoCs (default error|fail|attack|intrusion, plus regexes, IPs, domains, hashes), line by line.",
  params: external_exports.object({
    ...iocParams,
    default_patterns: external_exports.boolean().default(true).describe("also search for error|fail|attack|intrusion"),
    kinds: external_exports.array(external_exports.string().min(1)).default(["logs", "host-command"]).describe(`evidence kinds to search (text kinds: ${TEXT_KINDS.join(", ")})`),
    steps: external_exports.array(external_exports.string().min(1)).default([]).describe("only evidence captured by these steps (default: any step)"),
    context: external_exports.number().int().min(0).max(20).default(2).describe("lines kept before and after each match"),
    max_matches: external_exports.number().int().min(1).max(1e4).default(200).describe("matches stored as findings; more are only counted"),
    window: durationSchema.default("1m").describe("window for outputs.max_per_window (timestamped lines)")
  }).strict().refine((params3) => params3.default_patterns || params3.patterns.length + params3.ips.length + params3.domains.length + params3.hashes.length > 0, {
    message: "nothing to search for: give patterns, ips, domains or hashes, or leave default_patterns on"
  }),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: ioc-scan
  uses: investigate.grep
  with: { patterns: ["Failed password"], ips: [203.0.113.7], kinds: [logs] }`,
  async run(ctx) {
    const { params: params3 } = ctx;
    const matchers = compileIocs({ ...params3, defaultPatterns: params3.default_patterns });
    const artifacts = await verifiedArtifacts(ctx, { kinds: params3.kinds, steps: params3.steps }, "investigate.grep");
    const findings = [];
    const byIndicator = {};
    const sources = /* @__PURE__ */ new Map();
    const timestamps = [];
    let total = 0;
    for (const { row, path } of artifacts) {
      const result = await searchLines(linesOf(path, ctx.signal), matchers, { context: params3.context, maxMatches: params3.max_matches - findings.length });
      total += result.total;
      timestamps.push(...result.timestamps);
      for (const [indicator, count] of result.byIndicator)
        byIndicator[indicator] = (byIndicator[indicator] ?? 0) + count;
      for (const [ip, count] of result.sourceIps)
        sources.set(ip, (sources.get(ip) ?? 0) + count);
      for (const match of result.matches) {
        findings.push({ severity: match.matcher.severity, kind: "ioc-match", evidenceId: row.id, detail: matchDetail(match, row.path) });
      }
    }
    const ranked = [...sources.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const extra = {
      matches: total,
      truncated: total > findings.length,
      by_indicator: byIndicator,
      files: artifacts.length,
      max_per_window: maxInWindow(timestamps, parseDuration(params3.window)),
      top_source: ranked[0]?.[0] ?? null,
      sources: Object.fromEntries(ranked.slice(0, 50))
    };
    return findingsOutcome(ctx, findings, artifacts.map((a) => a.row.id), `searched ${plural(artifacts.length, "file")}, ${plural(total, "matching line")}`, extra);
  }
});

// dist/actions/recover/images.js
var imageRefSchema = external_exports.string().min(1).max(512).regex(/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/, "expected an image reference such as web:1.4.2, registry.example/web@sha256:\u2026 or an image id");
async function expectedImage(docker, ref, signal) {
  try {
    return await docker.getImage(ref).inspect({ abortSignal: signal });
  } catch (error) {
    if (error.statusCode === 404) {
      throw new NotFoundError(`image "${ref}" is not on the Docker engine`, {
        hint: `load or build it there first (docker load / docker build -t ${ref}); irctl never pulls images during an incident`,
        cause: error
      });
    }
    throw error;
  }
}

// dist/actions/investigate/image.js
var inspectDocument = external_exports.object({ Id: external_exports.string(), Image: external_exports.string(), Config: external_exports.object({ Image: external_exports.string() }).loose() }).loose();
var investigateImage = defineAction({
  name: "investigate.image",
  phase: "investigation",
  summary: "Compare the image the container ran (from its inspect evidence) with the expected image; report drift.",
  params: external_exports.object({
    expected: imageRefSchema.describe("the image the service should run: a name:tag, name@sha256:\u2026 or image id"),
    host: external_exports.string().min(1).max(64).default("local").describe("Docker host the expected image is looked up on"),
    steps: external_exports.array(external_exports.string().min(1)).default([]).describe("only inspect evidence captured by these steps (default: any)")
  }).strict(),
  idempotent: true,
  auto: true,
  requires: ["image.inspect"],
  example: `- id: image-drift
  uses: investigate.image
  with: { expected: "registry.example/web:1.4.2" }`,
  async run(ctx) {
    const artifacts = await verifiedArtifacts(ctx, { kinds: ["inspect"], steps: ctx.params.steps }, "investigate.image");
    const { row, path } = artifacts[artifacts.length - 1];
    const parsed = inspectDocument.safeParse(await readVerifiedJson(path, row));
    if (!parsed.success) {
      return findingsOutcome(ctx, [], [row.id], `inspect evidence ${row.id} names no image`, { drift: false, running_image_id: null, expected_image_id: null });
    }
    const host = ctx.services.docker.host(ctx.params.host);
    const expected = await dockerCall({ host: host.name, url: host.url, what: `inspect image ${ctx.params.expected}` }, () => expectedImage(host.docker, ctx.params.expected, ctx.signal), {
      signal: ctx.signal
    });
    const running = parsed.data.Image;
    const drift = running !== expected.Id;
    const findings = drift ? [
      {
        severity: "high",
        kind: "image-drift",
        evidenceId: row.id,
        detail: {
          container_id: parsed.data.Id,
          running_ref: parsed.data.Config.Image,
          running_image_id: running,
          expected: ctx.params.expected,
          expected_image_id: expected.Id,
          why: "the container does not run the expected image"
        }
      }
    ] : [];
    return findingsOutcome(ctx, findings, [row.id], `container ${parsed.data.Id.slice(0, 12)} runs ${running.slice(0, 19)}; expected ${expected.Id.slice(0, 19)}`, {
      drift,
      running_image_id: running,
      expected_image_id: expected.Id,
      expected_digests: expected.RepoDigests ?? []
    });
  }
});

// dist/investigate/address.js
import { isIPv4, isIPv6 } from "node:net";
var V4_PRIVATE = [
  [167772160, 8],
  // 10/8
  [2886729728, 12],
  // 172.16/12
  [3232235520, 16],
  // 192.168/16
  [2130706432, 8],
  // 127/8
  [2851995648, 16],
  // 169.254/16
  [1681915904, 10],
  // 100.64/10
  [0, 8]
  // 0/8 (unspecified)
];
function v4Number(address) {
  return address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}
function isPrivateAddress(address) {
  if (isIPv4(address)) {
    const value = v4Number(address);
    return V4_PRIVATE.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
  }
  if (isIPv6(address)) {
    const lower = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped)
      return isPrivateAddress(mapped[1]);
    return lower === "::" || lower === "::1" || /^f[cd][0-9a-f]{0,2}:/.test(lower) || /^fe[89ab][0-9a-f]?:/.test(lower);
  }
  return false;
}

// dist/actions/investigate/network.js
var socketsDocument = external_exports.object({
  sockets: external_exports.array(external_exports.object({
    protocol: external_exports.string(),
    local: external_exports.string(),
    remote: external_exports.string(),
    remoteAddress: external_exports.string(),
    remotePort: external_exports.number(),
    localPort: external_exports.number(),
    state: external_exports.string()
  }))
});
var UNSPECIFIED = /* @__PURE__ */ new Set(["0.0.0.0", "::"]);
var investigateNetwork = defineAction({
  name: "investigate.network",
  phase: "investigation",
  summary: "Flag connections to non-private addresses or known-bad IPs, and unexpected listening ports, in the network evidence.",
  params: external_exports.object({
    ips: external_exports.array(ipSchema).default([]).describe("addresses known to be malicious (critical when connected to)"),
    expected_ports: external_exports.array(external_exports.number().int().min(1).max(65535)).optional().describe("ports the service listens on; any other listener is flagged"),
    steps: external_exports.array(external_exports.string().min(1)).default([]).describe("only network evidence captured by these steps (default: any)")
  }).strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: review-connections
  uses: investigate.network
  with: { ips: [203.0.113.7], expected_ports: [8080] }`,
  async run(ctx) {
    const known = new Set(ctx.params.ips);
    const artifacts = (await verifiedArtifacts(ctx, { kinds: ["network"], steps: ctx.params.steps }, "investigate.network")).filter((a) => a.row.media_type === "application/json");
    const findings = [];
    let connections = 0;
    for (const { row, path } of artifacts) {
      const parsed = socketsDocument.safeParse(await readVerifiedJson(path, row));
      for (const socket of parsed.success ? parsed.data.sockets : []) {
        const listening = socket.state === "LISTEN" || socket.state === "UNCONN" && UNSPECIFIED.has(socket.remoteAddress);
        const detail = { protocol: socket.protocol, local: socket.local, remote: socket.remote, state: socket.state };
        if (listening) {
          if (ctx.params.expected_ports && !ctx.params.expected_ports.includes(socket.localPort)) {
            findings.push({
              severity: "medium",
              kind: "unexpected-listener",
              evidenceId: row.id,
              detail: { ...detail, why: "listens on a port the service does not use" }
            });
          }
          continue;
        }
        connections++;
        if (known.has(socket.remoteAddress))
          findings.push({ severity: "critical", kind: "ioc-connection", evidenceId: row.id, detail: { ...detail, why: "connected to a known-bad address" } });
        else if (!isPrivateAddress(socket.remoteAddress))
          findings.push({
            severity: "medium",
            kind: "external-connection",
            evidenceId: row.id,
            detail: { ...detail, why: "connected to an address outside private ranges" }
          });
      }
    }
    const count = (kind) => findings.filter((finding) => finding.kind === kind).length;
    return findingsOutcome(ctx, findings, artifacts.map((a) => a.row.id), `reviewed ${plural(connections, "connection")}`, {
      connections,
      external: count("external-connection"),
      ioc_connections: count("ioc-connection"),
      unexpected_listeners: count("unexpected-listener")
    });
  }
});

// dist/investigate/process-rules.js
import { posix as posix3 } from "node:path";
var SHELLS = /* @__PURE__ */ new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish"]);
var MINER = /xmrig|minerd|cpuminer|cryptonight|stratum\+(?:tcp|ssl):|nicehash|ethminer|nbminer|t-rex|\bminer\b/i;
var REVERSE_SHELL = [
  /\b(?:nc|ncat|netcat)\b.*\s-(?:e|c)\s/,
  /\/dev\/(?:tcp|udp)\//,
  /\b(?:ba)?sh\s+-i\b/,
  /\bsocat\b.*\bexec:/i,
  /\bmkfifo\b/,
  /\b(?:python[0-9.]*|perl|ruby|php)\b.*\bsocket\b/
];
var LISTENER = /\b(?:nc|ncat|netcat)\b.*\s-[a-z]*l/;
function programOf(cmd) {
  const [first = "", second = ""] = cmd.trim().split(/\s+/);
  const program = posix3.basename(first);
  return program === "busybox" && second ? posix3.basename(second) : program;
}
function entrypointLineage(processes) {
  const pids = new Set(processes.map((p) => p.pid));
  const roots = processes.filter((p) => !pids.has(p.ppid)).sort((a, b) => a.pid - b.pid);
  const lineage = new Set(roots.length ? [roots[0].pid] : []);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) {
      if (!lineage.has(p.pid) && lineage.has(p.ppid)) {
        lineage.add(p.pid);
        grew = true;
      }
    }
  }
  return lineage;
}
function classifyProcesses(processes, allowed = () => false) {
  const lineage = entrypointLineage(processes);
  const findings = [];
  for (const process of processes) {
    if (allowed(process.cmd))
      continue;
    const foreign = !lineage.has(process.pid);
    if (MINER.test(process.cmd))
      findings.push({ kind: "miner", severity: "critical", process, why: "the command line names a cryptocurrency miner or a mining pool" });
    else if (REVERSE_SHELL.some((pattern) => pattern.test(process.cmd)))
      findings.push({ kind: "reverse-shell", severity: "critical", process, why: "the command line has the shape of a reverse shell" });
    else if (LISTENER.test(process.cmd))
      findings.push({ kind: "listener", severity: "high", process, why: "netcat listening: a bind shell or a file drop" });
    else if (foreign && SHELLS.has(programOf(process.cmd)))
      findings.push({ kind: "shell", severity: "high", process, why: "an interactive shell that the entrypoint did not start (docker exec?)" });
    else if (foreign)
      findings.push({ kind: "foreign-process", severity: "medium", process, why: "not started by the entrypoint or its children" });
  }
  return findings;
}
function processRows(document) {
  const rows = document?.processes;
  if (!Array.isArray(rows))
    return [];
  return rows.map((row) => ({
    pid: Number(row.PID),
    ppid: Number(row.PPID),
    user: String(row.UID ?? row.USER ?? ""),
    cmd: String(row.CMD ?? row.COMMAND ?? "")
  }));
}
function processDetail(finding) {
  return { pid: finding.process.pid, ppid: finding.process.ppid, user: finding.process.user, cmd: finding.process.cmd, why: finding.why };
}

// dist/actions/investigate/processes.js
var investigateProcesses = defineAction({
  name: "investigate.processes",
  phase: "investigation",
  summary: "Flag miners, reverse shells, listeners, shells and processes outside the entrypoint lineage in the processes evidence.",
  params: external_exports.object({
    allow: external_exports.array(regexSchema).default([]).describe('command lines (regexes) that are expected, e.g. "^nginx: worker"'),
    steps: external_exports.array(external_exports.string().min(1)).default([]).describe("only processes evidence captured by these steps (default: any)")
  }).strict(),
  idempotent: true,
  auto: true,
  requires: [],
  example: `- id: review-processes
  uses: investigate.processes
  with: { allow: ["^httpd "] }`,
  async run(ctx) {
    const allow = ctx.params.allow.map((source) => new RegExp(source, "u"));
    const artifacts = await verifiedArtifacts(ctx, { kinds: ["processes"], steps: ctx.params.steps }, "investigate.processes");
    const findings = [];
    let processes = 0;
    for (const { row, path } of artifacts) {
      const rows = processRows(await readVerifiedJson(path, row));
      processes += rows.length;
      for (const found of classifyProcesses(rows, (cmd) => allow.some((regex) => regex.test(cmd)))) {
        findings.push({ severity: found.severity, kind: found.kind, evidenceId: row.id, detail: processDetail(found) });
      }
    }
    const count = (kind) => findings.filter((finding) => finding.kind === kind).length;
    return findingsOutcome(ctx, findings, artifacts.map((a) => a.row.id), `reviewed ${plural(processes, "process", "processes")}`, {
      processes,
      shells: count("shell"),
      miners: count("miner"),
      reverse_shell: count("reverse-shell") > 0,
      listeners: count("listener"),
      foreign: count("foreign-process")
    });
  }
});

// dist/actions/investigate/index.js
var investigateActions = [
  investigateGrep,
  investigateDiffReview,
  investigateProcesses,
  investigateNetwork,
  investigateImage
];

// dist/actions/recover/clean-config.js
var same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
function recreatePlan(inputs) {
  const { old, oldImage, cleanImage } = inputs;
  const imageConfig = oldImage?.Config ?? {};
  const oldConfig = old.Config;
  const overridden = (key) => oldImage && same(oldConfig[key], imageConfig[key]) ? void 0 : oldConfig[key];
  const imageEnv = new Set(imageConfig.Env ?? []);
  const env = (old.Config.Env ?? []).filter((entry) => !imageEnv.has(entry));
  const imageLabels = imageConfig.Labels ?? {};
  const labels = Object.fromEntries(Object.entries(old.Config.Labels ?? {}).filter(([key, value]) => imageLabels[key] !== value));
  const hostConfig = { ...old.HostConfig };
  if (inputs.limits) {
    Object.assign(hostConfig, {
      NanoCpus: inputs.limits.nano_cpus,
      CpuQuota: inputs.limits.cpu_quota,
      CpuPeriod: inputs.limits.cpu_period,
      Memory: inputs.limits.memory,
      MemorySwap: inputs.limits.memory_swap,
      PidsLimit: inputs.limits.pids_limit > 0 ? inputs.limits.pids_limit : 0
    });
  }
  const [first] = inputs.networks;
  const mode = hostConfig.NetworkMode ?? "";
  const sharesNamespace = mode === "host" || mode.startsWith("container:");
  if (!sharesNamespace)
    hostConfig.NetworkMode = first ? first.network : "none";
  const create = {
    name: inputs.temporaryName,
    Image: inputs.cleanRef,
    Env: [...(cleanImage.Config?.Env ?? []).filter((entry) => !env.some((own) => own.split("=")[0] === entry.split("=")[0])), ...env],
    Labels: { ...labels, ...inputs.labels },
    Cmd: overridden("Cmd"),
    Entrypoint: overridden("Entrypoint"),
    User: overridden("User"),
    WorkingDir: overridden("WorkingDir"),
    Hostname: old.Config.Hostname === old.Id.slice(0, 12) ? void 0 : old.Config.Hostname,
    Domainname: old.Config.Domainname || void 0,
    ExposedPorts: old.Config.ExposedPorts,
    Healthcheck: old.Config.Healthcheck,
    Tty: old.Config.Tty,
    OpenStdin: old.Config.OpenStdin,
    StopSignal: old.Config.StopSignal,
    HostConfig: hostConfig,
    ...first && !sharesNamespace ? { NetworkingConfig: { EndpointsConfig: { [first.network]: endpointConfig(first) } } } : {}
  };
  return { create, networks: sharesNamespace ? [] : inputs.networks };
}
function endpointConfig(snapshot) {
  return {
    ...snapshot.aliases.length ? { Aliases: snapshot.aliases } : {},
    ...snapshot.links.length ? { Links: snapshot.links } : {}
  };
}

// dist/actions/recover/container-ops.js
import { randomBytes } from "node:crypto";
var shortName = (info) => info.Name.replace(/^\//, "");
var suffix = () => randomBytes(3).toString("hex");
async function targetById(base, containerId, signal) {
  const container = base.docker.getContainer(containerId);
  const info = await dockerCall({ host: base.hostName, url: base.hostUrl, what: `inspect container ${containerId.slice(0, 12)}` }, () => container.inspect({ abortSignal: signal }), { signal });
  return { ...base, container, info };
}
async function renameContainer(target, name, signal) {
  await dockerCall(operationOn(target, `rename container ${target.info.Id.slice(0, 12)} to ${name}`), () => target.container.rename({ name, abortSignal: signal }), { signal, changes: true });
}
function unlessNotModified(error) {
  if (error.details?.statusCode !== 304)
    throw error;
}
async function stopContainer(target, seconds, signal) {
  await dockerCall(operationOn(target, `stop container ${target.info.Id.slice(0, 12)}`), () => target.container.stop({ t: seconds, abortSignal: signal }), {
    signal,
    changes: true
  }).catch(unlessNotModified);
}
async function startContainer(target, signal) {
  await dockerCall(operationOn(target, `start container ${target.info.Id.slice(0, 12)}`), () => target.container.start({ abortSignal: signal }), {
    signal,
    changes: true
  }).catch(unlessNotModified);
}
async function removeContainer(target, signal) {
  await dockerCall(operationOn(target, `remove container ${target.info.Id.slice(0, 12)}`), () => target.container.remove({ force: true, v: false, abortSignal: signal }), { signal, changes: true });
}

// dist/actions/recover/containment-history.js
var isolationDetails = external_exports.object({
  quarantine_network: external_exports.string(),
  network_mode: external_exports.string().optional(),
  original_networks: external_exports.array(endpointSnapshotSchema)
});
var limitDetails = external_exports.object({ previous_limits: resourceLimitsSchema });
function isolationOf(db, incidentId, containerId) {
  const parsed = containmentRecords(listCustody(db, incidentId), containerId, "docker.isolate").map((record) => isolationDetails.safeParse(record.details)).flatMap((p) => p.success ? [p.data] : []);
  const first = parsed.find((details) => details.original_networks.length > 0) ?? parsed[0];
  if (!first)
    return void 0;
  const known = first.original_networks.length > 0 || first.network_mode === "none";
  return { quarantineNetwork: first.quarantine_network, originalNetworks: first.original_networks, known };
}
function replacedBy(db, incidentId, containerId) {
  return listCustody(db, incidentId).find((record) => record.act === "recreated" && record.details?.new_container_id === containerId)?.subject;
}
function limitsBeforeContainment(db, incidentId, containerId) {
  const [first] = containmentRecords(listCustody(db, incidentId), containerId, "docker.limit");
  const parsed = limitDetails.safeParse(first?.details);
  return parsed.success ? parsed.data.previous_limits : void 0;
}

// dist/actions/recover/health.js
import { setTimeout as delay2 } from "node:timers/promises";
var POLL_MS = 200;
async function waitUntilHealthy(target, settleMs, timeoutMs, signal) {
  const deadline = Date.now() + timeoutMs;
  let runningSince;
  for (; ; ) {
    const info = await reinspect(target, signal);
    const state = info.State;
    if (!state.Running || state.Restarting) {
      return {
        ok: false,
        why: `it is ${state.Restarting ? "restarting" : state.Status} (exit code ${state.ExitCode}${state.Error ? `, ${state.Error}` : ""})`
      };
    }
    if (state.Health && state.Health.Status !== "none") {
      if (state.Health.Status === "healthy")
        return { ok: true, health: "healthy" };
      if (state.Health.Status === "unhealthy") {
        const last = state.Health.Log?.[state.Health.Log.length - 1]?.Output?.trim();
        return { ok: false, why: `its HEALTHCHECK reports unhealthy${last ? `: ${last.slice(0, 300)}` : ""}` };
      }
    } else {
      runningSince ??= Date.now();
      if (Date.now() - runningSince >= settleMs)
        return { ok: true, health: "running" };
    }
    if (Date.now() >= deadline) {
      return {
        ok: false,
        why: state.Health ? `its HEALTHCHECK was still "${state.Health.Status}" after ${timeoutMs} ms` : `it did not stay up for ${settleMs} ms within ${timeoutMs} ms`
      };
    }
    await delay2(POLL_MS, void 0, { signal });
  }
}

// dist/actions/recover/recreate-leftovers.js
import { createHash } from "node:crypto";
var LABEL = {
  incident: "irctl.incident",
  step: "irctl.step",
  target: "irctl.recreate.target",
  recreatedFrom: "irctl.recreated_from",
  name: "irctl.recreate.name",
  oldState: "irctl.recreate.old_state"
};
var TEMPORARY_INFIX = "-irctl-new-";
var memorySchema = external_exports.object({
  [LABEL.recreatedFrom]: external_exports.string().regex(/^[0-9a-f]{64}$/),
  [LABEL.name]: external_exports.string().min(1),
  [LABEL.oldState]: external_exports.enum(["running", "paused", "stopped"])
});
var stateOf = (info) => info.State.Paused ? "paused" : info.State.Running ? "running" : "stopped";
var temporaryName = (name, suffix2) => `${name}${TEMPORARY_INFIX}${suffix2}`;
var oldName = (name, oldId) => `${name}-irctl-old-${oldId.slice(0, 12)}`;
var targetKey = (scope) => createHash("sha256").update(JSON.stringify([scope.hostName, scope.container])).digest("hex").slice(0, 16);
function recreateLabels(scope, memory) {
  return {
    [LABEL.incident]: scope.incidentId,
    [LABEL.step]: scope.stepId,
    [LABEL.target]: targetKey(scope),
    [LABEL.recreatedFrom]: memory.oldId,
    [LABEL.name]: memory.name,
    [LABEL.oldState]: memory.oldState
  };
}
async function findLeftovers(host, scope, db, signal) {
  const filters = [`${LABEL.incident}=${scope.incidentId}`, `${LABEL.step}=${scope.stepId}`, `${LABEL.target}=${targetKey(scope)}`];
  const op = { host: host.hostName, url: host.hostUrl, what: `list containers left by step ${scope.stepId}` };
  const listed = await dockerCall(op, () => host.docker.listContainers({ all: true, filters: { label: filters }, abortSignal: signal }), { signal });
  const recorded2 = new Set(listCustody(db, scope.incidentId).filter((record) => record.act === "recreated").map((record) => record.details?.new_container_id));
  const leftovers = { temporary: [] };
  for (const container of listed) {
    const parsed = memorySchema.safeParse(container.Labels);
    if (!parsed.success)
      continue;
    const memory = { oldId: parsed.data[LABEL.recreatedFrom], name: parsed.data[LABEL.name], oldState: parsed.data[LABEL.oldState] };
    const leftover = { id: container.Id, name: (container.Names[0] ?? "").replace(/^\//, ""), memory };
    if (leftover.name.startsWith(`${memory.name}${TEMPORARY_INFIX}`))
      leftovers.temporary.push(leftover);
    else if (leftover.name === memory.name && !recorded2.has(container.Id))
      leftovers.swapped = leftover;
  }
  return leftovers;
}
async function targetIfPresent(base, containerId, signal) {
  try {
    return await targetById(base, containerId, signal);
  } catch (error) {
    if (error instanceof NotFoundError)
      return void 0;
    throw error;
  }
}

// dist/actions/recover/recreate-put-back.js
async function ensureName(target, name, signal) {
  if (shortName(await reinspect(target, signal)) !== name)
    await renameContainer(target, name, signal);
}
async function restoreRunState(old, state, signal) {
  if (state === "stopped")
    return;
  await startContainer(old, signal);
  if (state === "paused")
    await setPaused(old, true, signal);
}
async function putBack(ctx, plan, failure) {
  const { old, fresh } = plan;
  const { signal } = ctx;
  try {
    await stopContainer(fresh, 1, signal);
    await ensureName(fresh, plan.temporaryName, signal);
    await ensureName(old, plan.name, signal);
    await restoreRunState(old, plan.oldState, signal);
    await removeContainer(fresh, signal);
  } catch (putBackError) {
    throw new ActionFailedError(`${failure.message}; putting ${nameOf(old)} back also failed: ${putBackError.message}`, {
      hint: `irctl resume ${ctx.incidentId} --retry-step ${ctx.stepId}  (the retry finds the containers this step left by their irctl.step label and finishes the recreate)`,
      cause: failure
    });
  }
  throw failure;
}
async function removeTemporaries(ctx, base, temporaries) {
  for (const leftover of temporaries) {
    const target = await targetIfPresent(base, leftover.id, ctx.signal);
    if (target)
      await removeContainer(target, ctx.signal);
    ctx.log.info({ containerId: leftover.id, name: leftover.name }, "removed a temporary container left by an earlier attempt of this step");
  }
  return temporaries.map((leftover) => leftover.id);
}

// dist/actions/recover/image-choice.js
var inspectedWhere = external_exports.object({ image_id: external_exports.string().startsWith("sha256:"), image_ref: external_exports.string().optional() });
function recordedImage(db, incidentId, containerId) {
  for (const record of listCustody(db, incidentId)) {
    if (record.act !== "acquired" || record.subject !== containerId || record.how?.action !== "evidence.inspect")
      continue;
    const parsed = inspectedWhere.safeParse(record.where);
    if (parsed.success)
      return { imageId: parsed.data.image_id, ref: parsed.data.image_ref };
  }
  return void 0;
}
async function chooseImage(input) {
  const { docker, old, signal } = input;
  if (input.named) {
    const image2 = await expectedImage(docker, input.named, signal);
    return { ref: input.named, imageId: image2.Id, label: input.named, source: "named", repoDigests: image2.RepoDigests ?? [], image: image2 };
  }
  const containerName = old.Name.replace(/^\//, "") || old.Id.slice(0, 12);
  const recorded2 = recordedImage(input.db, input.incidentId, old.Id);
  if (recorded2 && recorded2.imageId !== old.Image) {
    throw new ActionFailedError(`evidence.inspect recorded image ${recorded2.imageId.slice(0, 19)} for ${containerName}, but it now runs ${old.Image.slice(0, 19)}`, {
      hint: "name the clean image to recreate from (input clean_image, or image: on the step)"
    });
  }
  const imageId = recorded2?.imageId ?? old.Image;
  const ref = recorded2?.ref ?? old.Config.Image;
  let image;
  try {
    image = await expectedImage(docker, imageId, signal);
  } catch (error) {
    if (!(error instanceof NotFoundError))
      throw error;
    throw new NotFoundError(`the image ${containerName} was created from (${ref}, ${imageId.slice(0, 19)}) is no longer on the engine`, {
      hint: "name a clean image that is on the engine: --input clean_image=<image>, or image: on the recover.recreate step",
      cause: error
    });
  }
  return {
    ref: imageId,
    imageId,
    label: `${ref} (the image ${containerName} was created from)`,
    source: "original",
    repoDigests: image.RepoDigests ?? [],
    image
  };
}
function describeChoice(choice) {
  const digests = choice.repoDigests.length ? `, registry digest ${choice.repoDigests.join(", ")}` : "";
  return `${choice.label}, image id ${choice.imageId}${digests}`;
}

// dist/actions/recover/recreate.js
var ACTION10 = "recover.recreate";
var params2 = external_exports.object({
  ...targetParams,
  image: imageRefSchema.optional().describe("the clean image, already on the engine (never pulled); without it, the image the container was created from, pinned by the image id evidence.inspect recorded"),
  keep_old: external_exports.boolean().default(false).describe("keep the old container (stopped, renamed) instead of removing it; undo can then restore it"),
  stop_timeout: durationSchema.default("5s").describe("grace period when stopping the old container"),
  settle: durationSchema.default("2s").describe("without a HEALTHCHECK: how long the new container must stay up"),
  health_timeout: durationSchema.default("60s").describe("how long to wait for the new container to be healthy")
}).strict();
var doneOutputs = external_exports.object({
  container_id: external_exports.string(),
  container_name: external_exports.string(),
  old_container_id: external_exports.string(),
  old_container_name: external_exports.string().nullable(),
  old_was_paused: external_exports.boolean()
});
var recoverRecreate = defineAction({
  name: ACTION10,
  phase: "recovery",
  summary: "Replace a container with a fresh one from a clean image, keeping its config (env, mounts, ports, networks, labels, restart policy); healthy first, then swap.",
  params: params2,
  idempotent: false,
  auto: false,
  requires: [
    "image.inspect",
    "container.list",
    "container.create",
    "container.start",
    "container.stop",
    "container.rename",
    "container.remove",
    "network.connect"
  ],
  example: `- id: rebuild
  uses: recover.recreate
  with: { container: "\${{ inputs.container }}", image: "web:1.4.2" }
  on_failure: rollback`,
  async run(ctx) {
    const host = ctx.services.docker.host(ctx.params.host);
    const base = { hostName: host.name, hostUrl: host.url, docker: host.docker };
    const scope = { incidentId: ctx.incidentId, stepId: ctx.stepId, hostName: host.name, container: ctx.params.container };
    const leftovers = await findLeftovers(base, scope, ctx.services.db, ctx.signal);
    if (leftovers.swapped)
      return finishInterruptedSwap(ctx, base, leftovers.swapped, leftovers.temporary);
    const remembered = leftovers.temporary[0]?.memory;
    const rememberedOld = remembered && await targetIfPresent(base, remembered.oldId, ctx.signal);
    const old = rememberedOld ?? await resolveTarget(ctx);
    const memory = rememberedOld ? remembered : { oldId: old.info.Id, name: shortName(old.info), oldState: stateOf(old.info) };
    const { name } = memory;
    const choice = await dockerCall(operationOn(old, `inspect image ${ctx.params.image ?? old.info.Image}`), () => chooseImage({ docker: old.docker, db: ctx.services.db, incidentId: ctx.incidentId, old: old.info, named: ctx.params.image, signal: ctx.signal }), { signal: ctx.signal });
    const cleanImage = choice.image;
    const oldImage = await old.docker.getImage(old.info.Image).inspect().catch(() => void 0);
    const isolation = isolationOf(ctx.services.db, ctx.incidentId, old.info.Id);
    refuseUnknownNetworks(old, isolation, ctx.services.docker.quarantineNetwork);
    const plan = recreatePlan({
      old: old.info,
      oldImage,
      cleanImage,
      cleanRef: choice.ref,
      temporaryName: temporaryName(name, suffix()),
      networks: isolation ? isolation.originalNetworks : snapshotEndpoints(old.info, [ctx.services.docker.quarantineNetwork]),
      limits: limitsBeforeContainment(ctx.services.db, ctx.incidentId, old.info.Id),
      labels: recreateLabels(scope, memory)
    });
    const created = await dockerCall(operationOn(old, `create a container from ${choice.label}`), () => old.docker.createContainer({ ...plan.create, abortSignal: ctx.signal }), {
      signal: ctx.signal,
      changes: true
    });
    const fresh = await targetById(old, created.id, ctx.signal);
    const leftoversRemoved = await removeTemporaries(ctx, base, leftovers.temporary);
    const swappedOldName = oldName(name, old.info.Id);
    try {
      await ensureName(old, name, ctx.signal);
      for (const endpoint of plan.networks.slice(1))
        await connect(fresh, endpoint.network_id || endpoint.network, endpointConfig(endpoint), ctx.signal);
      await stopContainer(old, parseDuration(ctx.params.stop_timeout) / 1e3, ctx.signal);
      await startContainer(fresh, ctx.signal);
      const verdict = await waitUntilHealthy(fresh, parseDuration(ctx.params.settle), parseDuration(ctx.params.health_timeout), ctx.signal);
      if (!verdict.ok) {
        throw new ActionFailedError(`the new container from ${choice.label} failed its check: ${verdict.why}; ${name} (${old.info.Id.slice(0, 12)}) was left in place`, {
          hint: `docker -H ${old.hostUrl} logs ${fresh.info.Id.slice(0, 12)} is gone with it; try the image by hand (docker run --rm ${choice.ref}) and fix it before recreating again`
        });
      }
      await renameContainer(old, swappedOldName, ctx.signal);
      await renameContainer(fresh, name, ctx.signal);
    } catch (error) {
      return putBack(ctx, { old, fresh, name, temporaryName: plan.create.name, oldState: memory.oldState }, error);
    }
    if (!ctx.params.keep_old)
      await removeContainer(old, ctx.signal);
    return recorded(ctx, {
      hostName: old.hostName,
      name,
      fresh,
      oldId: old.info.Id,
      oldImageId: old.info.Image,
      oldKeptAs: ctx.params.keep_old ? swappedOldName : null,
      oldState: memory.oldState,
      imageId: cleanImage.Id,
      image: choice.label,
      networks: plan.networks.map((n) => n.network),
      leftoversRemoved
    });
  },
  // Possible only when the old container was kept: the bytes of a removed one are in the
  // forensic image, and starting a compromised image again is not a rollback a runbook should do.
  async undo(ctx, done2) {
    const outputs = doneOutputs.parse(done2.outputs);
    const host = ctx.services.docker.host(ctx.params.host);
    const base = { hostName: host.name, hostUrl: host.url, docker: host.docker };
    if (!outputs.old_container_name) {
      throw new ActionFailedError(`cannot restore ${outputs.container_name}: the old container ${outputs.old_container_id.slice(0, 12)} was removed after the swap`, {
        hint: "set keep_old: true on recover.recreate for a step that may be rolled back; its forensic image is in the evidence store"
      });
    }
    const old = await targetById(base, outputs.old_container_id, ctx.signal);
    const fresh = await targetById(base, outputs.container_id, ctx.signal).catch(() => void 0);
    if (fresh)
      await removeContainer(fresh, ctx.signal);
    await renameContainer(old, outputs.container_name, ctx.signal);
    await restoreRunState(old, outputs.old_was_paused ? "paused" : "running", ctx.signal);
    ctx.custody.record({
      act: "restored",
      actor: ctx.actor,
      subject: outputs.old_container_id,
      where: { host: host.name, container_id: outputs.old_container_id },
      how: { action: ACTION10, undo: true },
      details: { removed_container_id: outputs.container_id, name: outputs.container_name }
    });
  }
});
function refuseUnknownNetworks(old, isolation, quarantine) {
  const onQuarantine = (isolation?.quarantineNetwork ?? quarantine) in (old.info.NetworkSettings.Networks ?? {});
  if (isolation ? isolation.known : !onQuarantine)
    return;
  throw new NotFoundError(`refusing to recreate ${shortName(old.info)}: the networks it was on before isolation are not recorded in this incident`, {
    hint: `reconnect it to its networks by hand (docker network connect), or release it, then run the step again (irctl resume --retry-step)`
  });
}
async function finishInterruptedSwap(ctx, base, swapped, temporaries) {
  const { memory } = swapped;
  const fresh = await targetById(base, swapped.id, ctx.signal);
  const old = await targetIfPresent(base, memory.oldId, ctx.signal);
  const leftoversRemoved = await removeTemporaries(ctx, base, temporaries);
  await startContainer(fresh, ctx.signal);
  const oldKeptAs = old ? shortName(old.info) : null;
  const removeOld = old !== void 0 && !ctx.params.keep_old && oldKeptAs === oldName(memory.name, memory.oldId);
  if (removeOld)
    await removeContainer(old, ctx.signal);
  return recorded(ctx, {
    hostName: base.hostName,
    name: memory.name,
    fresh,
    oldId: memory.oldId,
    oldImageId: old?.info.Image,
    oldKeptAs: removeOld ? null : oldKeptAs,
    oldState: memory.oldState,
    imageId: fresh.info.Image,
    image: ctx.params.image ?? fresh.info.Config.Image,
    networks: Object.keys(fresh.info.NetworkSettings.Networks ?? {}),
    leftoversRemoved,
    resumed: true
  });
}
async function recorded(ctx, result) {
  const { fresh, oldId, name } = result;
  const engineVersion = await ctx.services.docker.engineVersion(result.hostName, ctx.signal);
  ctx.custody.record({
    act: "recreated",
    actor: ctx.actor,
    subject: oldId,
    where: { host: result.hostName, engine_version: engineVersion, container_id: oldId, ...result.oldImageId ? { image_id: result.oldImageId } : {} },
    // JSON round trip: an unset image is absent, not undefined (the ledger takes JSON only)
    how: { action: ACTION10, params: JSON.parse(JSON.stringify(ctx.params)) },
    details: {
      new_container_id: fresh.info.Id,
      image: result.image,
      image_id: result.imageId,
      old_removed: result.oldKeptAs === null,
      networks: result.networks,
      ...result.leftoversRemoved.length ? { leftovers_removed: result.leftoversRemoved } : {},
      ...result.resumed ? { resumed: true } : {}
    }
  });
  const oldFate = result.oldKeptAs === null ? "removed" : `kept as ${result.oldKeptAs}`;
  return {
    kind: "done",
    summary: `${result.resumed ? "finished an interrupted recreate of" : "recreated"} ${name} from ${result.image}: new ${fresh.info.Id.slice(0, 12)}, old ${oldId.slice(0, 12)} ${oldFate}`,
    outputs: {
      container_id: fresh.info.Id,
      container_name: name,
      image: result.image,
      image_id: result.imageId,
      old_container_id: oldId,
      old_container_name: result.oldKeptAs,
      old_removed: result.oldKeptAs === null,
      old_was_paused: result.oldState === "paused",
      networks: result.networks
    }
  };
}

// dist/actions/recover/release.js
var ACTION11 = "recover.release";
var recoverRelease = defineAction({
  name: ACTION11,
  phase: "recovery",
  summary: "Undo containment: reconnect the networks docker.isolate recorded, leave quarantine, unpause (undo: contain again).",
  params: external_exports.object({ ...targetParams }).strict(),
  idempotent: true,
  auto: false,
  requires: ["container.inspect", "network.connect", "network.disconnect", "container.unpause"],
  example: `- id: release
  uses: recover.release
  with: { container: "\${{ inputs.container }}" }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const isolation = isolationOf(ctx.services.db, ctx.incidentId, target.info.Id);
    const paused = target.info.State.Paused;
    if (!isolation && !paused) {
      throw new NotFoundError(`incident ${ctx.incidentId} has no containment of ${nameOf(target)} to release: no docker.isolate record and it is not paused`, {
        hint: `irctl custody log ${ctx.incidentId} shows what was done to which container`
      });
    }
    const attached = target.info.NetworkSettings.Networks ?? {};
    const quarantineName = isolation?.quarantineNetwork ?? ctx.services.docker.quarantineNetwork;
    if (isolation && !isolation.known || !isolation && quarantineName in attached) {
      throw new NotFoundError(`refusing to release ${nameOf(target)}: incident ${ctx.incidentId} does not record the networks it was on before isolation`, {
        hint: `reconnect it by hand (docker network connect --alias \u2026 --ip \u2026 NETWORK ${target.info.Id.slice(0, 12)}), then docker network disconnect ${quarantineName} ${target.info.Id.slice(0, 12)}; irctl custody log ${ctx.incidentId} shows what was recorded`
      });
    }
    const reconnected = [];
    for (const endpoint of isolation?.originalNetworks ?? []) {
      if (endpoint.network in attached)
        continue;
      await reconnect(target, endpoint, ctx.signal);
      reconnected.push(endpoint.network);
    }
    const quarantine = isolation ? attached[isolation.quarantineNetwork] : void 0;
    if (quarantine)
      await disconnect(target, quarantine.NetworkID || isolation.quarantineNetwork, ctx.signal);
    if (paused)
      await setPaused(target, false, ctx.signal);
    await recordContainerAct(ctx, target, "released", ACTION11, { reconnected, left_quarantine: Boolean(quarantine), unpaused: paused });
    return {
      kind: "done",
      summary: `released ${nameOf(target)}: ${reconnected.length ? `reconnected ${reconnected.join(", ")}` : "no network to reconnect"}${quarantine ? `, left ${isolation.quarantineNetwork}` : ""}${paused ? ", unpaused" : ""}`,
      outputs: {
        container_id: target.info.Id,
        reconnected,
        quarantine_network: isolation?.quarantineNetwork ?? null,
        left_quarantine: Boolean(quarantine),
        unpaused: paused
      }
    };
  },
  // Contain again exactly what this step released.
  async undo(ctx, done2) {
    const outputs = external_exports.object({ reconnected: external_exports.array(external_exports.string()), quarantine_network: external_exports.string().nullable(), left_quarantine: external_exports.boolean(), unpaused: external_exports.boolean() }).parse(done2.outputs);
    const target = await resolveTarget(ctx);
    if (outputs.left_quarantine && outputs.quarantine_network && !(outputs.quarantine_network in (target.info.NetworkSettings.Networks ?? {}))) {
      const quarantine = await ensureQuarantineNetwork(target, outputs.quarantine_network, ctx.signal);
      await connect(target, quarantine.Id, {}, ctx.signal);
    }
    const attached = (await reinspect(target, ctx.signal)).NetworkSettings.Networks ?? {};
    for (const network of outputs.reconnected) {
      const endpoint = attached[network];
      if (endpoint)
        await disconnect(target, endpoint.NetworkID || network, ctx.signal);
    }
    const now = await reinspect(target, ctx.signal);
    if (outputs.unpaused && now.State.Running && !now.State.Paused)
      await setPaused(target, true, ctx.signal);
    await recordContainerAct(ctx, target, "contained", ACTION11, {
      undo: true,
      disconnected: outputs.reconnected,
      quarantine_network: outputs.quarantine_network
    });
  }
});

// dist/actions/recover/verify.js
function networkProblems(db, incidentId, info) {
  const isolation = isolationOf(db, incidentId, replacedBy(db, incidentId, info.Id) ?? info.Id);
  if (!isolation)
    return [];
  if (!isolation.known)
    return ["the networks it was on before isolation are not recorded, so they cannot be checked"];
  const attached = info.NetworkSettings.Networks ?? {};
  const problems = [];
  for (const endpoint of isolation.originalNetworks) {
    const now = attached[endpoint.network];
    if (!now)
      problems.push(`it is not on network ${endpoint.network}, which it was on before isolation`);
    else {
      const missing = endpoint.aliases.filter((alias) => !(now.Aliases ?? []).includes(alias));
      if (missing.length > 0)
        problems.push(`on ${endpoint.network} it lacks the aliases ${missing.join(", ")}`);
    }
  }
  if (isolation.quarantineNetwork in attached)
    problems.push(`it is still on the quarantine network ${isolation.quarantineNetwork}`);
  return problems;
}
var recoverVerify = defineAction({
  name: "recover.verify",
  phase: "recovery",
  summary: "Check a recovered container: it runs the expected image, is back on the networks recorded before isolation, and its docker diff has nothing outside an allowlist.",
  params: external_exports.object({
    ...targetParams,
    image: imageRefSchema.describe("the image it must run"),
    allowlist: external_exports.array(pathGlobSchema).default([]).describe("path globs the service may change (/var/log/**, /run/*.pid)")
  }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.changes", "image.inspect"],
  example: `- id: verify
  uses: recover.verify
  with: { container: "\${{ inputs.container }}", image: "web:1.4.2", allowlist: [/var/log/**] }`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const expected = await dockerCall(operationOn(target, `inspect image ${ctx.params.image}`), () => expectedImage(target.docker, ctx.params.image, ctx.signal), { signal: ctx.signal });
    const allowed = pathMatcher(ctx.params.allowlist);
    const unexpected = leafChanges(await containerChanges(target, ctx.signal)).filter((change) => !allowed(change.path));
    const problems = [];
    if (target.info.Image !== expected.Id)
      problems.push(`it runs image ${target.info.Image.slice(0, 19)}, not ${ctx.params.image} (${expected.Id.slice(0, 19)})`);
    if (!target.info.State.Running)
      problems.push(`it is not running (${target.info.State.Status})`);
    problems.push(...networkProblems(ctx.services.db, ctx.incidentId, target.info));
    if (unexpected.length > 0)
      problems.push(`${plural(unexpected.length, "filesystem change")} outside the allowlist: ${unexpected.slice(0, 10).map((c) => `${c.kind} ${c.path}`).join(", ")}`);
    if (problems.length > 0) {
      throw new ActionFailedError(`recovered container ${nameOf(target)} failed verification: ${problems.join("; ")}`, {
        hint: "add paths the service legitimately writes to allowlist, or route on_failure back to containment",
        details: { unexpected: unexpected.map((c) => `${c.kind} ${c.path}`) }
      });
    }
    ctx.custody.record({
      act: "verified",
      actor: ctx.actor,
      subject: target.info.Id,
      where: { host: target.hostName, container_id: target.info.Id, image_id: target.info.Image },
      how: { action: "recover.verify", params: ctx.params },
      details: { image: ctx.params.image, allowlist: ctx.params.allowlist }
    });
    return {
      kind: "done",
      summary: `${nameOf(target)} runs ${ctx.params.image} with no unexpected filesystem changes`,
      outputs: { container_id: target.info.Id, image_id: expected.Id, changes: 0 }
    };
  }
});

// dist/actions/recover/watch.js
import { setTimeout as delay3 } from "node:timers/promises";

// dist/actions/recover/recurrence.js
async function liveIocFindings(target, allowedPath, allowedCmd, signal) {
  const findings = [];
  for (const change of leafChanges(await containerChanges(target, signal))) {
    if (allowedPath(change.path))
      continue;
    const classification = classifyChange(change);
    if (classification)
      findings.push({ severity: classification.severity, kind: classification.category, evidenceId: null, detail: changeDetail(change, classification) });
  }
  const top = await dockerCall(operationOn(target, `list the processes of container ${target.info.Id.slice(0, 12)}`), () => target.container.top({ ps_args: "-ef", abortSignal: signal }), { signal });
  const titles = top.Titles ?? [];
  const rows = processRows({ processes: (top.Processes ?? []).map((row) => Object.fromEntries(titles.map((title, i) => [title, row[i] ?? ""]))) });
  for (const found of classifyProcesses(rows, allowedCmd))
    findings.push({ severity: found.severity, kind: found.kind, evidenceId: null, detail: processDetail(found) });
  return findings;
}
async function watchEvents(target, untilMs, onEvent, signal) {
  const stream = await dockerCall(operationOn(target, `watch the events of container ${target.info.Id.slice(0, 12)}`), () => target.docker.getEvents({
    since: Math.floor(Date.now() / 1e3),
    until: Math.ceil(untilMs / 1e3),
    filters: { container: [target.info.Id], type: ["container"] },
    abortSignal: signal
  }), { signal });
  let buffered = "";
  try {
    for await (const chunk of stream) {
      buffered += chunk.toString("utf8");
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line)
          continue;
        const event = JSON.parse(line);
        const full = event.Action ?? event.status ?? "";
        onEvent({ action: full.split(":")[0].trim(), detail: { action: full, time: event.time ?? null, attributes: event.Actor?.Attributes ?? {} } });
      }
    }
  } catch (error) {
    if (!signal.aborted)
      throw error;
  } finally {
    stream.destroy?.();
  }
}

// dist/actions/recover/watch.js
var WATCHED_EVENTS = ["exec_create", "exec_start", "attach", "extract-to-dir", "oom", "die"];
var recoverWatch = defineAction({
  name: "recover.watch",
  phase: "recovery",
  summary: "Watch a recovered container for a while: Docker events (exec, attach, copy-in, die) and repeated IoC checks; a recurrence fails the step.",
  params: external_exports.object({
    ...targetParams,
    duration: durationSchema.default("5m").describe("how long to watch"),
    interval: durationSchema.default("15s").describe("how often to repeat the diff and process checks"),
    events: external_exports.array(external_exports.string().min(1)).default(WATCHED_EVENTS).describe("Docker event actions that count as a recurrence"),
    allowlist: external_exports.array(pathGlobSchema).default([]).describe("path globs the service may change"),
    allow: external_exports.array(regexSchema).default([]).describe("command lines (regexes) that are expected")
  }).strict(),
  idempotent: true,
  auto: true,
  requires: ["container.inspect", "container.changes", "container.top", "system.events"],
  example: `- id: watch
  uses: recover.watch
  with: { container: "\${{ inputs.container }}", duration: 10m }
  on_failure: isolate`,
  async run(ctx) {
    const target = await resolveTarget(ctx);
    const untilMs = Date.now() + parseDuration(ctx.params.duration);
    const intervalMs = parseDuration(ctx.params.interval);
    const allowedPath = pathMatcher(ctx.params.allowlist);
    const allow = ctx.params.allow.map((source) => new RegExp(source, "u"));
    const watching = new AbortController();
    const stop = () => watching.abort();
    ctx.signal.addEventListener("abort", stop, { once: true });
    const seen = [];
    const events = watchEvents(target, untilMs, (event) => {
      if (!ctx.params.events.includes(event.action))
        return;
      seen.push(event);
      watching.abort();
    }, watching.signal);
    events.catch(() => void 0);
    let findings = [];
    let checks = 0;
    try {
      while (!watching.signal.aborted && Date.now() < untilMs) {
        findings = await liveIocFindings(target, allowedPath, (cmd) => allow.some((regex) => regex.test(cmd)), watching.signal).catch((error) => {
          if (watching.signal.aborted)
            return [];
          throw error;
        });
        checks++;
        if (findings.length > 0)
          break;
        await delay3(Math.min(intervalMs, Math.max(0, untilMs - Date.now())), void 0, { signal: watching.signal }).catch(() => void 0);
      }
    } finally {
      watching.abort();
      ctx.signal.removeEventListener("abort", stop);
      await events.catch(() => void 0);
    }
    if (ctx.signal.aborted)
      throw ctx.signal.reason ?? new ActionFailedError("recover.watch was aborted");
    const recurrence = [
      ...seen.map((event) => ({ severity: "high", kind: `event:${event.action}`, evidenceId: null, detail: event.detail })),
      ...findings
    ];
    saveFindings(ctx.services.db, ctx.incidentId, ctx.stepId, recurrence);
    if (recurrence.length > 0) {
      const what = recurrence.slice(0, 5).map((finding) => `${finding.kind} ${JSON.stringify(finding.detail.action ?? finding.detail.path ?? finding.detail.cmd ?? "")}`);
      ctx.custody.record({
        act: "recurrence",
        actor: ctx.actor,
        subject: target.info.Id,
        where: { host: target.hostName, container_id: target.info.Id },
        how: { action: "recover.watch" },
        details: {
          ...findingOutputs(recurrence),
          first: recurrence.slice(0, 5).map((finding) => ({ kind: finding.kind, detail: finding.detail }))
        }
      });
      throw new ActionFailedError(`recurrence on ${nameOf(target)} while watching: ${what.join("; ")}`, {
        hint: `irctl findings ${ctx.incidentId} lists what was seen; route on_failure of this step back to containment`,
        details: { findings: recurrence.length }
      });
    }
    return {
      kind: "done",
      summary: `watched ${nameOf(target)} for ${ctx.params.duration}: no recurrence in ${plural(checks, "check")}`,
      outputs: { container_id: target.info.Id, checks, ...findingOutputs([]) }
    };
  }
});

// dist/actions/recover/index.js
var recoverActions = [recoverRelease, recoverRecreate, recoverVerify, recoverWatch];

// dist/actions/registry.js
var actions = [
  coreLog,
  coreSleep,
  coreFail,
  execHost,
  firewallBlock,
  ...dockerActions,
  ...evidenceActions,
  ...investigateActions,
  ...recoverActions
];
var byName = new Map(actions.map((action) => [action.name, action]));
function findAction(name) {
  return byName.get(name);
}
function actionNames() {
  return [...byName.keys()].sort();
}

export {
  firewallBlock,
  liftRule,
  unreleasedBlocks,
  parseSelector,
  OutOfScopeError,
  outOfScopeReason,
  resolveContainer,
  INTENT_ACT,
  plural,
  shortName,
  targetById,
  isolationOf,
  chooseImage,
  describeChoice,
  recoverRelease,
  actions,
  findAction,
  actionNames
};
