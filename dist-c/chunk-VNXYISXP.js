import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  require_dist
} from "./chunk-NIIPEV7D.js";
import {
  external_exports
} from "./chunk-6GUQTYHU.js";
import {
  UsageError
} from "./chunk-HPPMOGYY.js";
import {
  __toESM
} from "./chunk-VF57VZD3.js";

// dist/auth/roles.js
var import_yaml = __toESM(require_dist(), 1);
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { userInfo } from "node:os";
var ROLES = ["admin", "operator", "alerter", "viewer"];
var roleSchema = external_exports.enum(ROLES);
var rolesFileSchema = external_exports.object({
  actors: external_exports.record(external_exports.string().min(1), external_exports.union([roleSchema, external_exports.array(roleSchema).min(1)])).default({}),
  default: roleSchema.optional()
}).strict();
var INCLUDED = {
  admin: ["admin", "operator", "alerter", "viewer"],
  operator: ["operator", "alerter", "viewer"],
  alerter: ["alerter"],
  viewer: ["viewer"]
};
function expandRoles(held) {
  return ROLES.filter((role) => held.some((h) => INCLUDED[h].includes(role)));
}
function rolesFilePath(home, configured) {
  return configured ? resolve(configured) : join(home, "roles.yaml");
}
function loadRoles(file, osUser = currentOsUser()) {
  if (!existsSync(file)) {
    return {
      source: `no roles file (${file}): only the OS user ${osUser} is admin`,
      rolesOf: (actor) => actor === osUser ? expandRoles(["admin"]) : [],
      lists: (actor) => actor === osUser
    };
  }
  let raw;
  try {
    raw = (0, import_yaml.parse)(readFileSync(file, "utf8")) ?? {};
  } catch (error) {
    throw new UsageError(`roles file ${file} is not valid YAML: ${error.message}`, { hint: 'fix the file; see docs/cli.md "Roles"' });
  }
  const parsed = rolesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(top)"}: ${issue.message}`).join("; ");
    throw new UsageError(`roles file ${file}: ${problems}`, { hint: `roles are ${ROLES.join(", ")}; e.g. "actors: { alice: admin, bob: operator }"` });
  }
  const { actors, default: fallback } = parsed.data;
  return {
    source: `roles file ${file}`,
    rolesOf: (actor) => {
      const held = actors[actor] ?? fallback;
      if (!held)
        return [];
      return expandRoles(Array.isArray(held) ? held : [held]);
    },
    lists: (actor) => Object.hasOwn(actors, actor)
  };
}
function currentOsUser() {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

export {
  ROLES,
  rolesFileSchema,
  expandRoles,
  rolesFilePath,
  loadRoles
};
