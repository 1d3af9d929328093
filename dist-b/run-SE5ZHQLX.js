import {
  planRun
} from "./chunk-ZAO6LFJ3.js";
import {
  driveFromCli
} from "./chunk-KNOKSXGH.js";
import "./chunk-T3WSOK22.js";
import {
  openIncident,
  parseInputPairs,
  resolveInputs
} from "./chunk-4GSJUEBQ.js";
import "./chunk-7PJKO4CU.js";
import "./chunk-OTP5ZCB7.js";
import {
  actionStepsById
} from "./chunk-3WGXUJSV.js";
import "./chunk-PPE2D4RA.js";
import {
  authorize,
  exitCodeForRun,
  reportRunEnd
} from "./chunk-GBJZBHUO.js";
import "./chunk-WZU5H5HN.js";
import "./chunk-SXC63L3C.js";
import "./chunk-OGRVB2BJ.js";
import "./chunk-4RM7ECEZ.js";
import "./chunk-JOVG2KOV.js";
import {
  servicesFor
} from "./chunk-63OQWS67.js";
import {
  setExitCode
} from "./chunk-F32LOQLX.js";
import "./chunk-ZULBT7B6.js";
import {
  didYouMean,
  findRunbook
} from "./chunk-H6XEEHUO.js";
import {
  findAction,
  parseSelector,
  resolveContainer
} from "./chunk-ZGDHL663.js";
import {
  evaluate,
  hasExpression,
  interpolate,
  isTruthy,
  templateReferences
} from "./chunk-R7BDC3QQ.js";
import "./chunk-NTHYNA2H.js";
import "./chunk-DVWMJPOH.js";
import "./chunk-VMLQRVIN.js";
import "./chunk-72I7VOGQ.js";
import {
  commandOutput
} from "./chunk-WJ5BD4RA.js";
import {
  color,
  printJson
} from "./chunk-NULSSLA3.js";
import "./chunk-Z445M42V.js";
import "./chunk-GCLPYPTX.js";
import {
  DockerHosts
} from "./chunk-VIEP5AEZ.js";
import "./chunk-PBYITGF3.js";
import "./chunk-URVRDTQG.js";
import "./chunk-LQHUQG2A.js";
import {
  isUnreachableError
} from "./chunk-IPAKTWBZ.js";
import {
  loadConfig,
  resolvePaths
} from "./chunk-LY6QHTT2.js";
import "./chunk-5OCVQCD3.js";
import "./chunk-QCYQ7BMR.js";
import {
  DockerUnreachableError,
  EXIT_CODES_HELP,
  IrctlError,
  NotFoundError
} from "./chunk-JMAPXXTL.js";

