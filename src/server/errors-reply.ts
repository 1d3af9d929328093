import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AlertRejectedError } from '../alerts/rejection.js';
import { IrctlError, NotFoundError, RefusedError, UsageError, WaitingError } from '../errors.js';
import { RequestRejectedError } from './http-error.js';
import type { ServerMetrics } from './metrics.js';

interface ErrorReply {
  status: number;
  code: string;
  reason: string;
  message: string;
  hint?: string;
}

/** Any error → status, stable code, metrics reason and message. Decided by type, never by message text. */
function classify(error: unknown): ErrorReply {
  if (error instanceof RequestRejectedError) return { status: error.httpStatus, code: error.code, reason: error.reason, message: error.message, hint: error.hint };
  if (error instanceof AlertRejectedError) {
    const reason = error.httpStatus === 400 ? 'malformed_json' : 'unusable_payload';
    return { status: error.httpStatus, code: reason.toUpperCase(), reason, message: error.message, hint: error.hint };
  }
  if (error instanceof NotFoundError) return { status: 404, code: error.code, reason: 'not_found', message: error.message, hint: error.hint };
  if (error instanceof RefusedError) return { status: 403, code: error.code, reason: 'forbidden', message: error.message, hint: error.hint };
  if (error instanceof UsageError) return { status: 400, code: error.code, reason: 'bad_request', message: error.message, hint: error.hint };
  if (error instanceof WaitingError) return { status: 409, code: error.code, reason: 'conflict', message: error.message, hint: error.hint };
  if (error instanceof IrctlError) return { status: 500, code: error.code, reason: 'internal', message: error.message, hint: error.hint };
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return { status: 400, code: 'WRONG_TYPE', reason: 'wrong_type', message: `body ${fastifyError.message}`, hint: 'docs/alerts-server.md shows the accepted shape' };
  }
  if (fastifyError.statusCode === 413) return { status: 413, code: 'PAYLOAD_TOO_LARGE', reason: 'oversize', message: fastifyError.message };
  if (fastifyError.statusCode === 429) {
    return { status: 429, code: 'RATE_LIMITED', reason: 'rate_limited', message: fastifyError.message, hint: 'slow down; the limit is per client address per minute' };
  }
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, code: fastifyError.code ?? 'BAD_REQUEST', reason: 'bad_request', message: fastifyError.message };
  }
  return { status: 500, code: 'INTERNAL', reason: 'internal', message: 'the server hit an unexpected error; it is logged' };
}

/** The metrics label for where a rejected request went: its alert source, or what kind of path. */
function sourceLabel(request: FastifyRequest): string {
  const declared = request.routeOptions.config?.alertSource;
  if (declared) return declared;
  return request.url.startsWith('/v1/alerts/') ? 'unknown' : 'api';
}

/** Reply `{error:{code,message,hint}}` and count the rejection (4xx) in /metrics. */
export function replyWithError(metrics: ServerMetrics, error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const shown = classify(error);
  if (shown.status >= 500) request.log.error({ err: error }, 'request failed');
  else metrics.alertsRejected.inc({ source: sourceLabel(request), reason: shown.reason });
  if (shown.status === 429 && (error as { headers?: Record<string, string> }).headers) reply.headers((error as { headers: Record<string, string> }).headers);
  return reply.code(shown.status).send({ error: { code: shown.code, message: shown.message, ...(shown.hint ? { hint: shown.hint } : {}) } });
}
