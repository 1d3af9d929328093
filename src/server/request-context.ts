import type { RequestIdentity } from './auth/identity.js';

// What the server's hooks attach to a request and what routes declare in their `config`.
declare module 'fastify' {
  interface FastifyRequest {
    identity?: RequestIdentity;
    /** For the request log line: accepted, or why every alert was refused. */
    alertOutcome?: string;
  }
  interface FastifyContextConfig {
    /** No authentication (health checks only). */
    public?: boolean;
    /** How the body is decoded: an alert payload (JSON or JSON lines), or one JSON value. */
    bodyKind?: 'alert' | 'json';
    /** The alert source an alert route serves, for metrics labels. */
    alertSource?: string;
  }
}

export function identityOf(request: { identity?: RequestIdentity }): RequestIdentity {
  if (!request.identity) throw new Error('route reached without authentication: the auth hook did not run');
  return request.identity;
}
