import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyIdentity } from '../../auth/keys.js';
import type { Role } from '../../auth/roles.js';
import type { Db } from '../../store/db.js';

/** A console session lasts one on-call night, then the responder signs in again. */
export const SESSION_TTL_MS = 12 * 3_600_000;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface ConsoleSession {
  token: string; // the cookie value: only here, never stored
  actor: string;
  keyId: string;
  /** The key's own role, or null: the actor's roles from the roles file, as for the bearer key. */
  keyRole: Role | null;
  /** Who made the key: approvals made in the session record it (a quorum counts them with the holder). */
  keyCreatedBy: string;
  expiresAt: number;
}

/** Open a session for a verified API key; expired sessions of anyone are dropped on the way. */
export function openSession(db: Db, key: ApiKeyIdentity, now = Date.now()): ConsoleSession {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + SESSION_TTL_MS;
  db.prepare('DELETE FROM ui_sessions WHERE expires_at <= ?').run(now);
  db.prepare('INSERT INTO ui_sessions (token_sha256, key_id, actor, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
    sha256(token),
    key.keyId,
    key.actor,
    new Date(now).toISOString(),
    expiresAt,
  );
  return { token, actor: key.actor, keyId: key.keyId, keyRole: key.role, keyCreatedBy: key.createdBy, expiresAt };
}

/** The live session a cookie token names: unexpired, and its API key not revoked since. */
export function findSession(db: Db, token: string | undefined, now = Date.now()): ConsoleSession | undefined {
  if (!token || !TOKEN_SHAPE.test(token)) return undefined;
  const row = db
    .prepare(
      `SELECT s.actor, s.key_id, s.expires_at, k.role, k.created_by FROM ui_sessions s JOIN api_keys k ON k.key_id = s.key_id
       WHERE s.token_sha256 = ? AND s.expires_at > ? AND k.revoked_at IS NULL`,
    )
    .get(sha256(token), now) as { actor: string; key_id: string; expires_at: number; role: Role | null; created_by: string } | undefined;
  if (!row) return undefined;
  return { token, actor: row.actor, keyId: row.key_id, keyRole: row.role, keyCreatedBy: row.created_by, expiresAt: row.expires_at };
}

export function closeSession(db: Db, token: string): void {
  db.prepare('DELETE FROM ui_sessions WHERE token_sha256 = ?').run(sha256(token));
}

/**
 * The session's CSRF token (synchronizer token): derived from the session token, so it is tied
 * to that one session and needs no storage; a page of another origin can read neither.
 */
export function csrfTokenOf(session: ConsoleSession): string {
  return createHash('sha256').update('irctl-console-csrf\0').update(session.token).digest('base64url');
}

export function csrfMatches(session: ConsoleSession, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(session));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
