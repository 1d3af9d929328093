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

/** One plain sentence for the first schema violation: `body.alerts must be array`, `body needs "alerts"`. */
function plainValidationMessage(error: FastifyError): string {
  const first = error.validation?.[0] as { instancePath?: string; keyword?: string; message?: string; params?: Record<string, unknown> } | undefined;
  const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const where = [context, ...(first?.instancePath ?? '').split('/').filter(Boolean)].join('.');
  if (first?.keyword === 'required') return `${where} needs "${String(first.params?.missingProperty)}"`;
  return `${where} ${first?.message ?? 'does not have the accepted shape'}`;
}

/** Any error → status, stable code, metrics reason and message. Decided by type, never by message text. */
function classify(error: unknown, alertSource?: string): ErrorReply {
  if (error instanceof RequestRejectedError)
    return { status: error.httpStatus, code: error.code, reason: error.reason, message: error.message, hint: error.hint };
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
    const plain = plainValidationMessage(fastifyError);
    if (alertSource) {
      // an alert payload of the wrong shape is unusable, like the parsers' own shape refusals
      return {
        status: 422,
        code: 'UNUSABLE_PAYLOAD',
        reason: 'unusable_payload',
        message: `the ${alertSource} payload cannot be used: ${plain}`,
        hint: 'docs/alerts-server.md shows the accepted shape',
      };
    }
    return { status: 400, code: 'WRONG_TYPE', reason: 'wrong_type', message: plain, hint: 'docs/alerts-server.md shows the accepted shape' };
  }
  if (fastifyError.statusCode === 413) return { status: 413, code: 'PAYLOAD_TOO_LARGE', reason: 'oversize', message: fastifyError.message };
  if (fastifyError.statusCode === 429) {
    return {
      status: 429,
      code: 'RATE_LIMITED',
      reason: 'rate_limited',
      message: fastifyError.message,
      hint: 'slow down; the limit is per client address per minute',
    };
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
  const shown = classify(error, request.routeOptions.config?.alertSource);
  if (shown.status >= 500) request.log.error({ err: error }, 'request failed');
  else metrics.alertsRejected.inc({ source: sourceLabel(request), reason: shown.reason });
  if (shown.status === 429) metrics.rateLimited.inc({ limit: error instanceof RequestRejectedError ? error.reason : 'per_address' });
  const headers = (error as { headers?: Record<string, string> }).headers;
  if (shown.status === 429 && headers) reply.headers(headers);
  return reply.code(shown.status).send({ error: { code: shown.code, message: shown.message, ...(shown.hint ? { hint: shown.hint } : {}) } });
}
