import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  openDb
} from "./chunk-XO2YUCL3.js";
import {
  configureWitnesses
} from "./chunk-AWUUUX57.js";
import {
  loadRoles,
  rolesFilePath
} from "./chunk-VNXYISXP.js";
import {
  dockerCall,
  engineVersion,
  guardClient
} from "./chunk-WWDZUR2Q.js";
import {
  loadConfig,
  resolvePaths
} from "./chunk-4VXJMZ3F.js";
import {
  NotFoundError,
  UsageError
} from "./chunk-HPPMOGYY.js";

// dist/services.js
import { userInfo } from "node:os";

// dist/docker/hosts.js
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
var DEFAULT_SOCKET = "unix:///var/run/docker.sock";
var DEFAULT_QUARANTINE_NETWORK = "irctl-quarantine";
var DockerHosts = class {
  config;
  env;
  clients = /* @__PURE__ */ new Map();
  engineVersions = /* @__PURE__ */ new Map();
  quarantineNetwork;
  constructor(config, env = process.env) {
    this.config = config;
    this.env = env;
    this.quarantineNetwork = config.quarantine_network ?? DEFAULT_QUARANTINE_NETWORK;
  }
  names() {
    return [.../* @__PURE__ */ new Set(["local", ...Object.keys(this.config.hosts)])];
  }
  get(name = "local") {
    return this.host(name).docker;
  }
  host(name = "local") {
    const cached = this.clients.get(name);
    if (cached)
      return cached;
    const configured = this.config.hosts[name];
    let host;
    if (configured)
      host = { name, url: configured.url, docker: clientForHost(name, configured) };
    else if (name === "local") {
      const url = this.env.DOCKER_HOST || DEFAULT_SOCKET;
      host = { name, url, docker: clientForUrl(url) };
    } else {
      throw new NotFoundError(`Docker host "${name}" is not configured`, {
        hint: `add it under hosts: in the config file, or use one of: ${this.names().join(", ")}`
      });
    }
    this.clients.set(name, host);
    return host;
  }
  /** The engine's version string, asked once per host (custody records name it). */
  engineVersion(name = "local", signal) {
    const cached = this.engineVersions.get(name);
    if (cached)
      return cached;
    const host = this.host(name);
    const asked = dockerCall({ host: name, url: host.url, what: "read the engine version" }, () => engineVersion(host.docker, signal), {
      signal
    }).then((version) => version.Version);
    asked.catch(() => this.engineVersions.delete(name));
    this.engineVersions.set(name, asked);
    return asked;
  }
};
var require2 = createRequire(import.meta.url);
var DockerClass;
function dockerode() {
  return DockerClass ??= require2("dockerode");
}
var NO_ENV_DEFAULTS = {
  socketPath: void 0,
  host: void 0,
  port: void 0,
  ca: void 0,
  cert: void 0,
  key: void 0
};
function clientForUrl(url, options = {}) {
  return guardClient(unguardedClientForUrl(url, options));
}
function unguardedClientForUrl(url, options) {
  if (url.startsWith("unix://")) {
    return new (dockerode())({ ...NO_ENV_DEFAULTS, socketPath: url.slice("unix://".length), protocol: "http" });
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`Docker host URL "${url}" is not a URL`, { hint: "use unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host" });
  }
  if (parsed.protocol === "tcp:") {
    const tls = options.tls;
    const useTls = Boolean(tls && (tls.ca || tls.cert || tls.key));
    return new (dockerode())({
      ...NO_ENV_DEFAULTS,
      host: parsed.hostname,
      port: Number(parsed.port || (useTls ? 2376 : 2375)),
      protocol: useTls ? "https" : "http",
      ...useTls ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}
    });
  }
  if (parsed.protocol === "ssh:") {
    return new (dockerode())({
      ...NO_ENV_DEFAULTS,
      protocol: "ssh",
      host: parsed.hostname,
      port: Number(parsed.port || 22),
      username: decodeURIComponent(parsed.username) || void 0,
      sshOptions: { privateKey: options.sshKey, agent: options.sshKey ? void 0 : process.env.SSH_AUTH_SOCK }
    });
  }
  throw new UsageError(`unsupported Docker host URL "${url}"`, { hint: "use unix://, tcp:// or ssh://" });
}
function clientForHost(name, host) {
  const read = (what, path) => {
    if (!path)
      return void 0;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new UsageError(`cannot read the ${what} file ${path} for Docker host "${name}": ${error.message}`, {
        hint: `fix hosts.${name} in the config file`,
        cause: error
      });
    }
  };
  return clientForUrl(host.url, {
    tls: host.tls ? { ca: read("TLS CA", host.tls.ca), cert: read("TLS certificate", host.tls.cert), key: read("TLS key", host.tls.key) } : void 0,
    sshKey: read("ssh key", host.ssh_key)
  });
}

