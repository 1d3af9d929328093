import type { FastifyReply, FastifyRequest } from 'fastify';
import { expandRoles, type RoleBook } from '../../auth/roles.js';
import type { Db } from '../../store/db.js';
import type { RequestIdentity } from '../auth/identity.js';
import { RequestRejectedError } from '../http-error.js';
import { csrfMatches, findSession, type ConsoleSession } from './sessions.js';

// Cookie names: with TLS the __Host- prefix makes the browser insist on Secure, Path=/ and no Domain.
const SECURE_COOKIE = '__Host-irctl_session';
const PLAIN_COOKIE = 'irctl_session';
export const MAX_FORM_BYTES = 16 * 1024;

/** Whether the browser reached us over TLS: this server's own, or a reverse proxy's (the Origin it sends says https). */
export function overTls(request: FastifyRequest): boolean {
  return request.protocol === 'https' || originOf(request)?.startsWith('https://') === true;
}

function originOf(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  return typeof origin === 'string' ? origin : undefined;
}

function cookies(request: FastifyRequest): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) found.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return found;
}

export function sessionCookie(request: FastifyRequest, token: string, maxAgeSeconds: number): string {
  const secure = overTls(request);
  const maxAge = Math.max(0, Math.floor(maxAgeSeconds));
  return `${secure ? SECURE_COOKIE : PLAIN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export function clearedCookies(): string[] {
  return [`${SECURE_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure`, `${PLAIN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`];
}

export function sessionOf(request: FastifyRequest, db: Db): ConsoleSession | undefined {
  const jar = cookies(request);
  return findSession(db, jar.get(SECURE_COOKIE)) ?? findSession(db, jar.get(PLAIN_COOKIE));
}

/** The session's identity with the same roles a bearer request with its key would carry. */
export function identityOfSession(session: ConsoleSession, roleBook: () => RoleBook): RequestIdentity {
  return {
    actor: session.actor,
    via: 'api-key',
    roles: session.keyRole ? expandRoles([session.keyRole]) : roleBook().rolesOf(session.actor),
    key: { id: session.keyId, createdBy: session.keyCreatedBy },
  };
}

/**
 * Whether the Origin header names this host (the Host header): a page of this server sent the
 * request. Behind a TLS-terminating proxy the scheme differs from ours, so the host decides.
 * A missing, opaque ("null") or malformed Origin names no host.
 */
export function originNamesThisHost(request: FastifyRequest): boolean {
  const origin = originOf(request);
  const host = request.headers.host;
  let originHost: string | undefined;
  try {
    originHost = origin && origin !== 'null' ? new URL(origin).host : undefined;
  } catch {
    originHost = undefined;
  }
  return originHost !== undefined && host !== undefined && originHost === host;
}

/**
 * Every state-changing console request comes from a page of this console: the Origin header
 * names this host (a browser always sends it on POST); the SameSite=Strict cookie already keeps
 * other sites out.
 */
export function checkOrigin(request: FastifyRequest): void {
  if (!originNamesThisHost(request)) {
    throw new RequestRejectedError(
      403,
      'cross_origin',
      `refused: this form was not posted from the console itself (Origin ${originOf(request) ?? 'missing'})`,
      {
        hint: 'open the console at its own address and submit from there',
      },
    );
  }
}

export function checkCsrf(session: ConsoleSession, form: URLSearchParams): void {
  if (!csrfMatches(session, form.get('csrf') ?? undefined)) {
    throw new RequestRejectedError(403, 'csrf', 'refused: the form token is missing or belongs to another session', {
      hint: 'reload the page and submit again',
    });
  }
}

/** A console form body: application/x-www-form-urlencoded, small. */
export function formOf(request: FastifyRequest): URLSearchParams {
  const raw = request.body;
  if (!Buffer.isBuffer(raw) || raw.length > MAX_FORM_BYTES) {
    throw new RequestRejectedError(400, 'bad_form', 'the form is missing or too large');
  }
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new RequestRejectedError(415, 'bad_form', `a console form is application/x-www-form-urlencoded, not ${type || 'unlabelled'}`);
  }
  return new URLSearchParams(raw.toString('utf8'));
}

/** Redirect to the sign-in page (browser navigation) or 401 (the live-update script). */
export function signInFirst(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (request.method === 'GET' && !request.headers['x-irctl-live']) {
    return reply
      .code(303)
      .header('location', `/ui/sign-in?next=${encodeURIComponent(request.url)}`)
      .send();
  }
  return reply.code(401).type('text/plain').send('sign in first');
}
