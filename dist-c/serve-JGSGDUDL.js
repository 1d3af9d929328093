import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  listApiKeys
} from "./chunk-CGUIBSPN.js";
import {
  servicesFor
} from "./chunk-DEGJAGBL.js";
import {
  LOG_FORMATS,
  setLogFormat
} from "./chunk-OJSSQ7C5.js";
import "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import "./chunk-VNXYISXP.js";
import "./chunk-U7K5EBAV.js";
import {
  runbookDirs
} from "./chunk-OXP3ZYI3.js";
import {
  loadRunbooks
} from "./chunk-ZXGC47PD.js";
import {
  plural
} from "./chunk-QXBLVMJS.js";
import "./chunk-C77XJCVS.js";
import "./chunk-WANTOCUW.js";
import "./chunk-2J2BT77Z.js";
import "./chunk-5G4DN3AP.js";
import "./chunk-LMXY6P3R.js";
import "./chunk-WWDZUR2Q.js";
import {
  commandOutput
} from "./chunk-H2H36VGC.js";
import {
  color
} from "./chunk-W7IXLVWU.js";
import {
  Command,
  Option
} from "./chunk-7IRVA3UG.js";
import "./chunk-4VXJMZ3F.js";
import "./chunk-PCPY3B3D.js";
import "./chunk-NIIPEV7D.js";
import "./chunk-6GUQTYHU.js";
import {
  UsageError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/serve/serve.js
import { readFileSync as readFileSync2, statSync } from "node:fs";

// dist/server/auth/startup-check.js
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
var MIN_SECRET_LENGTH = 32;
var MIN_SECRET_BITS = 100;
function estimatedSecretBits(secret) {
  const counts = /* @__PURE__ */ new Map();
  for (const char of secret)
    counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...secret].length;
  let perChar = 0;
  for (const count of counts.values())
    perChar -= count / length * Math.log2(count / length);
  return perChar * length;
}
function loadHmacSecret(config, env = process.env) {
  let secret = env.IRCTL_HMAC_SECRET;
  let from = "IRCTL_HMAC_SECRET";
  const file = config.server.hmac_secret_file;
  if (secret === void 0 && file !== void 0) {
    if (!existsSync(file))
      throw new UsageError(`HMAC secret file ${file} does not exist`, { hint: "fix server.hmac_secret_file in the config file" });
    secret = readFileSync(file, "utf8").trim();
    from = file;
  }
  if (secret === void 0)
    return void 0;
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new UsageError(`the HMAC secret from ${from} is ${secret.length} characters; at least ${MIN_SECRET_LENGTH} are needed`, {
      hint: "make one with: openssl rand -hex 32"
    });
  }
  if (estimatedSecretBits(secret) < MIN_SECRET_BITS) {
    throw new UsageError(`the HMAC secret from ${from} is too predictable (repeated or few distinct characters)`, {
      hint: "make one with: openssl rand -hex 32"
    });
  }
  return secret;
}
function isLoopback(host) {
  if (host === "localhost")
    return true;
  if (isIP(host) === 4)
    return host.startsWith("127.");
  return host === "::1";
}
function checkServeAuth(options) {
  const liveKeys = listApiKeys(options.db).filter((key) => key.revoked_at === null).length;
  if (options.insecureNoAuth) {
    if (!isLoopback(options.host)) {
      throw new UsageError(`--insecure-no-auth is refused on ${options.host}: without authentication the server may only listen on loopback`, {
        hint: "use --host 127.0.0.1, or drop --insecure-no-auth and create an API key (irctl keys create)"
      });
    }
    return;
  }
  if (liveKeys === 0 && !options.hmacSecret) {
    throw new UsageError("irctl serve refuses to start: no API key and no HMAC secret is configured, so anyone could post alerts", {
      hint: "irctl keys create --actor alertmanager, or set IRCTL_HMAC_SECRET (or server.hmac_secret_file); for a local trial only: --insecure-no-auth --host 127.0.0.1"
    });
  }
}