// dist/log.js
import { createRequire as createRequire2 } from "node:module";
var LOG_FORMATS = ["json", "pretty"];
var require3 = createRequire2(import.meta.url);
function defaultLogFormat(env = process.env, stderrIsTty = Boolean(process.stderr.isTTY)) {
  const chosen = env.IRCTL_LOG_FORMAT;
  if (chosen === "json" || chosen === "pretty")
    return chosen;
  return stderrIsTty ? "pretty" : "json";
}
var controls = /* @__PURE__ */ new WeakMap();
function createLogger(bindings = {}, options = {}) {
  let logger;
  let level;
  const control = {
    format: defaultLogFormat(),
    reset: () => {
      level = logger?.level;
      logger = void 0;
    }
  };
  const real = () => {
    if (!logger) {
      const create = require3("pino");
      const settings = { level: level ?? process.env.IRCTL_LOG_LEVEL ?? "warn", base: { app: "irctl", ...bindings } };
      const to = options.destination;
      logger = create(settings, control.format === "pretty" ? prettyStream(to) : to ?? create.destination(2));
    }
    return logger;
  };
  const proxy = new Proxy({}, {
    get: (_target, property) => {
      const value = Reflect.get(real(), property);
      return typeof value === "function" ? value.bind(real()) : value;
    },
    // `log.level = 'info'` (irctl serve --log-level) must reach the real logger
    set: (_target, property, value) => Reflect.set(real(), property, value)
  });
  controls.set(proxy, control);
  return proxy;
}
function setLogFormat(log, format) {
  const control = controls.get(log);
  if (!control || control.format === format)
    return;
  control.format = format;
  control.reset();
}
function prettyStream(destination) {
  const pretty = require3("pino-pretty");
  return pretty({
    destination: destination ?? 2,
    sync: true,
    // a line is on the terminal before the next thing happens, as with JSON to fd 2
    colorize: destination === void 0 && Boolean(process.stderr.isTTY),
    singleLine: true,
    // one line per event, like the JSON form
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname,app",
    errorLikeObjectKeys: ["err"]
    // irctl's `error` fields are messages: keep them on the line
  });
}

// dist/auth/schema.js
var authSchema = [
  {
    id: "auth-1",
    sql: `
CREATE TABLE api_keys (
  key_id TEXT PRIMARY KEY,            -- the visible part: irk_<key_id>_\u2026
  actor TEXT NOT NULL,                -- who the key acts as
  role TEXT,                          -- admin | operator | viewer; NULL = the actor's roles from the roles file
  key_sha256 TEXT NOT NULL,           -- hex SHA-256 of the whole key
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_by TEXT,
  revoked_at TEXT
);
`
  },
  {
    // a key may be narrowed to fewer containers than the server's scope: JSON list of scope rules
    id: "auth-2",
    sql: `ALTER TABLE api_keys ADD COLUMN scope TEXT;`
  }
];

