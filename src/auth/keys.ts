import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendCustody } from '../custody/ledger.js';
import { NotFoundError, RefusedError } from '../errors.js';
import type { JsonValue } from '../json.js';
import { writeTransaction, type Db } from '../store/db.js';
import { scopeRuleSchema, type ScopeRule } from '../config.js';
import type { Role, RoleBook } from './roles.js';

/**
 * The custody chain that records who made and revoked which API key, beside the incidents' chains
 * (incident ids are inc-…, so it cannot meet one): `irctl custody log api-keys`, `custody verify api-keys`.
 */
export const KEY_LEDGER = 'api-keys';

const PREFIX = 'irk_';
const SECRET_BYTES = 32;
const KEY_SHAPE = /^irk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyRow {
  key_id: string;
  actor: string;
  role: Role | null;
  created_by: string;
  created_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
  scope: string | null; // JSON list of scope rules; null: the server's scope only
}

export interface ApiKeyIdentity {
  keyId: string;
  actor: string;
  /** Who made the key: they answer for what it approves (a quorum counts them with its holder). */
  createdBy: string;
  role: Role | null; // null: use the actor's roles from the roles file
  /** Rules narrowing what alerts sent with this key may act on; undefined: the server's scope. */
  scope?: ScopeRule[];
}

function parseKeyScope(text: string | null): ScopeRule[] | undefined {
  if (text === null) return undefined;
  // a stored scope that no longer parses narrows to nothing rather than widening to everything
  const parsed = scopeRuleSchema.array().safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : [{ names: [] }];
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Make a key: `irk_<8 hex id>_<32 random bytes, base64url>`. Returns the key; only its hash is stored. */
export function createApiKey(db: Db, options: { actor: string; role?: Role; createdBy: string; scope?: ScopeRule[] }): { keyId: string; key: string } {
  const keyId = randomBytes(4).toString('hex');
  const key = `${PREFIX}${keyId}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  const scope = options.scope && options.scope.length > 0 ? JSON.stringify(scopeRuleSchema.array().parse(options.scope)) : null;
  db.prepare('INSERT INTO api_keys (key_id, actor, role, key_sha256, created_by, created_at, scope) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    keyId,
    options.actor,
    options.role ?? null,
    sha256(key).toString('hex'),
    options.createdBy,
    new Date().toISOString(),
    scope,
  );
  return { keyId, key };
}

/**
 * `irctl keys create`: make a key only for an actor the roles file names, never with a role that
 * actor does not hold, and record who made it, for whom and with which role in the key ledger
 * (the key id, never the key). Refused (exit 4, nothing written) otherwise.
 */
export function issueApiKey(
  db: Db,
  roles: RoleBook,
  options: { actor: string; role?: Role; createdBy: string; scope?: ScopeRule[] },
): { keyId: string; key: string; custodySeq: number } {
  const { actor, role, createdBy } = options;
  if (!roles.lists(actor)) {
    throw new RefusedError(`no API key made: keys are made only for actors named in the roles file, and ${actor} is not (${roles.source})`, {
      hint: `add ${actor} under "actors:" in the roles file with the role it needs (e.g. "${actor}: ${role ?? 'operator'}"), then make the key`,
      details: { actor, rolesSource: roles.source },
    });
  }
  const held = roles.rolesOf(actor);
  if (role && !held.includes(role)) {
    throw new RefusedError(
      `no API key made: ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} key for ${actor} would give more than the roles file does: ${actor} has ${held.join(', ') || 'no role'} (${roles.source})`,
      {
        hint: `give the key a role ${actor} holds (--role ${held[0] ?? 'viewer'}), leave out --role, or change the roles file first`,
        details: { actor, role, held, rolesSource: roles.source },
      },
    );
  }
  return writeTransaction(db, () => {
    const made = createApiKey(db, options);
    const record = appendCustody(db, KEY_LEDGER, {
      act: 'key-created',
      actor: createdBy,
      subject: `api-key:${made.keyId}`,
      details: { key_id: made.keyId, for: actor, role: role ?? null, roles_now: held, scope: (options.scope as JsonValue | undefined) ?? null },
    });
    return { ...made, custodySeq: record.seq };
  });
}

/** Who a presented key acts as, or undefined (malformed, unknown, revoked or wrong secret). */
export function verifyApiKey(db: Db, presented: string): ApiKeyIdentity | undefined {
  const match = KEY_SHAPE.exec(presented.trim());
  if (!match) return undefined;
  const row = db.prepare('SELECT key_id, actor, role, key_sha256, created_by, revoked_at, scope FROM api_keys WHERE key_id = ?').get(match[1]) as
    (Pick<ApiKeyRow, 'key_id' | 'actor' | 'role' | 'created_by' | 'revoked_at' | 'scope'> & { key_sha256: string }) | undefined;
  // hash even when the id is unknown, so timing does not tell known ids from unknown ones
  const presentedHash = sha256(presented.trim());
  const storedHash = row ? Buffer.from(row.key_sha256, 'hex') : sha256('no such key');
  const same = timingSafeEqual(presentedHash, storedHash);
  if (!row || !same || row.revoked_at) return undefined;
  return { keyId: row.key_id, actor: row.actor, createdBy: row.created_by, role: row.role, scope: parseKeyScope(row.scope) };
}

/** Whether a key id names a key that still works (made, not revoked): asked again when an alert it queued drains. */
export function apiKeyIsLive(db: Db, keyId: string): boolean {
  return db.prepare('SELECT 1 FROM api_keys WHERE key_id = ? AND revoked_at IS NULL').get(keyId) !== undefined;
}

/** An actor's keys in brief: how many still work, and when the last of its revocations was (epoch ms). */
export function keyStandingOf(db: Db, actor: string): { liveKeys: number; lastRevokedMs?: number } {
  const row = db.prepare('SELECT COUNT(*) - COUNT(revoked_at) AS live, MAX(revoked_at) AS last_revoked FROM api_keys WHERE actor = ?').get(actor) as {
    live: number;
    last_revoked: string | null;
  };
  return { liveKeys: row.live, ...(row.last_revoked ? { lastRevokedMs: Date.parse(row.last_revoked) } : {}) };
}

export function listApiKeys(db: Db): ApiKeyRow[] {
  return db.prepare('SELECT key_id, actor, role, created_by, created_at, revoked_by, revoked_at, scope FROM api_keys ORDER BY created_at').all() as ApiKeyRow[];
}

/** Revoke a key by its id (the part after irk_). Revoking twice keeps the first revocation. */
export function revokeApiKey(db: Db, keyId: string, revokedBy: string): ApiKeyRow {
  const id = keyId.replace(/^irk_/, '').split('_')[0]!;
  return writeTransaction(db, () => {
    const revoked =
      db.prepare('UPDATE api_keys SET revoked_by = ?, revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL').run(revokedBy, new Date().toISOString(), id)
        .changes === 1;
    const row = db.prepare('SELECT key_id, actor, role, created_by, created_at, revoked_by, revoked_at, scope FROM api_keys WHERE key_id = ?').get(id) as
      ApiKeyRow | undefined;
    if (!row) throw new NotFoundError(`API key "${keyId}" not found`, { hint: 'irctl keys list shows the key ids' });
    if (revoked) {
      appendCustody(db, KEY_LEDGER, {
        act: 'key-revoked',
        actor: revokedBy,
        subject: `api-key:${row.key_id}`,
        details: { key_id: row.key_id, for: row.actor, created_by: row.created_by },
      });
    }
    return row;
  });
}
