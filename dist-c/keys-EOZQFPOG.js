import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  KEY_LEDGER,
  issueApiKey,
  listApiKeys,
  revokeApiKey
} from "./chunk-CGUIBSPN.js";
import {
  writeCheckpoint
} from "./chunk-HYS6PUCY.js";
import {
  servicesFor
} from "./chunk-DEGJAGBL.js";
import "./chunk-OJSSQ7C5.js";
import "./chunk-XO2YUCL3.js";
import "./chunk-AWUUUX57.js";
import {
  ROLES
} from "./chunk-VNXYISXP.js";
import "./chunk-U7K5EBAV.js";
import "./chunk-5G4DN3AP.js";
import "./chunk-WWDZUR2Q.js";
import {
  commandOutput
} from "./chunk-H2H36VGC.js";
import {
  color,
  printJson,
  table
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
  requireRole
} from "./chunk-CHZ3CMJ4.js";
import {
  UsageError
} from "./chunk-HPPMOGYY.js";
import "./chunk-VF57VZD3.js";

// dist/cli/commands/keys/create.js
var collect = (value, previous = []) => [...previous, value];
function keyScope(options) {
  const rule = {};
  if (options.scopeLabel) {
    rule.labels = {};
    for (const pair of options.scopeLabel) {
      const eq = pair.indexOf("=");
      if (eq <= 0)
        throw new UsageError(`--scope-label ${pair} is not key=value`, { hint: "e.g. --scope-label team=payments" });
      rule.labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  if (options.scopeCompose)
    rule.compose_projects = options.scopeCompose;
  if (options.scopeName)
    rule.names = options.scopeName;
  if (options.scopeHost)
    rule.hosts = options.scopeHost;
  return Object.keys(rule).length > 0 ? [rule] : void 0;
}
function keysCreateCommand() {
  return new Command("create").description("make an API key for the HTTP API; the key is printed once and only its hash is kept").requiredOption("--actor <name>", "who the key acts as").addOption(new Option("--role <role>", "fix the key to this role (default: the actor\u2019s roles from the roles file)").choices(ROLES)).option("--scope-label <key=value>", "alerts sent with this key may act only on containers with this label (repeatable)", collect).option("--scope-compose <project>", "\u2026 only on containers of this Compose project (repeatable)", collect).option("--scope-name <pattern>", "\u2026 only on containers whose name matches (* and ?; repeatable)", collect).option("--scope-host <host>", "\u2026 only on this configured Docker host (repeatable)", collect).addHelpText("after", `
Keys are made only for actors named in the roles file, with a role they hold there. An admin makes
keys for anyone; anyone named may make their own (--actor = yourself). Each key made or revoked is a
custody record (who, for whom, role, key id) in the ledger "api-keys". The maker of a key has seen it
and answers for what it approves: a gate's quorum counts the maker and the key's holder as one
person, so approvers who decide over HTTP should make their own keys.

A key's scope narrows the server's (config.yaml scope): a container must be in both.

Examples:
  irctl keys create --actor falcosidekick --role alerter
  irctl --as bob keys create --actor bob          # bob's own key, for approving over HTTP
  irctl keys create --actor payments-alertmanager --role alerter --scope-compose payments
  irctl keys create --actor alertmanager --role operator
  irctl --json keys create --actor grafana`).action(async (options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      if (options.actor !== services.actor)
        requireRole(services.roleBook(), services.actor, "keys.manage", `create an API key for ${options.actor}`);
      const scope = keyScope(options);
      const { keyId, key, custodySeq } = issueApiKey(services.db, services.roleBook(), {
        actor: options.actor,
        role: options.role,
        createdBy: services.actor,
        scope
      });
      writeCheckpoint(services.db, services.paths.home, KEY_LEDGER, "key-created");
      if (out.json)
        return printJson(out, {
          keyId,
          actor: options.actor,
          role: options.role ?? null,
          scope: scope ?? null,
          createdBy: services.actor,
          custody: { ledger: KEY_LEDGER, seq: custodySeq },
          key
        });
      out.out(key);
      out.err(color.dim(`key ${keyId} for ${options.actor}${options.role ? ` (${options.role})` : ""}, made by ${services.actor} (custody: irctl custody log ${KEY_LEDGER}): shown this once \u2014 store it now; revoke with irctl keys revoke ${keyId}`));
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/keys/list.js
function keysListCommand() {
  return new Command("list").description("API keys: id, actor, role, who made and revoked them (never the keys themselves)").addHelpText("after", `
Examples:
  irctl keys list
  irctl --json keys list`).action(async (_options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      requireRole(services.roleBook(), services.actor, "keys.read", "list API keys");
      const keys = listApiKeys(services.db);
      if (out.json)
        return printJson(out, keys);
      if (keys.length === 0)
        return out.out("no API keys");
      out.out(table(["key id", "actor", "role", "scope", "created", "by", "revoked"], keys.map((k) => [
        k.key_id,
        k.actor,
        k.role ?? "(roles file)",
        k.scope ?? "(server scope)",
        k.created_at,
        k.created_by,
        k.revoked_at ? `${k.revoked_at} by ${k.revoked_by}` : ""
      ])));
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/keys/revoke.js
function keysRevokeCommand() {
  return new Command("revoke").description("revoke an API key: it stops working at once").argument("<key-id>", "the key id from irctl keys list (or the whole key)").addHelpText("after", `
Examples:
  irctl keys revoke 3fa9c1d2`).action(async (keyId, _options, command) => {
    const out = commandOutput(command);
    const services = servicesFor(command);
    try {
      requireRole(services.roleBook(), services.actor, "keys.manage", `revoke API key ${keyId}`);
      const row = revokeApiKey(services.db, keyId, services.actor);
      writeCheckpoint(services.db, services.paths.home, KEY_LEDGER, "key-revoked");
      if (out.json)
        return printJson(out, row);
      out.out(`API key ${row.key_id} (${row.actor}) revoked at ${row.revoked_at} by ${row.revoked_by}`);
    } finally {
      services.close();
    }
  });
}

// dist/cli/commands/keys/index.js
function registerKeyCommands(program) {
  const keys = program.command("keys").description("API keys for the HTTP API: create (shown once), list, revoke \u2014 admins only");
  for (const command of [keysCreateCommand(), keysListCommand(), keysRevokeCommand()]) {
    keys.addCommand(command.copyInheritedSettings(keys));
  }
}
export {
  registerKeyCommands
};
