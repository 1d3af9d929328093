import {
  UsageError
} from "./chunk-JMAPXXTL.js";

// dist/auth/roles.js
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { userInfo } from "node:os";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
var ROLES = ["admin", "operator", "alerter", "viewer"];
var roleSchema = z.enum(ROLES);
var rolesFileSchema = z.object({
  actors: z.record(z.string().min(1), z.union([roleSchema, z.array(roleSchema).min(1)])).default({}),
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
    raw = parseYaml(readFileSync(file, "utf8")) ?? {};
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