// dist/cli/commands/serve/serve.js
function readTls(options) {
  if (!options.tlsCert && !options.tlsKey)
    return void 0;
  if (!options.tlsCert || !options.tlsKey)
    throw new UsageError("--tls-cert and --tls-key go together", { hint: "give both PEM files, or neither to serve plain HTTP (behind a TLS proxy)" });
  const read = (file, what) => {
    try {
      return readFileSync2(file);
    } catch (error) {
      throw new UsageError(`cannot read the TLS ${what} ${file}: ${error.message}`, { hint: "give a PEM file this user can read" });
    }
  };
  const keyMode = statSync(options.tlsKey, { throwIfNoEntry: false })?.mode;
  if (keyMode !== void 0 && (keyMode & 63) !== 0) {
    throw new UsageError(`the TLS key ${options.tlsKey} is readable by other users (mode ${(keyMode & 511).toString(8)})`, {
      hint: `chmod 600 ${options.tlsKey}`
    });
  }
  return { cert: read(options.tlsCert, "certificate"), key: read(options.tlsKey, "key") };
}
var LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
function portNumber(text) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port ${text} is not a TCP port`, { hint: "give 0\u201365535 (0: any free port)" });
  return port;
}
function untilSignalled() {
  return new Promise((resolve) => {
    const stop = (signal) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
function serveCommand() {
  return new Command("serve").description("take alerts over HTTP and Docker events, and contain automatically (runs the steps marked auto)").addOption(new Option("--port <port>", "TCP port").default("8080")).addOption(new Option("--host <address>", "address to listen on").default("127.0.0.1")).option("--insecure-no-auth", "accept unauthenticated requests (only with a loopback --host)").addOption(new Option("--rate-limit <n>", "requests per minute from one address without credentials before 429 (keys: server.requests_per_minute_per_key)").default("100")).addOption(new Option("--log-level <level>", "log lines on stderr: one per request, alert outcome, failed authentication, run transition (default: IRCTL_LOG_LEVEL, else info)").choices(LOG_LEVELS)).addOption(new Option("--log-format <format>", "json lines, or pretty (one readable line each) (default: IRCTL_LOG_FORMAT, else pretty when stderr is a terminal, json otherwise)").choices([...LOG_FORMATS])).option("--tls-cert <file>", "serve HTTPS with this PEM certificate (with --tls-key)").option("--tls-key <file>", "the PEM private key for --tls-cert (mode 0600)").addHelpText("after", `
Authentication: a bearer API key (irctl keys create) or an HMAC-SHA256 signed body (IRCTL_HMAC_SECRET or
server.hmac_secret_file in the config). See docs/alerts-server.md.
The responder console is at /ui/ on the same port; serve it over TLS (--tls-cert/--tls-key, or a reverse proxy).

Logging: on stderr (pino), JSON lines unless stderr is a terminal (--log-format): one per request
(event request: reqId, actor, route, status, ms), one per alert outcome (event alert: opened, joined,
unmatched, silenced, refused: out_of_scope, target_not_found, host_unknown, over_budget), one per failed
authentication (event auth_failed, security true), one per run transition of an incident serve drives
(event run: step_started, step_finished, step_failed, gate_waiting, human_needed, run_finished,
run_failed, run_stopped, with incidentId and stepId). --log-level or IRCTL_LOG_LEVEL.

Examples:
  irctl serve --port 8080
  irctl serve --log-level debug 2> >(jq -c 'select(.event == "alert")')
  IRCTL_HMAC_SECRET=$(cat /run/secrets/irctl-hmac) irctl serve --host 0.0.0.0
  irctl serve --insecure-no-auth --host 127.0.0.1
  irctl serve --host 0.0.0.0 --port 8443 --tls-cert /etc/irctl/tls.crt --tls-key /etc/irctl/tls.key`).action(async (options, command) => {
    const output = commandOutput(command);
    const port = portNumber(options.port);
    const rateLimitPerMinute = Number(options.rateLimit);
    if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1)
      throw new UsageError(`--rate-limit ${options.rateLimit} is not a positive whole number`);
    const tls = readTls(options);
    const services = servicesFor(command);
    if (options.logFormat)
      setLogFormat(services.log, options.logFormat);
    services.log.level = options.logLevel ?? process.env.IRCTL_LOG_LEVEL ?? "info";
    try {
      const hmacSecret = loadHmacSecret(services.config);
      checkServeAuth({ db: services.db, hmacSecret, insecureNoAuth: Boolean(options.insecureNoAuth), host: options.host });
      const catalog = loadRunbooks(runbookDirs(command));
      for (const { file, error } of catalog.invalid) {
        output.err(`${color.yellow("warning:")} skipped invalid runbook ${file}: ${error.issues.length === 1 ? "1 problem" : `${error.issues.length} problems`}; irctl runbook validate ${file}`);
      }
      const { buildServer } = await import("./app-C37IWT2L.js");
      const server = await buildServer({
        services,
        runbooks: catalog.runbooks,
        hmacSecret,
        insecureNoAuth: options.insecureNoAuth,
        rateLimitPerMinute,
        dockerEvents: services.docker.get("local"),
        tls,
        adoptOrphans: true
      });
      const lastLine = (error) => services.log.error({ error: error instanceof Error ? error.message : String(error) }, "an error escaped its handler; the server keeps running");
      process.on("unhandledRejection", lastLine);
      const address = await server.app.listen({ port, host: options.host });
      const triggers = catalog.runbooks.reduce((sum, loaded) => sum + loaded.runbook.triggers.length, 0);
      output.err(`irctl serve listening on ${address} \u2014 ${plural(catalog.runbooks.length, "runbook")}, ${plural(triggers, "trigger")}${server.watcher ? ", watching Docker events" : ""}; console at ${address}/ui/`);
      if (options.insecureNoAuth)
        output.err(color.yellow("warning: --insecure-no-auth: requests are not authenticated (loopback only)"));
      const signal = await untilSignalled();
      output.err(`${signal}: closing; drives stop where they stand (the next irctl serve adopts them)`);
      await server.app.close();
      process.off("unhandledRejection", lastLine);
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/serve/index.js
function registerServeCommands(program) {
  program.addCommand(serveCommand().copyInheritedSettings(program));
}
export {
  registerServeCommands
};