// dist/cli/commands/run/run.js
import { spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// dist/engine/preflight.js
var PING_TIMEOUT_MS = 1e4;
var MAX_LISTED_NAMES = 10;
var DEFAULT_HOST = "local";
function plannedTargets(runbook, inputs) {
  const scope = { inputs };
  const hosts = /* @__PURE__ */ new Map();
  const containers = /* @__PURE__ */ new Map();
  for (const step of actionStepsById(runbook).values()) {
    const fields = paramFields(step.uses);
    if (!fields.has("host") && !fields.has("container"))
      continue;
    if (step.if !== void 0 && knownNow(step.if, scope, true) === false)
      continue;
    const host = step.with.host === void 0 ? DEFAULT_HOST : knownNow(step.with.host, scope);
    if (typeof host !== "string" || host === "")
      continue;
    hosts.set(host, [...hosts.get(host) ?? [], step.id]);
    if (!fields.has("container"))
      continue;
    const container = knownNow(step.with.container, scope);
    if (typeof container !== "string" || container === "")
      continue;
    const key = `${host}\0${container}`;
    const planned = containers.get(key) ?? { host, container, stepIds: [] };
    planned.stepIds.push(step.id);
    containers.set(key, planned);
  }
  return { hosts, containers: [...containers.values()] };
}
function paramFields(actionName) {
  const schema = findAction(actionName)?.params;
  return new Set(Object.keys(schema?.shape ?? {}));
}
function knownNow(value, scope, condition = false) {
  if (typeof value !== "string")
    return condition ? void 0 : value;
  try {
    const references = templateReferences(value, condition);
    if (references.some((reference) => reference.root !== "inputs"))
      return void 0;
    if (condition)
      return isTruthy(evaluate(value, scope));
    return hasExpression(value) ? interpolate(value, scope) : value;
  } catch {
    return void 0;
  }
}
async function preflightRun(hosts, runbook, inputs, options) {
  const planned = plannedTargets(runbook, inputs);
  const problems = [];
  const reachable = /* @__PURE__ */ new Set();
  for (const hostName of planned.hosts.keys()) {
    try {
      await pingEngine(hosts.host(hostName), options);
      reachable.add(hostName);
    } catch (error) {
      if (!(error instanceof IrctlError))
        throw error;
      problems.push(error);
    }
  }
  for (const target of planned.containers.filter((container) => reachable.has(container.host))) {
    try {
      await resolveContainer(hosts, target, { signal: options.signal });
    } catch (error) {
      if (!(error instanceof IrctlError))
        throw error;
      problems.push(error instanceof NotFoundError ? await containerNotFound(hosts.host(target.host), target, error, options.signal) : error);
    }
  }
  if (problems.length === 1)
    throw problems[0];
  if (problems.length > 1) {
    const [first] = problems;
    throw new IrctlError(first.code, first.exitCode, `pre-flight found ${problems.length} problems; no incident was opened:
${problems.map((p) => `  - ${p.message}${p.hint ? ` (hint: ${p.hint})` : ""}`).join("\n")}`, {
      hint: first.hint,
      details: { problems: problems.map((p) => ({ code: p.code, message: p.message, hint: p.hint ?? null })) }
    });
  }
}
async function preflightFromConfig(configFile, runbook, inputs, env = process.env) {
  const config = loadConfig(configFile);
  await preflightRun(new DockerHosts(config, env), runbook, inputs, { configFile, configuredHosts: Object.keys(config.hosts), env });
}
function addressHint(host, options) {
  if (host.name === DEFAULT_HOST && !options.configuredHosts.includes(DEFAULT_HOST)) {
    const dockerHost = (options.env ?? process.env).DOCKER_HOST;
    return `${dockerHost ? `DOCKER_HOST is ${dockerHost}` : "DOCKER_HOST is unset, so irctl uses unix:///var/run/docker.sock"}: set it to the engine's address (unix:///var/run/docker.sock, tcp://HOST:2375), or define hosts.local in ${options.configFile}; check with docker -H ${host.url} version`;
  }
  return `fix hosts.${host.name}.url in ${options.configFile}; check with docker -H ${host.url} version`;
}
async function pingEngine(host, options) {
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(PING_TIMEOUT_MS)]) : AbortSignal.timeout(PING_TIMEOUT_MS);
  const where = `Docker host "${host.name}" at ${host.url}`;
  let response;
  try {
    response = await rawPing(host.docker, signal);
  } catch (error) {
    const timedOut = signal.aborted && !options.signal?.aborted;
    if (timedOut || isUnreachableError(error)) {
      const why = timedOut ? `no answer in ${PING_TIMEOUT_MS / 1e3} s` : error.code ?? String(error);
      throw new DockerUnreachableError(`${where} is unreachable (${why}); no incident was opened`, {
        hint: addressHint(host, options),
        cause: error,
        details: { host: host.name, url: host.url }
      });
    }
    if (options.signal?.aborted)
      throw error;
    throw notDockerEngine(host, options, `its answer to /_ping is not HTTP (${error.message})`, error);
  }
  if (response.status !== 200)
    throw notDockerEngine(host, options, `it answered /_ping with HTTP ${response.status}`);
  if (response.body.trim() !== "OK")
    throw notDockerEngine(host, options, `it answered /_ping with ${JSON.stringify(response.body.slice(0, 40))}, not "OK"`);
  if (!response.apiVersion)
    throw notDockerEngine(host, options, "its answer to /_ping has no Api-Version header");
}
function notDockerEngine(host, options, why, cause) {
  return new DockerUnreachableError(`${host.url} (Docker host "${host.name}") is not a Docker engine: ${why}; no incident was opened`, {
    hint: addressHint(host, options),
    cause,
    details: { host: host.name, url: host.url, reason: "not_a_docker_engine" }
  });
}
var MAX_PING_BODY = 1024;
function rawPing(docker, signal) {
  return new Promise((resolve, reject) => {
    const statusCodes = new Proxy({}, { get: () => true });
    docker.modem.dial({ path: "/_ping", method: "GET", isStream: true, statusCodes, abortSignal: signal }, (error, res) => {
      if (error)
        return reject(error);
      const response = res;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        body += chunk;
        if (body.length > MAX_PING_BODY)
          response.destroy();
      });
      const done = () => resolve({ status: response.statusCode ?? 0, body: body.slice(0, MAX_PING_BODY), apiVersion: header(response, "api-version") });
      response.on("end", done);
      response.on("close", done);
      response.on("error", reject);
    });
  });
}
function header(response, name) {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
async function containerNotFound(host, planned, error, signal) {
  const running = await runningNames(host.docker, signal);
  const selector = parseSelector(planned.container);
  const suggestion = selector.kind === "ref" ? didYouMean(planned.container, running) : "";
  const listed = running.length === 0 ? "no container is running there" : `running there: ${running.slice(0, MAX_LISTED_NAMES).join(", ")}${running.length > MAX_LISTED_NAMES ? `, and ${running.length - MAX_LISTED_NAMES} more` : ""}`;
  return new NotFoundError(`${error.message}${suggestion}; ${listed}; used by ${stepList(planned.stepIds)}; no incident was opened`, {
    hint: `docker -H ${host.url} ps --format '{{.Names}}' lists the running containers; fix the input, or add --no-preflight if the container will exist by the time the step runs`,
    cause: error,
    details: { host: host.name, container: planned.container, steps: planned.stepIds }
  });
}
function stepList(stepIds) {
  const shown = stepIds.slice(0, 3).join(", ");
  if (stepIds.length === 1)
    return `step ${shown}`;
  return `steps ${shown}${stepIds.length > 3 ? ` and ${stepIds.length - 3} more` : ""}`;
}
async function runningNames(docker, signal) {
  try {
    const listed = await docker.listContainers({ all: false, abortSignal: signal });
    return listed.map((container) => (container.Names[0] ?? container.Id.slice(0, 12)).replace(/^\//, "")).sort();
  } catch {
    return [];
  }
}

// dist/cli/commands/run/run.js
function registerRunCommand(program) {
  program.command("run").description("open an incident and run a runbook against it").argument("<runbook>", "runbook name (from --runbooks dirs) or path to a runbook file").option("-i, --input <name=value>", "runbook input (repeatable)", (value, all) => [...all, value], []).option("--dry-run", "print every step with its action and resolved parameters; change nothing").option("--detach", "run in the background; print the incident id and return").option("--wait", "at an approval gate, wait for the decision instead of stopping with exit code 3").option("--no-preflight", "do not check the Docker hosts and containers before opening the incident (for a container that appears later)").addHelpText("after", `
In a terminal: live progress, and at an approval gate a prompt to approve, reject, wait or detach.
Without a terminal (CI, pipes): plain lines; at a gate the run stops with exit code 3 (or waits, --wait).
Before an incident is opened (and in --dry-run), pre-flight pings each Docker host the steps use and
finds each container they name: a wrong address exits 6, a missing container 5, and nothing is recorded.

Examples:
  irctl run container-compromise --input container=web-1
  irctl run runbooks/shell-in-container.yaml -i container=3f2a9c --dry-run
  irctl run cryptominer -i container=miner-7 --detach
  irctl --json run cryptominer -i container=miner-7 --wait
${EXIT_CODES_HELP}`).action(async (runbookRef, options, command) => {
    const out = commandOutput(command);
    const globals = command.optsWithGlobals();
    const loaded = findRunbook(runbookRef, resolvePaths(globals).runbookDirs);
    const given = parseInputPairs(options.input);
    if (options.preflight)
      await preflightFromConfig(resolvePaths(globals).configFile, loaded.runbook, resolveInputs(loaded.runbook, given));
    if (options.dryRun) {
      const plan = await planRun(loaded.runbook, resolveInputs(loaded.runbook, given));
      if (out.json)
        return printJson(out, { runbook: loaded.runbook.name, steps: plan });
      out.out(`dry run of ${loaded.runbook.name} (${loaded.file}) \u2014 nothing is executed`);
      for (const step of plan) {
        const what = step.kind === "approval" ? `approval by ${step.approval.quorum} \xD7 ${step.approval.roles.join("/")}` : `${step.action} ${JSON.stringify(step.params)}`;
        out.out(`  [${step.phase}] ${step.stepId}: ${what}${step.skipped ? color.yellow(`  (skipped: ${step.skipped})`) : ""}`);
      }
      return;
    }
    const services = servicesFor(command);
    try {
      authorize(services, "run.start", `run runbook ${loaded.runbook.name}`);
      const incidentId = openIncident(services, { loaded, inputs: given, initiator: services.actor });
      if (options.detach) {
        const logFile = detach(services.paths.home, incidentId, globals);
        if (out.json)
          return printJson(out, { incidentId, status: "running", log: logFile });
        out.out(`incident ${incidentId} opened; running in the background (log: ${logFile})`);
        out.err(color.dim(`hint: irctl status ${incidentId}`));
        return;
      }
      if (!out.json)
        out.err(`incident ${color.bold(incidentId)} opened: ${loaded.runbook.name} (${loaded.runbook.severity})`);
      const result = await driveFromCli(services, incidentId, out, { wait: options.wait });
      reportRunEnd(out, result);
      setExitCode(command, exitCodeForRun(result));
    } finally {
      services.close();
    }
  });
}
function detach(home, incidentId, globals) {
  const logDir = join(home, "logs");
  mkdirSync(logDir, { recursive: true, mode: 448 });
  const logFile = join(logDir, `${incidentId}.log`);
  const fd = openSync(logFile, "a", 384);
  const bin = fileURLToPath(new URL("../../../../bin/irctl.js", import.meta.url));
  const passThrough = ["home", "db", "evidenceDir", "config", "runbooks", "as"].flatMap((key) => globals[key] ? [`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(globals[key])] : []);
  const child = spawn(process.execPath, [bin, ...passThrough, "resume", incidentId, "--wait"], { detached: true, stdio: ["ignore", fd, fd] });
  child.unref();
  return logFile;
}
export {
  registerRunCommand
};
