import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ActionFailedError,
  DockerUnreachableError,
  IrctlError,
  NotFoundError,
  UsageError
} from "./chunk-HPPMOGYY.js";

// dist/docker/errors.js
var UNREACHABLE_CODES = /* @__PURE__ */ new Set(["ECONNREFUSED", "ENOENT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EACCES", "ENOTSOCK"]);
var TRANSIENT_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ESOCKETTIMEDOUT"]);
var SEMANTIC_DAEMON_MESSAGE = /is (not running|paused|not paused|already paused|restarting|dead|being removed|marked for removal)|not connected to network|already exists|no such|not found|conflict/i;
function asDockerodeError(error) {
  return typeof error === "object" && error !== null ? error : {};
}
function daemonMessage(error) {
  const raw = asDockerodeError(error);
  const json = raw.json;
  if (json && typeof json === "object" && typeof json.message === "string")
    return json.message.trim();
  return String(raw.message ?? error).trim();
}
function isAbortError(error) {
  return asDockerodeError(error).name === "AbortError";
}
function isTransientDockerError(error) {
  if (error instanceof IrctlError || isAbortError(error))
    return false;
  const raw = asDockerodeError(error);
  if (raw.code && TRANSIENT_CODES.has(raw.code))
    return true;
  if (raw.statusCode !== void 0 && raw.statusCode >= 500) {
    return !SEMANTIC_DAEMON_MESSAGE.test(daemonMessage(error));
  }
  return false;
}
function isUnreachableError(error) {
  const raw = asDockerodeError(error);
  if (raw.code && UNREACHABLE_CODES.has(raw.code))
    return true;
  const level = error?.level;
  return level === "client-authentication" || level === "client-socket" || level === "client-timeout";
}
function mapDockerError(error, op) {
  if (error instanceof IrctlError || isAbortError(error))
    return error;
  const raw = asDockerodeError(error);
  const details = { host: op.host, url: op.url, statusCode: raw.statusCode ?? null, code: raw.code ?? null };
  if (isUnreachableError(error) || raw.code !== void 0 && TRANSIENT_CODES.has(raw.code)) {
    const why = raw.code ?? daemonMessage(error);
    const hint = raw.code === "EACCES" ? `the irctl user may not open the socket: run as a member of the docker group, or point host "${op.host}" elsewhere` : `check that dockerd runs there (docker -H ${op.url} version), or fix hosts.${op.host}.url in the config file`;
    return new DockerUnreachableError(`Docker engine at ${op.url} is unreachable (${why}) while trying to ${op.what} on host "${op.host}"`, {
      hint,
      cause: error,
      details
    });
  }
  const said = daemonMessage(error);
  if (raw.statusCode === 404) {
    return new NotFoundError(`could not ${op.what} on host "${op.host}": ${said}`, {
      hint: `list what exists there: docker -H ${op.url} ps -a (or network ls)`,
      cause: error,
      details
    });
  }
  if (raw.statusCode === 409 || raw.statusCode === 304) {
    return new ActionFailedError(`could not ${op.what} on host "${op.host}": it conflicts with the container's current state: ${said || "no change"}`, {
      hint: "inspect the container (evidence.inspect or docker inspect) and adjust the runbook step to its state",
      cause: error,
      details
    });
  }
  const status = raw.statusCode === void 0 ? raw.code ?? "error" : `HTTP ${raw.statusCode}`;
  return new ActionFailedError(`could not ${op.what} on host "${op.host}" (${status}): ${said}`, {
    hint: `the engine refused or failed the call; its log (journalctl -u docker.service) may say more`,
    cause: error,
    details
  });
}

// dist/docker/retry.js
import { setTimeout as delay } from "node:timers/promises";
var DEFAULT_DOCKER_RETRY = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2e3 };
async function withRetry(fn, options) {
  const policy = options.policy ?? DEFAULT_DOCKER_RETRY;
  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      return await fn();
    } catch (error) {
      if (attempt >= policy.attempts || !options.isTransient(error) || options.signal?.aborted)
        throw error;
      const wait = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await delay(wait, void 0, { signal: options.signal });
    }
  }
}

