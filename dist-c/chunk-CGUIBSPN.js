import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  writeTransaction
} from "./chunk-XO2YUCL3.js";
import {
  appendCustody
} from "./chunk-5G4DN3AP.js";
import {
  scopeRuleSchema
} from "./chunk-4VXJMZ3F.js";
import {
  NotFoundError,
  RefusedError
} from "./chunk-HPPMOGYY.js";

// dist/auth/keys.js
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
var KEY_LEDGER = "api-keys";
var PREFIX = "irk_";
var SECRET_BYTES = 32;
var KEY_SHAPE = /^irk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;
function parseKeyScope(text) {
  if (text === null)
    return void 0;
  const parsed = scopeRuleSchema.array().safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : [{ names: [] }];
}
var sha256 = (text) => createHash("sha256").update(text, "utf8").digest();
function createApiKey(db, options) {
  const keyId = randomBytes(4).toString("hex");
  const key = `${PREFIX}${keyId}_${randomBytes(SECRET_BYTES).toString("base64url")}`;
  const scope = options.scope && options.scope.length > 0 ? JSON.stringify(scopeRuleSchema.array().parse(options.scope)) : null;
  db.prepare("INSERT INTO api_keys (key_id, actor, role, key_sha256, created_by, created_at, scope) VALUES (?, ?, ?, ?, ?, ?, ?)").run(keyId, options.actor, options.role ?? null, sha256(key).toString("hex"), options.createdBy, (/* @__PURE__ */ new Date()).toISOString(), scope);
  return { keyId, key };
}
function issueApiKey(db, roles, options) {
  const { actor, role, createdBy } = options;
  if (!roles.lists(actor)) {
    throw new RefusedError(`no API key made: keys are made only for actors named in the roles file, and ${actor} is not (${roles.source})`, {
      hint: `add ${actor} under "actors:" in the roles file with the role it needs (e.g. "${actor}: ${role ?? "operator"}"), then make the key`,
      details: { actor, rolesSource: roles.source }
    });
  }
  const held = roles.rolesOf(actor);
  if (role && !held.includes(role)) {
    throw new RefusedError(`no API key made: ${/^[aeiou]/.test(role) ? "an" : "a"} ${role} key for ${actor} would give more than the roles file does: ${actor} has ${held.join(", ") || "no role"} (${roles.source})`, {
      hint: `give the key a role ${actor} holds (--role ${held[0] ?? "viewer"}), leave out --role, or change the roles file first`,
      details: { actor, role, held, rolesSource: roles.source }
    });
  }
  return writeTransaction(db, () => {
    const made = createApiKey(db, options);
    const record = appendCustody(db, KEY_LEDGER, {
      act: "key-created",
      actor: createdBy,
      subject: `api-key:${made.keyId}`,
      details: { key_id: made.keyId, for: actor, role: role ?? null, roles_now: held, scope: options.scope ?? null }
    });
    return { ...made, custodySeq: record.seq };
  });
}
function verifyApiKey(db, presented) {
  const match = KEY_SHAPE.exec(presented.trim());
  if (!match)
    return void 0;
  const row = db.prepare("SELECT key_id, actor, role, key_sha256, created_by, revoked_at, scope FROM api_keys WHERE key_id = ?").get(match[1]);
  const presentedHash = sha256(presented.trim());
  const storedHash = row ? Buffer.from(row.key_sha256, "hex") : sha256("no such key");
  const same = timingSafeEqual(presentedHash, storedHash);
  if (!row || !same || row.revoked_at)
    return void 0;
  return { keyId: row.key_id, actor: row.actor, createdBy: row.created_by, role: row.role, scope: parseKeyScope(row.scope) };
}
function listApiKeys(db) {
  return db.prepare("SELECT key_id, actor, role, created_by, created_at, revoked_by, revoked_at, scope FROM api_keys ORDER BY created_at").all();
}
function revokeApiKey(db, keyId, revokedBy) {
  const id = keyId.replace(/^irk_/, "").split("_")[0];
  return writeTransaction(db, () => {
    const revoked = db.prepare("UPDATE api_keys SET revoked_by = ?, revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL").run(revokedBy, (/* @__PURE__ */ new Date()).toISOString(), id).changes === 1;
    const row = db.prepare("SELECT key_id, actor, role, created_by, created_at, revoked_by, revoked_at, scope FROM api_keys WHERE key_id = ?").get(id);
    if (!row)
      throw new NotFoundError(`API key "${keyId}" not found`, { hint: "irctl keys list shows the key ids" });
    if (revoked) {
      appendCustody(db, KEY_LEDGER, {
        act: "key-revoked",
        actor: revokedBy,
        subject: `api-key:${row.key_id}`,
        details: { key_id: row.key_id, for: row.actor, created_by: row.created_by }
      });
    }
    return row;
  });
}

export {
  KEY_LEDGER,
  issueApiKey,
  verifyApiKey,
  listApiKeys,
  revokeApiKey
};
