import type { FastifyRequest } from 'fastify';
import { verifyApiKey } from '../../auth/keys.js';
import { expandRoles, type Role, type RoleBook } from '../../auth/roles.js';
import type { ScopeRule } from '../../config.js';
import type { Db } from '../../store/db.js';
import { RequestRejectedError } from '../http-error.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type ReplayCache } from './hmac.js';
import { isLoopback } from './startup-check.js';

/**
 * Who sent a request. A signed request proves it holds the shared secret, not who it is: it may
 * post alerts (the alerter role) and nothing else.
 */
export interface RequestIdentity {
  actor: string;
  via: 'api-key' | 'hmac' | 'insecure-no-auth';
  roles: Role[];
  /** The key's own scope rules, narrowing the server's. */
  scope?: ScopeRule[];
  /** The API key the request came with (its id, never the key) and who made it: approvals record it. */
  key?: { id: string; createdBy: string };
}

export interface AuthSettings {
  db: Db;
  roleBook(): RoleBook;
  hmacSecret?: string;
  replays: ReplayCache;
  /** Loopback only, chosen explicitly: requests act as this identity with its roles from the roles file. */
  insecureNoAuthActor?: string;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Whether the Host header names a loopback host (localhost, 127.x, [::1]), with or without a port. */
function addressedToLoopback(request: FastifyRequest): boolean {
  const host = header(request, 'host') ?? '';
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0]!;
  return isLoopback(name.toLowerCase());
}

/** Bearer API key, else HMAC signature, else (only with --insecure-no-auth) the server's own identity. */
export function authenticate(request: FastifyRequest, rawBody: Buffer, settings: AuthSettings): RequestIdentity {
  const authorization = header(request, 'authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const key = match ? verifyApiKey(settings.db, match[1]!) : undefined;
    if (!key) {
      throw new RequestRejectedError(401, 'invalid_api_key', 'the bearer API key is unknown, revoked or malformed', {
        hint: 'send Authorization: Bearer irk_…; irctl keys list shows the keys that exist',
      });
    }
    return {
      actor: key.actor,
      via: 'api-key',
      roles: key.role ? expandRoles([key.role]) : settings.roleBook().rolesOf(key.actor),
      scope: key.scope,
      key: { id: key.keyId, createdBy: key.createdBy },
    };
  }
  const signature = header(request, SIGNATURE_HEADER);
  if (signature !== undefined) {
    if (!settings.hmacSecret) {
      throw new RequestRejectedError(401, 'bad_signature', 'the request is signed but this server has no HMAC secret configured', {
        hint: 'set IRCTL_HMAC_SECRET or server.hmac_secret_file on the server, or send a bearer API key',
      });
    }
    const check = verifySignature(
      settings.hmacSecret,
      { timestamp: header(request, TIMESTAMP_HEADER), signature },
      { method: request.method, path: request.url, body: rawBody },
      settings.replays,
    );
    if (!check.ok) throw new RequestRejectedError(401, check.reason, check.message, { hint: 'docs/alerts-server.md shows how to sign a request' });
    return { actor: 'hmac-signed', via: 'hmac', roles: ['alerter'] };
  }
  if (settings.insecureNoAuthActor) {
    if (!addressedToLoopback(request)) {
      // a page that rebinds its own name to 127.0.0.1 reaches us same-origin, but under its own name
      throw new RequestRejectedError(
        401,
        'missing_auth',
        'without credentials, --insecure-no-auth answers only requests addressed to this host by a loopback name',
        {
          hint: 'use http://127.0.0.1:PORT or http://localhost:PORT, or send a bearer API key',
        },
      );
    }
    const actor = settings.insecureNoAuthActor;
    return { actor, via: 'insecure-no-auth', roles: settings.roleBook().rolesOf(actor) };
  }
  throw new RequestRejectedError(401, 'missing_auth', 'this endpoint needs a bearer API key or an HMAC-signed body', {
    hint: `send Authorization: Bearer irk_… or ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers`,
  });
}