// dist/custody/schema.js
var custodySchema = [
  {
    id: "custody-1",
    sql: `
CREATE TABLE custody_records (
  incident_id TEXT NOT NULL,
  seq INTEGER NOT NULL,                 -- 1, 2, 3 \u2026 per incident, no gaps
  recorded_at TEXT NOT NULL,            -- UTC, ISO 8601 with milliseconds
  actor TEXT NOT NULL,
  act TEXT NOT NULL,                    -- acquired | verified | approved | exported | contained | \u2026
  subject TEXT NOT NULL,
  where_json TEXT,                      -- canonical JSON: Docker host, engine version, container id, image digest
  how_json TEXT,                        -- canonical JSON: action, parameters, exit status
  details_json TEXT,                    -- canonical JSON
  artifact_sha256 TEXT,
  artifact_size INTEGER,
  artifact_location TEXT,               -- relative to the evidence directory, e.g. <incidentId>/logs.txt
  evidence_id TEXT,
  prev_hash TEXT NOT NULL,              -- hex; for seq 1 derived from the incident id
  hash TEXT NOT NULL,                   -- hex SHA-256 over the domain tag and the canonical record
  UNIQUE (incident_id, seq)
);

CREATE TRIGGER custody_records_no_update BEFORE UPDATE ON custody_records
BEGIN SELECT RAISE(ABORT, 'custody_records is append-only: UPDATE refused'); END;
CREATE TRIGGER custody_records_no_delete BEFORE DELETE ON custody_records
BEGIN SELECT RAISE(ABORT, 'custody_records is append-only: DELETE refused'); END;

CREATE TABLE custody_checkpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL,
  seq INTEGER NOT NULL,                 -- record count the checkpoint pins
  head_hash TEXT NOT NULL,              -- hex hash of record seq
  note TEXT NOT NULL,                   -- the whole C2SP signed note, signature lines included
  signature TEXT NOT NULL,              -- base64(key hash \u2016 ed25519 signature), as in the note
  key_id TEXT NOT NULL,                 -- first 16 hex of SHA-256 of the raw public key
  reason TEXT NOT NULL,                 -- phase:containment | export | manual | \u2026
  created_at TEXT NOT NULL
);
CREATE INDEX custody_checkpoints_incident ON custody_checkpoints(incident_id, seq);

CREATE TRIGGER custody_checkpoints_no_update BEFORE UPDATE ON custody_checkpoints
BEGIN SELECT RAISE(ABORT, 'custody_checkpoints is append-only: UPDATE refused'); END;
CREATE TRIGGER custody_checkpoints_no_delete BEFORE DELETE ON custody_checkpoints
BEGIN SELECT RAISE(ABORT, 'custody_checkpoints is append-only: DELETE refused'); END;
`
  },
  {
    // Level hashes of the ledger's Merkle tree (RFC 9162): node (level, idx) is the root of the
    // perfect subtree over leaves [idx·2^level, (idx+1)·2^level). A cache derived from the records
    // (merkle-store.ts fills it on demand): proofs read O(log n) rows instead of the whole ledger,
    // and verify never trusts it — it recomputes every root from the records.
    id: "custody-2-merkle",
    sql: `
CREATE TABLE custody_merkle_nodes (
  incident_id TEXT NOT NULL,
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,                   -- 32 bytes
  PRIMARY KEY (incident_id, level, idx)
) WITHOUT ROWID;
`
  }
];

// dist/evidence/schema.js
var evidenceSchema = [
  {
    id: "evidence-1",
    sql: `
CREATE TABLE evidence (
  id TEXT PRIMARY KEY,                -- ev-\u2026
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  name TEXT NOT NULL,                 -- file name inside the incident folder
  kind TEXT NOT NULL,                 -- logs | inspect | processes | network | diff | files | image | export | host-command | \u2026
  media_type TEXT NOT NULL,
  path TEXT NOT NULL,                 -- <incidentId>/<file>, relative to the evidence directory (incomplete: the removed temp file)
  sha256 TEXT,                        -- NULL while incomplete
  size INTEGER NOT NULL,              -- bytes written (for an incomplete capture: before it failed)
  status TEXT NOT NULL CHECK (status IN ('complete', 'incomplete')),
  captured_at TEXT NOT NULL,          -- UTC ISO-8601, when the capture finished or failed
  captured_by TEXT NOT NULL,          -- actor
  subject TEXT NOT NULL,              -- what it was captured from
  error TEXT                          -- why an incomplete capture failed
);
CREATE INDEX evidence_incident ON evidence(incident_id, captured_at);
`
  }
];