// dist/docker/call.js
async function dockerCall(op, fn, options = {}) {
  let result;
  try {
    result = await withRetry(fn, { isTransient: isTransientDockerError, signal: options.signal, policy: options.policy });
  } catch (error) {
    throw mapDockerError(error, op);
  }
  if (options.changes || options.streams)
    killPointPassed();
  return result;
}
var KILL_AFTER = Number.parseInt(process.env.IRCTL_TEST_KILL_AFTER_DOCKER_CALL ?? "", 10);
var passed = 0;
function killPointPassed() {
  if (!(KILL_AFTER > 0))
    return;
  passed += 1;
  if (passed === KILL_AFTER)
    process.kill(process.pid, "SIGKILL");
}

// dist/docker/safe-client.js
var OBJECT_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
var MAX_OBJECT_REF = 256;
var IMAGE_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.:@/+-]*$/;
var MAX_IMAGE_REF = 512;
function refused(kind, value, why) {
  const shown = typeof value === "string" ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}\u2026` : value) : String(value);
  return new UsageError(`${kind} reference ${shown} is refused: ${why}`, {
    hint: kind === "image" ? "use repo[:tag], repo@sha256:<hex> or an image id" : `a ${kind} is named by its id or a name of letters, digits, "_", "." and "-"`
  });
}
function checkObjectRef(kind, value) {
  if (typeof value !== "string" || value.length === 0)
    throw refused(kind, value, "it is empty or not text");
  if (kind === "image") {
    if (value.length > MAX_IMAGE_REF)
      throw refused(kind, value, `it is longer than ${MAX_IMAGE_REF} characters`);
    if (!IMAGE_REF.test(value) || value.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) {
      throw refused(kind, value, "it is not an image reference");
    }
    return value;
  }
  if (value.length > MAX_OBJECT_REF)
    throw refused(kind, value, `it is longer than ${MAX_OBJECT_REF} characters`);
  if (!OBJECT_REF.test(value))
    throw refused(kind, value, 'only letters, digits, "_", "." and "-" may appear, starting with a letter or digit');
  return value;
}
function encodeRef(kind, value) {
  const checked = checkObjectRef(kind, value);
  return kind === "image" ? checked : encodeURIComponent(checked);
}
function isPlainApiPath(path) {
  const bare = path.split("?")[0] ?? "";
  if (!bare.startsWith("/") || bare.includes("\\") || bare.includes("//") || /%2f|%5c|%2e/i.test(bare))
    return false;
  return !bare.split("/").some((segment) => segment === "." || segment === "..");
}
var GUARDED = /* @__PURE__ */ Symbol("irctl.guarded");
function guardClient(docker) {
  const marked = docker;
  if (marked[GUARDED])
    return docker;
  const original = {
    getContainer: docker.getContainer.bind(docker),
    getNetwork: docker.getNetwork.bind(docker),
    getExec: docker.getExec.bind(docker),
    getVolume: docker.getVolume.bind(docker),
    getImage: docker.getImage.bind(docker)
  };
  docker.getContainer = (id) => original.getContainer(encodeRef("container", id));
  docker.getNetwork = (id) => original.getNetwork(encodeRef("network", id));
  docker.getExec = (id) => original.getExec(encodeRef("exec", id));
  docker.getVolume = (name) => original.getVolume(encodeRef("volume", name));
  docker.getImage = (name) => original.getImage(encodeRef("image", name));
  const modem = docker.modem;
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    if (typeof options.path === "string" && !isPlainApiPath(options.path)) {
      const error = new UsageError(`refused a Docker API request to ${JSON.stringify(options.path.slice(0, 120))}: the path walks outside the API`);
      if (typeof callback === "function")
        return callback(error);
      throw error;
    }
    return dial(options, callback);
  };
  marked[GUARDED] = true;
  return docker;
}

// dist/docker/untyped-calls.js
function engineVersion(docker, signal) {
  return docker.version.bind(docker)({ abortSignal: signal });
}
function engineInfo(docker, signal) {
  return docker.info.bind(docker)({ abortSignal: signal });
}

export {
  isUnreachableError,
  dockerCall,
  OBJECT_REF,
  MAX_OBJECT_REF,
  checkObjectRef,
  guardClient,
  engineVersion,
  engineInfo
};