// dist/investigate/schema.js
var findingsSchema = [
  {
    id: "findings-1",
    sql: `
CREATE TABLE findings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  kind TEXT NOT NULL,                 -- ioc-match | persistence | dropped-executable | shell | miner | \u2026
  evidence_id TEXT,                   -- the artifact it was found in (NULL: found on the live engine)
  detail TEXT NOT NULL,               -- JSON: what matched, where (line, path, pid, address)
  created_at TEXT NOT NULL
);
CREATE INDEX findings_incident ON findings(incident_id, id);
`
  }
];

// dist/store/core-schema.js
var coreSchema = [
  {
    id: "core-1",
    sql: `
CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  runbook_name TEXT NOT NULL,
  runbook_file TEXT NOT NULL,
  runbook_source TEXT NOT NULL,       -- the YAML as it was when the run began; resume uses this copy
  severity TEXT NOT NULL,
  status TEXT NOT NULL,               -- running | waiting | needs_decision | succeeded | failed | aborted | rolled_back
  phase TEXT,
  current_step TEXT,
  inputs TEXT NOT NULL,               -- JSON
  alert TEXT,                         -- JSON, when an alert opened the incident
  target TEXT,                        -- container the incident is about, when known
  initiator TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT,
  snapshot TEXT,                      -- XState persisted snapshot, JSON
  abort_requested TEXT,               -- actor who asked, when another process asked
  runner_id TEXT,                     -- lease: which process drives the run
  runner_lease_until INTEGER,         -- epoch ms
  annotations TEXT NOT NULL DEFAULT '{}',
  auto_only INTEGER NOT NULL DEFAULT 0, -- opened by an alert: only steps marked auto run until a human takes over
  start_at TEXT,                      -- a rerun begins at this step instead of the first
  rerun_of TEXT                       -- the incident a rerun was made from
);
CREATE INDEX incidents_status ON incidents(status);

CREATE TABLE step_journal (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,           -- counts every execution of the step in this incident
  visit INTEGER NOT NULL,             -- which entry into the step state (loops enter again)
  status TEXT NOT NULL,               -- started | finished | failed | skipped | interrupted | undone
  action TEXT,
  params TEXT,                        -- JSON, resolved
  outputs TEXT,                       -- JSON
  summary TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  PRIMARY KEY (incident_id, step_id, attempt)
);

CREATE TABLE step_decisions (         -- a human's word on a step that started but did not finish
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  decision TEXT NOT NULL,             -- retry | skip
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  consumed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE timeline (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  step_id TEXT,
  actor TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX timeline_incident ON timeline(incident_id, seq);

CREATE TABLE deadlines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  kind TEXT NOT NULL,                 -- step_timeout | approval_timeout | escalation
  due_at INTEGER NOT NULL,            -- epoch ms
  payload TEXT NOT NULL DEFAULT '{}',
  fired_at INTEGER,
  cancelled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deadlines_due ON deadlines(incident_id, fired_at, cancelled, due_at);

CREATE TABLE approvals (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT,
  decision TEXT NOT NULL,             -- approve | reject
  comment TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (incident_id, step_id, actor)
);

CREATE TABLE gates (                  -- one row per approval gate once it is decided
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  outcome TEXT NOT NULL,              -- approved | rejected | timed_out
  decided_at TEXT NOT NULL,
  PRIMARY KEY (incident_id, step_id)
);
`
  },
  {
    // A run that loops back through a gate must ask again: decisions and outcomes are per visit
    // (the run's count of entries into the step). SQLite cannot change a primary key in place,
    // so both tables are rebuilt; rows from before this are the first visit.
    id: "core-2",
    sql: `
CREATE TABLE approvals_by_visit (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  visit INTEGER NOT NULL DEFAULT 1,   -- which entry into the gate step this decision is for
  actor TEXT NOT NULL,
  role TEXT,
  decision TEXT NOT NULL,             -- approve | reject
  comment TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (incident_id, step_id, visit, actor)
);
INSERT INTO approvals_by_visit (incident_id, step_id, visit, actor, role, decision, comment, at)
  SELECT incident_id, step_id, 1, actor, role, decision, comment, at FROM approvals ORDER BY rowid;
DROP TABLE approvals;
ALTER TABLE approvals_by_visit RENAME TO approvals;

CREATE TABLE gates_by_visit (         -- one row per visit to an approval gate once it is decided
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step_id TEXT NOT NULL,
  visit INTEGER NOT NULL DEFAULT 1,
  outcome TEXT NOT NULL,              -- approved | rejected | timed_out
  decided_at TEXT NOT NULL,
  PRIMARY KEY (incident_id, step_id, visit)
);
INSERT INTO gates_by_visit (incident_id, step_id, visit, outcome, decided_at)
  SELECT incident_id, step_id, 1, outcome, decided_at FROM gates ORDER BY rowid;
DROP TABLE gates;
ALTER TABLE gates_by_visit RENAME TO gates;
`
  },
  {
    // Which way each decision came in, and through which API key: a quorum counts people, and a
    // key's maker answers for what the key approves (docs/cli.md "Who counts towards a quorum").
    id: "core-3-approval-keys",
    sql: `
ALTER TABLE approvals ADD COLUMN via TEXT;            -- cli | api-key | console | insecure-no-auth; NULL: before this was kept
ALTER TABLE approvals ADD COLUMN key_id TEXT;         -- the API key's id (never the key), NULL without a key
ALTER TABLE approvals ADD COLUMN key_created_by TEXT; -- who made that key
`
  },
  {
    id: "core-incident-scope",
    sql: `
-- JSON {server, key?}: the scope rules an alert-opened incident's steps act within, fixed when it
-- opened (a resume, by serve or by a person, keeps them); NULL for incidents opened from the CLI
ALTER TABLE incidents ADD COLUMN scope TEXT;
`
  }
];

// dist/store/oncall-schema.js
var oncallSchema = [
  {
    id: "oncall-1",
    sql: `
CREATE TABLE acknowledgements (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  actor TEXT NOT NULL,
  comment TEXT,
  at TEXT NOT NULL
);
CREATE INDEX acknowledgements_incident ON acknowledgements(incident_id, seq);

CREATE TABLE silences (
  id TEXT PRIMARY KEY,
  matchers TEXT NOT NULL,             -- JSON [{name, op, value}], Alertmanager semantics
  starts_at INTEGER NOT NULL,         -- epoch ms
  ends_at INTEGER NOT NULL,
  comment TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expired_by TEXT,
  suppressed INTEGER NOT NULL DEFAULT 0  -- alerts it answered "silenced"
);
CREATE INDEX silences_active ON silences(ends_at);
`
  }
];

// dist/schema.js
var MIGRATIONS = [...coreSchema, ...custodySchema, ...evidenceSchema, ...authSchema, ...findingsSchema, ...oncallSchema];
function openStore(path) {
  return openDb(path, MIGRATIONS);
}

// dist/services.js
function resolveActor(as, env = process.env) {
  if (as)
    return as;
  if (env.IRCTL_ACTOR)
    return env.IRCTL_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
function openServices(options = {}) {
  const paths = resolvePaths(options);
  const config = loadConfig(paths.configFile);
  configureWitnesses(config.custody.witness);
  const db = openStore(paths.db);
  let roles;
  return {
    paths,
    config,
    db,
    docker: new DockerHosts(config),
    log: createLogger(),
    actor: resolveActor(options.as),
    roleBook: () => roles ??= loadRoles(rolesFilePath(paths.home, config.roles_file)),
    close: () => db.close()
  };
}

export {
  DockerHosts,
  LOG_FORMATS,
  setLogFormat,
  openStore,
  resolveActor,
  openServices
};
